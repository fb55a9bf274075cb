// The sandbox: a real HTTP server on loopback that serves GET /v2/eval-runs as the spec says,
// and misbehaves on demand, so tests, the demo and benchmarks exercise the SDK for real.
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { operations, securitySchemes } from "../../generated/metadata.js";
import type { EvalRunResult } from "../../generated/types.js";
import { responseViolation } from "./conformance.js";
import { corsPolicy, type CorsOption } from "./cors.js";
import { DEFAULT_RUN_COUNT, DEFAULT_SEED, generateEvalRuns } from "./data.js";
import { requestIdFactory } from "./errors.js";
import { Exchange, JSON_CONTENT_TYPE, errorReply, htmlReply, statusFaultAnswer, type Reply } from "./exchange.js";
import { FaultScript, type Fault, type SandboxFaults } from "./faults.js";
import { DEFAULT_OFFSET, parseListQuery } from "./listing.js";
import { readPrefer } from "./prefer.js";
import { Recorder, type RecordedRequest } from "./recorder.js";
import { StoredRuns, VirtualRuns, type RunSource } from "./store.js";

/** A key that is obviously not a real one. */
export const SANDBOX_API_KEY = "sk-sandbox-0000-0000-not-a-real-key";

export interface SandboxOptions {
  /** 0 (the default) picks a free port. */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** The key requests must send in x-api-key; default SANDBOX_API_KEY. */
  apiKey?: string;
  /** How many runs to generate (default 250), or the runs themselves. */
  runs?: number | readonly EvalRunResult[];
  /** Seed of the generated runs. */
  seed?: number;
  /** Pages never hold more runs than this, whatever the limit asks (as real servers cap pages). */
  maxPageSize?: number;
  /** Delay before every answer, in ms. */
  latencyMs?: number;
  /** Probability in [0, 1] of a random fault on each request (default 0). */
  faultRate?: number;
  faultSeed?: number;
  /** The faults random faults are drawn from; default `transientFaults`. */
  faultKinds?: readonly Fault[];
  /** Serve this many runs generated on the fly from their index, storing none (no filters then). */
  virtualRuns?: number;
  /** Recorded requests kept (the most recent ones); default 10,000. */
  maxRecordedRequests?: number;
  /**
   * CORS for browser callers: `true` allows any origin, a list allows those origins. Preflights
   * are answered (GET; the API-key, accept, content-type, prefer and user-agent headers) without
   * faults, latency or a record. Default off: no CORS headers.
   */
  cors?: CorsOption;
  /**
   * Check every body the API part of the sandbox sends against the spec before sending it; a body
   * that breaks it becomes a 500 naming the rule. Faults still send broken bodies on purpose.
   * Default false (it parses every page); this package's own tests turn it on.
   */
  validateResponses?: boolean;
}

export interface SandboxServer {
  /** Base URL, e.g. http://127.0.0.1:43123 (no trailing slash). */
  readonly url: string;
  readonly port: number;
  readonly apiKey: string;
  /** The stored runs in the order they are served (frozen copies). Throws with virtualRuns. */
  readonly runs: readonly EvalRunResult[];
  /** Replaces the runs (a number generates that many with the server's seed). */
  seed(runs: readonly EvalRunResult[] | number): void;
  /** Adds a run at position `at` (0 is served first), by default where its created_at belongs. */
  insert(run: EvalRunResult, at?: number): void;
  /** Changes fields of a run, keeping its position. */
  update(uuid: string, patch: Partial<EvalRunResult>): EvalRunResult;
  /** Removes a run; false when there is none with this uuid. */
  remove(uuid: string): boolean;
  readonly faults: SandboxFaults;
  /** Requests received, oldest first (the API key redacted). */
  readonly requests: readonly RecordedRequest[];
  clearRequests(): void;
  /** Requests received and not yet ended. */
  readonly inFlight: number;
  /** Stops listening and destroys every connection, hung requests included. */
  close(): Promise<void>;
}

const operation = operations.listEvalRuns;
const API_KEY_HEADER = securitySchemes.ApiKeyAuth.name.toLowerCase();

function checkCount(name: string, value: number | undefined, min: number): void {
  if (value !== undefined && !(Number.isInteger(value) && value >= min)) throw new RangeError(`createSandboxServer: ${name} must be an integer >= ${min}, got ${value}`);
}

function makeSource(options: SandboxOptions, seed: number): RunSource {
  if (options.virtualRuns !== undefined) {
    if (options.runs !== undefined) throw new TypeError("createSandboxServer: give either runs or virtualRuns, not both");
    checkCount("virtualRuns", options.virtualRuns, 0);
    return new VirtualRuns(options.virtualRuns, seed);
  }
  const runs = options.runs ?? DEFAULT_RUN_COUNT;
  if (typeof runs === "number") checkCount("runs", runs, 0);
  return new StoredRuns(typeof runs === "number" ? generateEvalRuns(runs, seed) : runs, "createSandboxServer");
}

function hostForUrl(host: string): string {
  if (host === "0.0.0.0") return "127.0.0.1";
  if (host === "::") return "[::1]";
  return host.includes(":") ? `[${host}]` : host;
}

export async function createSandboxServer(options: SandboxOptions = {}): Promise<SandboxServer> {
  const seed = options.seed ?? DEFAULT_SEED;
  const apiKey = options.apiKey ?? SANDBOX_API_KEY;
  const latencyMs = options.latencyMs ?? 0;
  const maxPageSize = options.maxPageSize ?? Infinity;
  checkCount("maxPageSize", options.maxPageSize, 1);
  checkCount("maxRecordedRequests", options.maxRecordedRequests, 1);
  if (!(latencyMs >= 0)) throw new RangeError(`createSandboxServer: latencyMs must be >= 0, got ${latencyMs}`);
  const source = makeSource(options, seed);
  const faults = new FaultScript();
  if (options.faultRate) faults.random({ rate: options.faultRate, seed: options.faultSeed, kinds: options.faultKinds });
  const recorder = new Recorder(options.maxRecordedRequests ?? 10_000, [API_KEY_HEADER, "authorization"]);
  const nextRequestId = requestIdFactory();
  const open = new Set<Exchange>();
  const cors = corsPolicy(options.cors);
  const validateResponses = options.validateResponses ?? false;

  function stored(what: string): StoredRuns {
    if (source instanceof StoredRuns) return source;
    throw new Error(`sandbox: ${what} is not available with virtualRuns; use makeEvalRun(index, seed) to see a run`);
  }

  /** The answer the API gives, before any fault that changes how it is delivered. */
  function route(req: IncomingMessage, record: RecordedRequest, ignoreOffset: boolean): Reply {
    const reply = apiReply(req, record, ignoreOffset);
    const violation = validateResponses ? responseViolation(reply.status, reply.body) : undefined;
    // A sandbox bug, never a scripted fault: the 500 that reports it names the broken rule.
    if (violation) throw new Error(`${violation}; not sent (validateResponses)`);
    return reply;
  }

  function apiReply(req: IncomingMessage, record: RecordedRequest, ignoreOffset: boolean): Reply {
    const id = record.requestId;
    if (record.path !== operation.path) return errorReply({ status: 404, code: "resource.not_found", message: `No route for ${record.path}.`, details: { path: record.path } }, id);
    if (record.method !== operation.method) {
      const answer = { status: 405, message: `Method ${record.method} is not allowed on ${record.path}.`, details: { method: record.method, allowed: [operation.method] } };
      return errorReply({ ...answer, headers: { allow: operation.method } }, id);
    }
    const key = req.headers[API_KEY_HEADER];
    if (key !== apiKey) {
      const message = key === undefined ? `Missing API key: send it in the ${API_KEY_HEADER} header.` : undefined;
      return errorReply({ status: 401, code: "auth.invalid_key", message }, id);
    }
    const queryStart = record.url.indexOf("?");
    const parsed = parseListQuery(new URLSearchParams(queryStart < 0 ? "" : record.url.slice(queryStart + 1)), source.supportsFilters);
    if (!parsed.ok) return errorReply(parsed.error, id);
    const preferred = req.headers.prefer === undefined ? undefined : readPrefer([req.headers.prefer].flat().join(","));
    if (preferred && !preferred.ok) return errorReply(preferred.error, id);
    if (preferred?.answer.kind === "example") return { status: preferred.answer.status, body: Buffer.from(JSON.stringify(preferred.answer.body)), contentType: JSON_CONTENT_TYPE };
    if (preferred && preferred.answer.status !== operation.successStatus) return errorReply({ status: preferred.answer.status }, id);
    const { filters, limit, offset } = parsed.page;
    const body = source.page(filters, ignoreOffset ? DEFAULT_OFFSET : offset, Math.min(limit, maxPageSize));
    return { status: operation.successStatus, body, contentType: JSON_CONTENT_TYPE };
  }

  async function answer(req: IncomingMessage, exchange: Exchange, fault: Fault | undefined): Promise<void> {
    if (latencyMs > 0 && !(await exchange.sleep(latencyMs))) return;
    const id = exchange.record.requestId;
    switch (fault?.kind) {
      case "hang":
        return; // left open until the client gives up or close() ends it
      case "reset":
        if (fault.when === "before-body") return exchange.resetNow();
        return exchange.sendHalfAndDrop(route(req, exchange.record, false));
      case "delay":
        if (!(await exchange.sleep(fault.ms))) return;
        break;
      case "status":
        return exchange.send(errorReply(statusFaultAnswer(fault), id));
      case "html":
        return exchange.send(htmlReply(fault.status ?? 502, fault.headers));
      case "empty-body":
        return exchange.send({ status: fault.status, body: Buffer.alloc(0), contentType: undefined, headers: fault.headers });
      default:
        break;
    }
    const reply = route(req, exchange.record, fault?.kind === "ignore-offset");
    if (fault?.kind === "truncated-json") return exchange.send({ ...reply, body: reply.body.subarray(0, Math.floor(reply.body.length / 2)) });
    if (fault?.kind === "wrong-content-type") return exchange.send({ ...reply, contentType: fault.contentType ?? "text/plain; charset=utf-8" });
    exchange.send(reply);
  }

  function handle(req: IncomingMessage, res: ServerResponse): void {
    req.resume(); // a GET has no body to read, but a stray one must not stall the connection
    const origin = req.headers.origin;
    if (cors?.isPreflight(req.method, origin, req.headers["access-control-request-method"])) {
      // The browser's question, not the caller's request: no fault, latency or record applies.
      res.writeHead(204, cors.preflightHeaders(origin)).end();
      return;
    }
    const { record, rawHeaders } = recorder.start(req.method ?? "GET", req.url ?? "/", req.headers, nextRequestId());
    const exchange = new Exchange(req, res, record, (ended) => open.delete(ended), cors?.responseHeaders(origin));
    open.add(exchange);
    const failed = (error: unknown): void => {
      // A sandbox bug or a throwing fault predicate: a 500 the test can see, never a crashed process.
      if (res.headersSent) return exchange.closeByServer();
      exchange.send(errorReply({ status: 500, message: `sandbox error: ${error instanceof Error ? error.message : String(error)}` }, record.requestId));
    };
    let fault: Fault | undefined;
    try {
      // A request that says what it wants (Prefer) gets that, and no scripted or random fault.
      if (req.headers.prefer === undefined) fault = faults.pick({ index: record.index, attempt: record.attempt, method: record.method, path: record.path, url: record.url, query: record.query, headers: rawHeaders });
    } catch (error) {
      return failed(error);
    }
    record.fault = fault;
    answer(req, exchange, fault).catch(failed);
  }

  const server = createServer({ noDelay: true }, handle);
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, options.host ?? "127.0.0.1", () => {
      server.off("error", reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  let closing: Promise<void> | undefined;

  return {
    url: `http://${hostForUrl(options.host ?? "127.0.0.1")}:${address.port}`,
    port: address.port,
    apiKey,
    get runs() {
      return stored("runs").runs;
    },
    seed: (runs) => stored("seed").seed(typeof runs === "number" ? generateEvalRuns(runs, seed) : runs),
    insert: (run, at) => stored("insert").insert(run, at),
    update: (uuid, patch) => stored("update").update(uuid, patch),
    remove: (uuid) => stored("remove").remove(uuid),
    faults,
    get requests() {
      return recorder.requests;
    },
    clearRequests: () => recorder.clear(),
    get inFlight() {
      return open.size;
    },
    close() {
      closing ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const exchange of [...open]) exchange.closeByServer();
        server.closeAllConnections();
      });
      return closing;
    },
  };
}

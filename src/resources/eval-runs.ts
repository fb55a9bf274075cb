// `client.evals.runs`: the typed wrapper over GET /v2/eval-runs. Data or a typed exception.
import type { Client } from "openapi-fetch";
import { operations } from "../../generated/metadata.js";
import type { EvalRunResult, ListEvalRunsQuery, paths } from "../../generated/types.js";
import { AymaraAIError, RequestValidationError } from "../errors.js";
import type { LevelledLogger } from "../logger.js";
import type { Attempt, Transport } from "../transport.js";
import { errorFromResponse, parseOffsetPage, type OffsetPageBody } from "../transport-response.js";
import { paginate, type ListOptions, type PagePromise } from "../pagination/index.js";
import { isAbortSignalLike, type AbortSignalLike } from "../signal.js";
import { compileQueryValidator, isValidMaxRetries, isValidTimeout, maxRetriesRule, timeoutRule } from "../validate.js";

/** Per-request options; each overrides the client's setting for this call only. */
export interface RequestOptions {
  /** Aborts the request (and any retry wait) with `APIUserAbortError`. Any AbortSignal look-alike works (polyfills, other realms). */
  signal?: AbortSignalLike;
  /** Per-attempt timeout in milliseconds. */
  timeout?: number;
  /** Retries after the first attempt. */
  maxRetries?: number;
  /** Extra headers for this request. */
  headers?: Record<string, string>;
}

/** One page of eval runs as the API returns it. */
export type EvalRunsPageBody = OffsetPageBody<EvalRunResult>;

const listEvalRuns = operations.listEvalRuns;
const validateListQuery = compileQueryValidator(listEvalRuns.queryParams);

export class EvalRuns {
  readonly #api: Client<paths>;
  readonly #transport: Transport;
  /** @internal The client's level-filtered logger, for the pagination engine. */
  readonly logger: LevelledLogger;

  /** @internal Built by `AymaraAI`. */
  constructor(api: Client<paths>, transport: Transport, logger: LevelledLogger) {
    this.#api = api;
    this.#transport = transport;
    this.logger = logger;
  }

  /**
   * Lists eval runs, optionally filtered by eval and workspace. Await it for the first page
   * (`OffsetPage`), or iterate it with `for await` for every run of every page, each once, in
   * order; `options.concurrency` (default 1) fetches that many pages at once after the first.
   */
  list(query: ListEvalRunsQuery = {}, options: ListOptions<RequestOptions> = {}): PagePromise<EvalRunResult, ListEvalRunsQuery> {
    return paginate(
      {
        fetchPage: (q, o) => this.fetchPage(q, o),
        defaultLimit: listEvalRuns.queryParams.limit.default,
        itemKey: (run) => run.eval_run_uuid,
        logger: this.logger,
      },
      query,
      options,
    );
  }

  /**
   * Fetches exactly one page. Throws `RequestValidationError` before sending anything when
   * `query` breaks the spec's constraints, `APIError` subclasses for non-2xx statuses,
   * `ResponseValidationError` for a 2xx that is not a page, and connection/timeout/abort errors.
   */
  async fetchPage(query: ListEvalRunsQuery, options?: RequestOptions): Promise<EvalRunsPageBody> {
    validateListQuery(query);
    if (options) validateRequestOptions(options);
    const attempt = new ListAttempt(this.#api, this.#transport.rawFetch, query, options?.headers);
    const { data, error, response } = await this.#transport.send(attempt, options?.signal, options?.timeout, options?.maxRetries);
    if (!response.ok) throw errorFromResponse(response, error);
    return parseOffsetPage<EvalRunResult>(response, data);
  }
}

/**
 * One attempt of GET /v2/eval-runs through the typed client. openapi-fetch reads the body inside
 * `run`, so the attempt's timeout covers it; the plain fetch (not the client's buffering one)
 * avoids copying the body, and `parseAs: "text"` + one JSON.parse gives non-JSON bodies an excerpt.
 */
class ListAttempt implements Attempt<Awaited<ReturnType<ListAttempt["sendOnce"]>>> {
  request: Request | undefined;
  readonly #api: Client<paths>;
  readonly #fetch: typeof globalThis.fetch;
  readonly #query: ListEvalRunsQuery;
  readonly #headers: Record<string, string> | undefined;
  #signal: AbortSignal | undefined;

  constructor(api: Client<paths>, fetchImpl: typeof globalThis.fetch, query: ListEvalRunsQuery, headers: Record<string, string> | undefined) {
    this.#api = api;
    this.#fetch = fetchImpl;
    this.#query = query;
    this.#headers = headers;
  }

  async run(signal: AbortSignal) {
    this.request = undefined;
    this.#signal = signal;
    try {
      return await this.sendOnce();
    } catch (error) {
      if (this.request) throw error; // sent: a connection-level failure, for the transport to classify
      throw new AymaraAIError(`The request could not be built: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
    }
  }

  sendOnce() {
    return this.#api.GET(listEvalRuns.path, {
      params: { query: this.#query },
      parseAs: "text",
      headers: this.#headers,
      fetch: this.#send,
    });
  }

  // The signal goes to fetch, not to openapi-fetch's Request: one signal link per attempt, not two.
  readonly #send = (request: Request): Promise<Response> => {
    this.request = request;
    const fetchImpl = this.#fetch;
    return fetchImpl(request, { signal: this.#signal });
  };
}

function validateRequestOptions(options: RequestOptions): void {
  if (options.timeout !== undefined && !isValidTimeout(options.timeout)) {
    throw new RequestValidationError("options.timeout", options.timeout, timeoutRule);
  }
  if (options.maxRetries !== undefined && !isValidMaxRetries(options.maxRetries)) {
    throw new RequestValidationError("options.maxRetries", options.maxRetries, maxRetriesRule);
  }
  if (options.signal !== undefined && !isAbortSignalLike(options.signal)) {
    throw new RequestValidationError("options.signal", options.signal, "an AbortSignal (an object with a boolean `aborted` and an `addEventListener` method)");
  }
}

// Attempts, retries and per-attempt timeouts, shared by the typed resource methods and by the
// `fetch` handed to openapi-fetch's createClient (so raw `client.api` calls behave the same).
// Never throws on HTTP status; throws only SDK errors for attempts that got no complete response.
import { APIConnectionError, APIConnectionTimeoutError, APIUserAbortError, AymaraAIError } from "./errors.js";
import { redactHeaders, type LevelledLogger } from "./logger.js";
import { retryDelayMs, shouldRetryResponse, sleep } from "./retry.js";
import type { AbortSignalLike } from "./signal.js";
import { attemptAbort, type AttemptAbort } from "./attempt-signal.js";

/** The shape openapi-fetch calls: one Request in, one Response out. */
export type TransportFetch = (request: Request) => Promise<Response>;

/** What log lines and errors tell of a request that was sent. */
export type SentRequest = Pick<Request, "method" | "url" | "headers">;

/** One complete attempt (response and body), run under the attempt's abort signal. */
export interface Attempt<T extends { response: Response }> {
  run(signal: AbortSignal): Promise<T>;
  /** The request the latest run sent; undefined while it was not sent (an error then means it could not be built). */
  readonly request: SentRequest | undefined;
}

export interface TransportConfig {
  fetch: typeof globalThis.fetch;
  /** The client's `fetchOptions` (headers aside): merged into every fetch, under the attempt's signal. */
  fetchInit: RequestInit | undefined;
  /** Per-attempt timeout in milliseconds. */
  timeout: number;
  /** Retries after the first attempt. */
  maxRetries: number;
  logger: LevelledLogger;
}

export class Transport {
  /** What attempts that call fetch themselves need: the caller's fetch (called unbound: browsers reject a foreign `this`) and fetchInit. */
  readonly config: TransportConfig;
  readonly #debug: boolean;
  /** For createClient: every attempt buffers the body, so the timeout covers it and a reset mid-body is retried. */
  readonly fetch: TransportFetch;

  constructor(config: TransportConfig) {
    this.config = config;
    this.#debug = config.logger.enabled("debug");
    this.fetch = async (request) => (await this.send(new BufferedAttempt(config.fetch, config.fetchInit, request), request.signal)).response;
  }

  /**
   * Runs `attempt` up to `maxRetries + 1` times: connection errors, timeouts and retryable statuses
   * (or `x-should-retry: true`) are retried after a delay; the caller's signal ends it at once.
   */
  async send<T extends { response: Response }>(attempt: Attempt<T>, caller: AbortSignalLike | undefined, timeout = this.config.timeout, maxRetries = this.config.maxRetries): Promise<T> {
    const { logger } = this.config;
    for (let number = 1; ; number++) {
      if (caller?.aborted) throw new APIUserAbortError(undefined, { cause: caller.reason });
      const started = this.#debug ? performance.now() : 0;
      // Inline rather than a helper: one async hop less on every request.
      let outcome: T | AymaraAIError;
      const guard = new AttemptGuard(attemptAbort(this.config.fetch), caller, timeout);
      try {
        outcome = await attempt.run(guard.signal);
      } catch (error) {
        outcome = classifyFailure(error, attempt, caller, guard, timeout);
      } finally {
        guard.dispose();
      }
      if (this.#debug) logAttempt(logger, attempt.request, outcome, number, maxRetries, performance.now() - started);
      if (outcome instanceof APIUserAbortError) throw outcome;

      const response = outcome instanceof Error ? undefined : outcome.response;
      const retryable = response ? !response.ok && shouldRetryResponse(response.status, response.headers) : true;
      if (!retryable || number > maxRetries) {
        if (outcome instanceof Error) throw outcome;
        return outcome;
      }
      const delay = retryDelayMs(number - 1, response?.headers);
      if (logger.enabled("info")) {
        const reason = outcome instanceof Error ? outcome.name : `status ${outcome.response.status}`;
        logger.info(`Retrying ${describeRequest(attempt.request)} after ${reason} in ${Math.round(delay)} ms (attempt ${number + 1} of ${maxRetries + 1}).`);
      }
      await sleep(delay, caller);
    }
  }
}

/** What a failed attempt means: thrown at once (SDK errors, a request that could not be built), or an outcome to judge. */
function classifyFailure(error: unknown, attempt: Attempt<{ response: Response }>, caller: AbortSignalLike | undefined, guard: AttemptGuard, timeout: number): AymaraAIError {
  if (error instanceof AymaraAIError) throw error;
  if (attempt.request === undefined) {
    throw new AymaraAIError(`The request could not be built: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
  if (caller?.aborted) return new APIUserAbortError(undefined, { cause: caller.reason });
  if (guard.timedOut) return new APIConnectionTimeoutError(`Request timed out after ${timeout} ms.`, { cause: error });
  return new APIConnectionError(`Connection error: ${describeCause(error)}.`, { cause: error });
}

/** The raw-client attempt: sends the Request openapi-fetch built and buffers the whole body. */
class BufferedAttempt implements Attempt<{ response: Response }> {
  readonly #fetch: typeof globalThis.fetch;
  readonly #init: RequestInit | undefined;
  readonly request: Request;
  constructor(fetchImpl: typeof globalThis.fetch, init: RequestInit | undefined, request: Request) {
    this.#fetch = fetchImpl;
    this.#init = init;
    this.request = request;
  }
  async run(signal: AbortSignal): Promise<{ response: Response }> {
    const fetchImpl = this.#fetch;
    // A body-less request (every GET) can be sent again as is; others need a fresh copy.
    const input = this.request.body === null ? this.request : this.request.clone();
    const response = await fetchImpl(input, this.#init ? { ...this.#init, signal } : { signal });
    const body = nullBodyStatuses.has(response.status) ? null : await response.arrayBuffer();
    return { response: new Response(body, { status: response.status, statusText: response.statusText, headers: response.headers }) };
  }
}

const nullBodyStatuses: ReadonlySet<number> = new Set([101, 103, 204, 205, 304]);

/**
 * One attempt's abort signal: fires when the caller's signal aborts or the timeout elapses. The
 * caller's signal may be any AbortSignal look-alike, so it gets a plain function listener (not
 * every polyfill calls `handleEvent`), made only when there is a caller's signal.
 */
class AttemptGuard {
  readonly #controller: AttemptAbort;
  readonly #caller: AbortSignalLike | undefined;
  readonly #onAbort: (() => void) | undefined;
  readonly #timer: ReturnType<typeof setTimeout>;
  timedOut = false;

  constructor(controller: AttemptAbort, caller: AbortSignalLike | undefined, timeout: number) {
    this.#controller = controller;
    this.#caller = caller;
    if (caller) {
      this.#onAbort = () => this.#controller.abort(caller.reason);
      caller.addEventListener("abort", this.#onAbort);
    }
    this.#timer = setTimeout(expire, timeout, this);
  }
  get signal(): AbortSignal {
    return this.#controller.signal;
  }
  expire(): void {
    this.timedOut = true;
    this.#controller.abort();
  }
  dispose(): void {
    clearTimeout(this.#timer);
    if (this.#onAbort) this.#caller?.removeEventListener?.("abort", this.#onAbort);
  }
}
const expire = (guard: AttemptGuard): void => guard.expire();

/** "fetch failed (connect ECONNREFUSED 127.0.0.1:9)": undici hides the useful part in `cause`. */
function describeCause(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const inner = error.cause instanceof Error ? ` (${error.cause.message})` : "";
  return `${error.message}${inner}`;
}

const describeRequest = (request: SentRequest | undefined): string => (request ? `${request.method} ${request.url}` : "request");

function logAttempt(logger: LevelledLogger, request: SentRequest | undefined, outcome: { response: Response } | AymaraAIError, number: number, maxRetries: number, ms: number): void {
  const result = outcome instanceof Error ? `${outcome.name}: ${outcome.message}` : String(outcome.response.status);
  const requestId = outcome instanceof Error ? null : outcome.response.headers.get("x-request-id");
  const idNote = requestId ? `, request_id ${requestId}` : "";
  logger.debug(`${describeRequest(request)} -> ${result} (attempt ${number} of ${maxRetries + 1}, ${Math.round(ms)} ms${idNote})`, {
    requestHeaders: request ? redactHeaders(request.headers) : {},
  });
}

// Attempts, retries and per-attempt timeouts, shared by the typed resource methods and by the
// `fetch` handed to openapi-fetch's createClient (so raw `client.api` calls behave the same).
// Never throws on HTTP status; throws only SDK errors for attempts that got no complete response.
import { abortedBy, APIConnectionError, APIConnectionTimeoutError, APIUserAbortError, AymaraAIError } from "./errors.js";
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
    this.fetch = async (request) => (await this.send(bufferedAttempt(config, request), request.signal)).response;
  }

  /**
   * Runs `attempt` up to `maxRetries + 1` times: connection errors, timeouts and retryable statuses
   * (or `x-should-retry: true`) are retried after a delay; the caller's signal ends it at once.
   */
  async send<T extends { response: Response }>(attempt: Attempt<T>, caller: AbortSignalLike | undefined, timeout = this.config.timeout, maxRetries = this.config.maxRetries): Promise<T> {
    const { logger, fetch } = this.config;
    for (let number = 1; ; number++) {
      if (caller?.aborted) throw abortedBy(caller);
      const started = this.#debug ? performance.now() : 0;
      // The attempt's signal aborts when the timeout elapses or the caller's signal aborts. The caller's may be
      // any look-alike, so it gets a plain function listener (not every polyfill calls `handleEvent`).
      const abort = attemptAbort(fetch);
      const onAbort = caller && (() => abort.abort(caller.reason));
      if (onAbort) caller.addEventListener("abort", onAbort);
      const timer = setTimeout(expire, timeout, abort);
      // Inline rather than a helper: one async hop less on every request.
      let outcome: T | AymaraAIError;
      try {
        outcome = await attempt.run(abort.signal);
      } catch (error) {
        outcome = classifyFailure(error, attempt, caller, abort.signal, timeout);
      } finally {
        clearTimeout(timer);
        if (onAbort) caller.removeEventListener?.("abort", onAbort);
      }
      if (this.#debug) logAttempt(logger, attempt.request, outcome, number, maxRetries, performance.now() - started);
      if (outcome instanceof APIUserAbortError) throw outcome;

      const response = outcome instanceof Error ? undefined : outcome.response;
      if ((response && (response.ok || !shouldRetryResponse(response.status, response.headers))) || number > maxRetries) {
        if (outcome instanceof Error) throw outcome;
        return outcome;
      }
      const delay = retryDelayMs(number - 1, response?.headers);
      if (logger.enabled("info")) {
        const reason = response ? `status ${response.status}` : (outcome as Error).name;
        logger.info(`Retrying ${describeRequest(attempt.request)} after ${reason} in ${Math.round(delay)} ms (attempt ${number + 1} of ${maxRetries + 1}).`);
      }
      await sleep(delay, caller);
    }
  }
}

const expire = (abort: AttemptAbort): void => abort.abort();

/**
 * What a failed attempt means: thrown at once (SDK errors, a request that could not be built), or an outcome to
 * judge. Only the caller's signal and the timeout abort an attempt, so an aborted attempt the caller did not
 * abort timed out.
 */
function classifyFailure(error: unknown, attempt: Attempt<{ response: Response }>, caller: AbortSignalLike | undefined, signal: AbortSignal, timeout: number): AymaraAIError {
  if (error instanceof AymaraAIError) throw error;
  if (!attempt.request) throw new AymaraAIError(`The request could not be built: ${describeCause(error)}`, { cause: error });
  if (caller?.aborted) return abortedBy(caller);
  if (signal.aborted) return new APIConnectionTimeoutError(`Request timed out after ${timeout} ms.`, { cause: error });
  return new APIConnectionError(`Connection error: ${describeCause(error)}.`, { cause: error });
}

/** The raw-client attempt: sends the Request openapi-fetch built and buffers the whole body. */
function bufferedAttempt({ fetch: fetchImpl, fetchInit }: TransportConfig, request: Request): Attempt<{ response: Response }> {
  return {
    request,
    async run(signal) {
      // A body-less request (every GET) can be sent again as is; others need a fresh copy.
      const response = await fetchImpl(request.body === null ? request : request.clone(), { ...fetchInit, signal });
      const { status, statusText, headers } = response;
      const body = nullBodyStatuses.includes(status) ? null : await response.arrayBuffer();
      return { response: new Response(body, { status, statusText, headers }) };
    },
  };
}

const nullBodyStatuses = [101, 103, 204, 205, 304];

/** "fetch failed (connect ECONNREFUSED 127.0.0.1:9)": undici hides the useful part in `cause`. */
function describeCause(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  return error.cause instanceof Error ? `${error.message} (${error.cause.message})` : error.message;
}

const describeRequest = (request: SentRequest | undefined): string => (request ? `${request.method} ${request.url}` : "request");

function logAttempt(logger: LevelledLogger, request: SentRequest | undefined, outcome: { response: Response } | AymaraAIError, number: number, maxRetries: number, ms: number): void {
  const requestId = outcome instanceof Error ? null : outcome.response.headers.get("x-request-id");
  const result = outcome instanceof Error ? `${outcome.name}: ${outcome.message}` : outcome.response.status;
  logger.debug(`${describeRequest(request)} -> ${result} (attempt ${number} of ${maxRetries + 1}, ${Math.round(ms)} ms${requestId ? `, request_id ${requestId}` : ""})`, {
    requestHeaders: request ? redactHeaders(request.headers) : {},
  });
}

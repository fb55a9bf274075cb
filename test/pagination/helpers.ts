// Fixtures for the pagination tests: listing through the real client (wired exactly as
// `client.evals.runs.list()` is), a plain-fetch page fetcher, and a logger that remembers.
import { operations } from "../../generated/metadata.js";
import type { EvalRunResult, ListEvalRunsQuery } from "../../generated/types.js";
import { paginate, type BaseRequestOptions, type ListOptions, type PageData, type PageFetcher, type PagePromise, type PaginationLogger } from "../../src/pagination/index.js";
import { AymaraAI, type ClientOptions, type Logger, type RequestOptions } from "../../src/index.js";
import type { SandboxServer } from "../../src/testing/index.js";

/** A client `Logger` that remembers its warnings (and drops the rest). */
export interface WarnLogger extends Logger {
  readonly warnings: string[];
}

export function warnLogger(): WarnLogger {
  const warnings: string[] = [];
  const ignore = (): void => {};
  return { warnings, warn: (message) => void warnings.push(message), error: ignore, info: ignore, debug: ignore };
}

const defaultLimit = operations.listEvalRuns.queryParams.limit.default;
const runKey = (run: EvalRunResult): string => run.eval_run_uuid;

/** A real client on `sandbox`, quiet unless told otherwise. */
export function sandboxClient(sandbox: SandboxServer, options: ClientOptions = {}): AymaraAI {
  return new AymaraAI({ apiKey: sandbox.apiKey, baseURL: sandbox.url, logLevel: "off", ...options });
}

/** The real client's one-page fetch: what `client.evals.runs.list()` hands the pager. */
export function clientFetcher(client: AymaraAI): PageFetcher<ListEvalRunsQuery, EvalRunResult, RequestOptions> {
  const runs = client.evals.runs;
  return (query, options) => runs.fetchPage(query, options);
}

/** `client.evals.runs.list(query, options)`, wired the way the resource wires it (its logger included). */
export function listRuns(
  client: AymaraAI,
  query: ListEvalRunsQuery = {},
  options: ListOptions<RequestOptions> = {},
): PagePromise<EvalRunResult, ListEvalRunsQuery> {
  return client.evals.runs.list(query, options);
}

export interface PlainFetcherOptions {
  /** Attempts per page (retried at once on 429, 5xx, connection errors and timeouts). */
  attempts?: number;
  /** Per-attempt timeout in ms. */
  attemptTimeoutMs?: number;
  /** Changes each page before the pager sees it (to play a misbehaving server). */
  transform?: (page: PageData<EvalRunResult>, query: ListEvalRunsQuery) => PageData<EvalRunResult>;
}

/** A page fetcher that calls the sandbox with plain `fetch` and retries with no delay. */
export function plainFetcher(sandbox: SandboxServer, options: PlainFetcherOptions = {}): PageFetcher<ListEvalRunsQuery, EvalRunResult, BaseRequestOptions> {
  const { attempts = 8, attemptTimeoutMs = 5_000, transform = (page) => page } = options;
  return async (query, { signal }) => {
    const url = new URL(operations.listEvalRuns.path, sandbox.url);
    for (const [name, value] of Object.entries(query)) if (value !== undefined) url.searchParams.set(name, String(value));
    for (let attempt = 1; ; attempt++) {
      const timeout = AbortSignal.timeout(attemptTimeoutMs);
      // These tests hand the pager only native signals (a look-alike would need linking by hand).
      const outcome = await attemptFetch(url, sandbox.apiKey, signal ? AbortSignal.any([signal as AbortSignal, timeout]) : timeout);
      if ("items" in outcome) return transform(outcome, query);
      if (signal?.aborted || !outcome.retryable || attempt >= attempts) throw outcome.error;
    }
  };
}

async function attemptFetch(url: URL, apiKey: string, signal: AbortSignal): Promise<PageData<EvalRunResult> | { error: Error; retryable: boolean }> {
  try {
    const response = await fetch(url, { headers: { "x-api-key": apiKey }, signal });
    const text = await response.text();
    if (response.ok) return JSON.parse(text) as PageData<EvalRunResult>;
    const retryable = response.status === 429 || response.status >= 500;
    return { error: new Error(`HTTP ${response.status}: ${text}`), retryable };
  } catch (error) {
    return { error: error instanceof Error ? error : new Error(String(error)), retryable: true };
  }
}

/** Lists eval runs through any page fetcher. */
export function listWith<RO extends BaseRequestOptions>(
  fetchPage: PageFetcher<ListEvalRunsQuery, EvalRunResult, RO>,
  query: ListEvalRunsQuery,
  options: ListOptions<RO>,
  logger: PaginationLogger = warnLogger(),
): PagePromise<EvalRunResult, ListEvalRunsQuery> {
  return paginate({ fetchPage, defaultLimit, itemKey: runKey, logger }, query, options);
}

/** Wraps a fetcher to record how many of its calls run at once. */
export function concurrencyProbe<RO extends BaseRequestOptions>(
  fetchPage: PageFetcher<ListEvalRunsQuery, EvalRunResult, RO>,
): { fetchPage: PageFetcher<ListEvalRunsQuery, EvalRunResult, RO>; readonly peak: number; readonly active: number; readonly calls: number } {
  let active = 0;
  let peak = 0;
  let calls = 0;
  return {
    fetchPage: async (query, options) => {
      active += 1;
      calls += 1;
      peak = Math.max(peak, active);
      try {
        return await fetchPage(query, options);
      } finally {
        active -= 1;
      }
    },
    get peak() {
      return peak;
    },
    get active() {
      return active;
    },
    get calls() {
      return calls;
    },
  };
}

export const uuids = (runs: readonly EvalRunResult[]): string[] => runs.map(runKey);

/** Every uuid `iterable` yields, in order. */
export async function collectUuids(iterable: AsyncIterable<EvalRunResult>): Promise<string[]> {
  const seen: string[] = [];
  for await (const run of iterable) seen.push(run.eval_run_uuid);
  return seen;
}

/** The offsets of the list requests the sandbox answered 200, in arrival order. */
export function okOffsets(sandbox: SandboxServer): number[] {
  return sandbox.requests.filter((r) => r.status === 200).map((r) => Number(r.query.offset ?? 0));
}

export { rejectionOf } from "../client/helpers.js";

// Code a downstream app wrote against aymara-eval-runs 0.1.0, using every export of the "." entry.
// It must keep compiling (and scenario.ts keeps running it) against every later non-major release.
import AymaraAIDefault, {
  AymaraAI,
  AymaraAIError,
  APIError,
  BadRequestError,
  AuthenticationError,
  PermissionDeniedError,
  NotFoundError,
  ConflictError,
  UnprocessableEntityError,
  RateLimitError,
  InternalServerError,
  ServiceUnavailableError,
  APIConnectionError,
  APIConnectionTimeoutError,
  APIUserAbortError,
  RequestValidationError,
  ResponseValidationError,
  PaginationError,
  OffsetPage,
  PagePromise,
  isAymaraAIError,
  VERSION,
  type AbortSignalLike,
  type BaseRequestOptions,
  type ClientOptions,
  type ErrorEnvelope,
  type EvalRuns,
  type EvalRunsPageBody,
  type ExtraQuery,
  type ListOptions,
  type Logger,
  type LogLevel,
  type OffsetPageBody,
  type OffsetQuery,
  type PageData,
  type PageWithResponse,
  type RequestOptions,
  // The spec's names, also exported by "./types" (types-entry.ts uses them in depth).
  type components,
  type operations,
  type paths,
  type ContentType,
  type ErrorCode,
  type ErrorDetail,
  type ErrorResponse,
  type EvalConfiguration,
  type EvalRunResult,
  type EvalRunResultPage,
  type EvalRunStatus,
  type FileReference,
  type ListEvalRunsQuery,
  type ListEvalRunsResponse,
  type NextPrompt,
  type PromptExample,
  type PromptExampleType,
  type ScoredResponse,
} from "aymara-eval-runs";
import type * as TypesEntry from "aymara-eval-runs/types";
import { assertNever, notAny, sameType } from "./check.js";

export const sdkVersion: string = VERSION;

/** A logger that keeps lines in memory: `Logger` must stay implementable by a plain object. */
export function memoryLogger(lines: string[]): Logger {
  const push = (level: string) => (message: string, ...args: unknown[]) => void lines.push(`${level} ${message} ${args.length}`);
  return { error: push("error"), warn: push("warn"), info: push("info"), debug: push("debug") };
}

/** Every option of 0.1.0, set: none may disappear or change type. */
export function clientFor(baseURL: string, apiKey: string, logLines: string[], level: LogLevel = "warn"): AymaraAI {
  const options: ClientOptions = {
    apiKey,
    baseURL,
    maxRetries: 2,
    timeout: 10_000,
    fetch: globalThis.fetch,
    defaultHeaders: { "x-consumer": "corpus" },
    logLevel: level,
    logger: memoryLogger(logLines),
    allowInsecureHttp: false,
  };
  const client = new AymaraAI(options);
  const maxRetries: number = client.maxRetries;
  const timeout: number = client.timeout;
  const base: string = client.baseURL;
  const json: Record<string, unknown> = client.toJSON();
  void [maxRetries, timeout, base, json];
  return client;
}

/** The default export is the same class. */
export const DefaultClient: typeof AymaraAI = AymaraAIDefault;

export function logLevelRank(level: LogLevel): number {
  switch (level) {
    case "off":
      return 0;
    case "error":
      return 1;
    case "warn":
      return 2;
    case "info":
      return 3;
    case "debug":
      return 4;
    default:
      return assertNever(level, "log level");
  }
}

/** Per-request options and list options, as a caller builds them. */
export function listOptions(signal: AbortSignal, concurrency: number): ListOptions<RequestOptions> {
  const request: RequestOptions = { signal, timeout: 5_000, maxRetries: 1, headers: { "x-trace": "corpus" } };
  const base: BaseRequestOptions = { signal: request.signal };
  void base;
  return { ...request, concurrency };
}

// Exports added after 0.1.0 (each export needs a use here; see ../README.md).

/** A signal look-alike, as a polyfill or another realm provides one, accepted by every request. */
export function signalLike(): { signal: AbortSignalLike; abort: () => void } {
  const listeners: (() => void)[] = [];
  const signal: AbortSignalLike = {
    aborted: false,
    reason: undefined,
    addEventListener: (_type, listener) => void listeners.push(listener),
    removeEventListener: (_type, listener) => void listeners.splice(listeners.indexOf(listener), 1),
  };
  const abort = () => {
    (signal as { aborted: boolean }).aborted = true;
    for (const listener of [...listeners]) listener();
  };
  return { signal, abort };
}

/**
 * A parameter the API accepts before the spec lists it, sent through `extraQuery`; the first page
 * with its response metadata (`withResponse()`), as a caller quoting request ids to support does.
 */
export async function firstPageWithMetadata(runs: EvalRuns, extraQuery: ExtraQuery): Promise<{ requestId: string | undefined; status: number; items: number }> {
  const answered: PageWithResponse<EvalRunResult, ListEvalRunsQuery> = await runs.list({ limit: 3 }, { extraQuery }).withResponse();
  const page: OffsetPage<EvalRunResult, ListEvalRunsQuery> = answered.data;
  if (answered.requestId !== page.requestId) throw new Error("withResponse() and its page disagree on the request id");
  return { requestId: answered.requestId, status: answered.response.status, items: page.items.length };
}

/** `client.evals.runs` is an `EvalRuns`: fetchPage returns the raw page body. */
export async function firstPageBody(runs: EvalRuns, query: ListEvalRunsQuery): Promise<EvalRunsPageBody> {
  const body: EvalRunsPageBody = await runs.fetchPage(query, { timeout: 5_000 });
  const generic: OffsetPageBody<EvalRunResult> = body;
  const data: PageData<EvalRunResult> = generic;
  const page: EvalRunResultPage = data;
  const response: ListEvalRunsResponse = page;
  return response;
}

/** The pagination surface: the promise, its page, the page's fields and navigation. */
export async function walkPages(listing: PagePromise<EvalRunResult, ListEvalRunsQuery>): Promise<{ offsets: number[]; uuids: string[]; afterLast: string }> {
  const first: OffsetPage<EvalRunResult, ListEvalRunsQuery> = await listing;
  const offsets: number[] = [];
  const uuids: string[] = [];
  let page = first;
  for (;;) {
    const { items, count, offset, limit } = page;
    offsets.push(offset);
    uuids.push(...items.map((run) => run.eval_run_uuid));
    if (!page.hasNextPage()) break;
    const next: ListEvalRunsQuery | null = page.nextPageQuery();
    if (next === null || next.offset !== offset + items.length || next.limit !== limit || count < 0) throw new Error("nextPageQuery broke its contract");
    page = await page.getNextPage();
  }
  let afterLast = "";
  try {
    await page.getNextPage();
  } catch (error) {
    if (!(error instanceof PaginationError)) throw error;
    afterLast = error.name;
  }
  return { offsets, uuids, afterLast };
}

/** Everything the page and the promise offer to iterate. */
export async function iterateAll(listing: PagePromise<EvalRunResult, ListEvalRunsQuery>, maxItems: number): Promise<{ items: number; pages: number; capped: number }> {
  let items = 0;
  for await (const run of listing) items += run.eval_run_uuid.length > 0 ? 1 : 0;
  let pages = 0;
  for await (const page of listing.iterPages()) pages += page.items.length > 0 ? 1 : 0;
  const capped: EvalRunResult[] = await listing.toArray({ maxItems });
  const first = await listing;
  const fromPage: EvalRunResult[] = await first.toArray({ maxItems });
  if (fromPage.length !== capped.length) throw new Error("toArray on the page and on the promise disagree");
  for await (const page of first.iterPages()) void page.offset;
  return { items, pages, capped: capped.length };
}

/** A generic helper a consumer writes over any offset query. */
export function secondPageQuery<Q extends OffsetQuery>(query: Q, pageSize: number): Q {
  return { ...query, limit: pageSize, offset: pageSize };
}

/** How the app reports every error class of 0.1.0 (instanceof, most specific first). */
export function describeError(error: unknown): string {
  if (!isAymaraAIError(error)) return `not an SDK error: ${String(error)}`;
  const root: AymaraAIError = error;
  if (root instanceof APIError) {
    const status: number = root.status;
    const code: ErrorCode | undefined = root.code;
    const requestId: string | undefined = root.requestId;
    const details: Readonly<Record<string, unknown>> = root.details;
    const headers: Headers = root.headers;
    const kind =
      root instanceof BadRequestError ? "bad-request"
      : root instanceof AuthenticationError ? "authentication"
      : root instanceof PermissionDeniedError ? "permission-denied"
      : root instanceof NotFoundError ? "not-found"
      : root instanceof ConflictError ? "conflict"
      : root instanceof UnprocessableEntityError ? "unprocessable"
      : root instanceof RateLimitError ? "rate-limit"
      : root instanceof ServiceUnavailableError ? "service-unavailable"
      : root instanceof InternalServerError ? "internal"
      : "api";
    return `${kind} ${status} ${code ?? "-"} ${requestId ? "with-request-id" : "no-request-id"} ${Object.keys(details).length} ${headers.has("content-type")}`;
  }
  if (root instanceof APIConnectionTimeoutError) return "timeout";
  if (root instanceof APIConnectionError) return "connection";
  if (root instanceof APIUserAbortError) return "aborted";
  if (root instanceof RequestValidationError) return `invalid-request ${root.parameter} ${String(root.value)} ${root.rule}`;
  if (root instanceof ResponseValidationError) return `invalid-response ${root.status} ${root.contentType} ${root.bodyExcerpt.length}`;
  if (root instanceof PaginationError) return "pagination";
  return `sdk ${root.name} ${root.message}`;
}

/** Tests of the app build errors the way the SDK does. */
export function syntheticErrors(): AymaraAIError[] {
  const envelope: ErrorEnvelope = { error: { code: "future.code", message: "from a newer server", details: {} }, request_id: "req_1" };
  const headers = new Headers({ "x-request-id": "req_2" });
  return [
    APIError.generate(404, envelope, headers),
    APIError.generate(503, undefined, headers, "empty body"),
    new APIError({ status: 418, message: "teapot", code: "resource.conflict", details: { a: 1 }, requestId: "req_3", headers }),
    new APIConnectionError("down", { cause: new Error("ECONNREFUSED") }),
    new APIConnectionTimeoutError(),
    new APIUserAbortError(),
    new RequestValidationError("limit", 0, "an integer >= 1"),
    new ResponseValidationError(200, "text/html", "<html>", "not JSON"),
  ];
}

/** The raw typed client keeps the spec's paths. */
export async function rawCount(client: AymaraAI): Promise<number> {
  const { data, response } = await client.api.GET("/v2/eval-runs", { params: { query: { limit: 1 } } });
  if (!response.ok || data === undefined) throw new Error(`raw call failed with ${response.status}`);
  return data.count;
}

// The spec's names are the same types from "." and from "./types", and none of them is `any`.
sameType<paths, TypesEntry.paths>(true);
sameType<components, TypesEntry.components>(true);
sameType<operations, TypesEntry.operations>(true);
sameType<EvalRunResult, TypesEntry.EvalRunResult>(true);
sameType<EvalRunStatus, TypesEntry.EvalRunStatus>(true);
sameType<EvalConfiguration, TypesEntry.EvalConfiguration>(true);
sameType<ContentType, TypesEntry.ContentType>(true);
sameType<FileReference, TypesEntry.FileReference>(true);
sameType<PromptExample, TypesEntry.PromptExample>(true);
sameType<PromptExampleType, TypesEntry.PromptExampleType>(true);
sameType<ScoredResponse, TypesEntry.ScoredResponse>(true);
sameType<NextPrompt, TypesEntry.NextPrompt>(true);
sameType<ErrorResponse, TypesEntry.ErrorResponse>(true);
sameType<ErrorDetail, TypesEntry.ErrorDetail>(true);
sameType<ErrorCode, TypesEntry.ErrorCode>(true);
sameType<EvalRunResultPage, TypesEntry.EvalRunResultPage>(true);
sameType<ListEvalRunsQuery, TypesEntry.ListEvalRunsQuery>(true);
sameType<ListEvalRunsResponse, TypesEntry.ListEvalRunsResponse>(true);
notAny<AymaraAI>(true);
notAny<EvalRuns>(true);
notAny<OffsetPage<EvalRunResult>>(true);
notAny<ErrorEnvelope>(true);

// `client.evals.runs`: the typed wrapper over GET /v2/eval-runs. Data or a typed exception.
import type { Client } from "openapi-fetch";
import { listEvalRunsOperation as listEvalRuns } from "../../generated/metadata.js";
import type { EvalRunResult, ListEvalRunsQuery, paths } from "../../generated/types.js";
import { RequestValidationError } from "../errors.js";
import { fetchOptionsRule, splitFetchOptions, type SplitFetchOptions } from "../fetch-options.js";
import type { LevelledLogger } from "../logger.js";
import { paginate, type FetchedPage, type ListOptions, type PagePromise } from "../pagination/index.js";
import { PreparedRequest } from "../prepared-request.js";
import { querySerializerFor } from "../query-serializer.js";
import { isAbortSignalLike, type AbortSignalLike } from "../signal.js";
import type { Transport } from "../transport.js";
import { errorFromResponse, parseOffsetPage, type OffsetPageBody } from "../transport-response.js";
import { checkTimingOptions, compileQueryValidator, type ExtraQuery } from "../validate.js";

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
  /**
   * Query parameters the spec does not list yet, sent as given after the typed ones (on every page of a
   * listing). Values are strings, finite numbers or booleans; a name the spec knows is refused (it belongs
   * in the typed query, where it is checked).
   */
  extraQuery?: ExtraQuery;
  /**
   * Merged over the client's `fetchOptions` for this request, key by key (`headers` over its headers, under
   * this request's `headers`). `method`, `body`, `signal` and the API key's header are refused.
   */
  fetchOptions?: RequestInit;
}

/** One page of eval runs as the API returns it. */
export type EvalRunsPageBody = OffsetPageBody<EvalRunResult>;

const validateListQuery = compileQueryValidator(listEvalRuns.queryParams);
const querySerializer = querySerializerFor(listEvalRuns.queryParams);

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
   * `.withResponse()` gives the first page with its raw `Response` and request id.
   */
  list(query: ListEvalRunsQuery = {}, options: ListOptions<RequestOptions> = {}): PagePromise<EvalRunResult, ListEvalRunsQuery> {
    return paginate(
      {
        fetchPage: (q, o) => this.#fetch(q, o),
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
    const { items, count } = await this.#fetch(query, options);
    return { items, count };
  }

  async #fetch(query: ListEvalRunsQuery, options: RequestOptions | undefined): Promise<FetchedPage<EvalRunResult>> {
    validateListQuery(query, options?.extraQuery);
    const fetchOptions = options && checkRequestOptions(options);
    const transport = this.#transport;
    const { fetchInit } = transport.config;
    // Extra parameters go after the typed ones; openapi-fetch serialises both alike.
    const attempt = listAttempt(
      this.#api,
      transport.config.fetch,
      options?.extraQuery ? Object.assign({}, query, options.extraQuery) : query,
      fetchOptions?.headers ? { ...fetchOptions.headers, ...options?.headers } : options?.headers,
      fetchOptions?.init ? { ...fetchInit, ...fetchOptions.init } : fetchInit,
    );
    const { data, error, response } = await transport.send(attempt, options?.signal, options?.timeout, options?.maxRetries);
    if (!response.ok) throw errorFromResponse(response, error);
    const { items, count } = parseOffsetPage<EvalRunResult>(response, data);
    return { items, count, response };
  }
}

/**
 * One attempt of GET /v2/eval-runs through the typed client. openapi-fetch reads the body inside `run`, so
 * the attempt's timeout covers it; it builds a PreparedRequest (not a real Request, which fetch would copy),
 * and `parseAs: "text"` + one JSON.parse gives non-JSON bodies an excerpt. The signal goes to fetch, not into
 * the request: one signal link per attempt, not two.
 */
function listAttempt(api: Client<paths>, fetchImpl: typeof globalThis.fetch, query: ListEvalRunsQuery, headers: Record<string, string> | undefined, init: RequestInit | undefined) {
  const attempt = {
    request: undefined as PreparedRequest | undefined,
    run: (signal: AbortSignal) => {
      attempt.request = undefined;
      return api.GET(listEvalRuns.path, {
        // GET sets it again: naming it here keeps openapi-fetch's copy of these options a fast object (V8 builds
        // `{ ...options, method }` slowly when `method` is a new key).
        method: "GET",
        params: { query },
        querySerializer,
        parseAs: "text",
        headers,
        // openapi-fetch's public `Request` option: it only constructs it and hands it to `fetch`, hence the casts.
        Request: PreparedRequest as unknown as typeof Request,
        fetch: (request: Request) => {
          const prepared = (attempt.request = request as unknown as PreparedRequest);
          return fetchImpl(prepared.url, prepared.init(signal, init));
        },
      });
    },
  };
  return attempt;
}

/** Checks the per-request options; returns the request's fetchOptions taken apart (undefined when none). */
function checkRequestOptions(options: RequestOptions): SplitFetchOptions | undefined {
  checkTimingOptions(options, invalidRequestOption);
  if (options.signal !== undefined && !isAbortSignalLike(options.signal)) {
    throw invalidRequestOption("signal", options.signal, "an AbortSignal (an object with a boolean `aborted` and an `addEventListener` method)");
  }
  // The field's name only: a header's value may be a key.
  return options.fetchOptions && splitFetchOptions(options.fetchOptions, (field) => invalidRequestOption(`fetchOptions.${field}`, "[not shown]", fetchOptionsRule));
}

const invalidRequestOption = (name: string, value: unknown, rule: string): RequestValidationError => new RequestValidationError(`options.${name}`, value, rule);

// `list()`'s return value: awaitable to the first page, async-iterable over every item.
import { RequestValidationError } from "../errors.js";
import { fetchFirstPage, responseOf, type OffsetPage, type PageSource } from "./offset-page.js";
import type { BaseRequestOptions, ListOptions, OffsetQuery, PaginationConfig } from "./types.js";

export class PagePromise<Item, Query extends OffsetQuery = OffsetQuery>
  extends Promise<OffsetPage<Item, Query>>
  implements AsyncIterable<Item>
{
  // `then`/`catch`/`finally` return plain promises, not PagePromises built from an executor.
  static override get [Symbol.species](): PromiseConstructor {
    return Promise;
  }

  /** @internal Built by `paginate()`. */
  constructor(firstPage: Promise<OffsetPage<Item, Query>>) {
    super((resolve, reject) => firstPage.then(resolve, reject));
  }

  /**
   * The first page with the HTTP response it came in and its request id. The response's body has already
   * been read (into the page): use its status and headers, not its body.
   */
  async withResponse(): Promise<PageWithResponse<Item, Query>> {
    const data = await this;
    // Pages from list() always have one (only a test's custom page fetcher could leave it out).
    return { data, response: responseOf(data) as Response, requestId: data.requestId };
  }

  /** Every page, from the first one on. */
  async *iterPages(): AsyncGenerator<OffsetPage<Item, Query>, void, undefined> {
    yield* (await this).iterPages();
  }

  /** Every item of every page, each once, in server order. */
  async *[Symbol.asyncIterator](): AsyncGenerator<Item, void, undefined> {
    yield* await this;
  }

  /** Every item, up to `maxItems`; stops fetching once it has them. */
  async toArray(options: { maxItems?: number } = {}): Promise<Item[]> {
    return (await this).toArray(options);
  }
}

/** What `PagePromise.withResponse()` resolves to. */
export interface PageWithResponse<Item, Query extends OffsetQuery = OffsetQuery> {
  /** The first page. */
  data: OffsetPage<Item, Query>;
  /** The raw response of the first page; its body has already been consumed. */
  response: Response;
  /** The response's `x-request-id`; undefined when it had none. */
  requestId: string | undefined;
}

/**
 * Starts listing: fetches the first page of `query` and returns a `PagePromise` over it.
 * `options.concurrency` (default 1) bounds the pages fetched at once after the first; the options
 * go to every page request as given, with a signal of the pager's own (aborted with the caller's).
 */
export function paginate<Query extends OffsetQuery, Item, RequestOptions extends BaseRequestOptions>(
  config: PaginationConfig<Query, Item, RequestOptions>,
  query: Query,
  options: ListOptions<RequestOptions>,
): PagePromise<Item, Query> {
  const concurrency = options.concurrency ?? 1;
  if (!Number.isSafeInteger(concurrency) || concurrency < 1) {
    throw new RequestValidationError("options.concurrency", concurrency, "an integer >= 1");
  }
  const limit = query.limit ?? config.defaultLimit;
  const source: PageSource<Item> = {
    limit,
    concurrency,
    signal: options.signal,
    // Object.assign, not `{ ...query, limit, offset }`: V8 builds a spread followed by a key the source lacks
    // slowly (~0.5 µs, and the object stays slow to enumerate), more than the pager's own work per page.
    fetchAt: (offset, signal) => config.fetchPage(Object.assign({}, query, { limit, offset }), Object.assign({}, options, { signal })),
    keyOf: config.itemKey,
    warn: (message, details) => config.logger.warn(message, details),
  };
  return new PagePromise(fetchFirstPage(source, query));
}

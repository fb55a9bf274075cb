// The whole contract the pagination core relies on: an offset/limit endpoint that answers
// `{ items, count }`. Item and query types come from the caller (the generated schema).
import type { AbortSignalLike } from "../signal.js";

/** The paging part of a list query; any other keys (filters) are passed through untouched. */
export interface OffsetQuery {
  limit?: number | undefined;
  offset?: number | undefined;
}

/** One page as the server sent it: `count` is the total across every page. */
export interface PageData<Item> {
  items: Item[];
  count: number;
}

/** A page as a fetcher returns it: the data, and the HTTP response it came in when there was one (body already read). */
export interface FetchedPage<Item> extends PageData<Item> {
  response?: Response | undefined;
}

/** Per-request options the core understands; everything else goes to the fetcher as is. */
export interface BaseRequestOptions {
  signal?: AbortSignalLike | undefined;
}

/** Options of a list call: the request options plus how many pages to fetch at once. */
export type ListOptions<RequestOptions extends BaseRequestOptions = BaseRequestOptions> = RequestOptions & {
  /** Pages requested at once once the first page has given `count` (default 1: one after the other). */
  concurrency?: number | undefined;
};

/**
 * Fetches one page. The core always sets `limit` and `offset`, and as `signal` either one it may
 * abort (prefetches) or the caller's own (the first page; undefined when the caller gave none).
 */
export type PageFetcher<Query extends OffsetQuery, Item, RequestOptions extends BaseRequestOptions> = (
  query: Query,
  options: RequestOptions & { signal: AbortSignalLike | undefined },
) => Promise<FetchedPage<Item>>;

/** Where the core reports data that shifted during iteration. `console` fits. */
export interface PaginationLogger {
  warn(message: string, ...args: unknown[]): void;
}

/** What a resource hands the core: how to fetch, the spec's default limit, how to tell items apart. */
export interface PaginationConfig<Query extends OffsetQuery, Item, RequestOptions extends BaseRequestOptions> {
  fetchPage: PageFetcher<Query, Item, RequestOptions>;
  /** The spec's default `limit` (from generated metadata), used when the query has none. */
  defaultLimit: number;
  /** A stable identity, used to drop an item already yielded by the previous page. */
  itemKey: (item: Item) => string;
  logger: PaginationLogger;
}

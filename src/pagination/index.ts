// Offset pagination: pages, auto-pagination with bounded in-order prefetch, exactly-once items.
export { OffsetPage } from "./offset-page.js";
export { PagePromise, paginate, type PageWithResponse } from "./page-promise.js";
export { PaginationError } from "./errors.js";
export type {
  BaseRequestOptions,
  FetchedPage,
  ListOptions,
  OffsetQuery,
  PageData,
  PageFetcher,
  PaginationConfig,
  PaginationLogger,
} from "./types.js";

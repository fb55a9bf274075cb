// One page of an offset/limit listing, and the rules that chain a page to the next one:
// next offset = offset + items returned; the end is an empty page or offset + items >= count.
import { checkNotRepeated, checkPageShape } from "./checks.js";
import { PaginationError } from "./errors.js";
import { pagesAfter, request, settle, throwIfAborted, type ChainLink, type PageChain, type Verdict } from "./prefetch.js";
import type { AbortSignalLike } from "../signal.js";
import { withoutSecrets } from "../logger.js";
import type { FetchedPage, OffsetQuery } from "./types.js";

/** Everything a page needs to fetch its successors; built once per `list()` call. */
export interface PageSource<Item> {
  readonly limit: number;
  readonly concurrency: number;
  readonly signal: AbortSignalLike | undefined;
  /** `signal` is the pager's own (prefetches it may abort) or, for the first page, the caller's. */
  fetchAt(offset: number, signal: AbortSignalLike | undefined): Promise<FetchedPage<Item>>;
  keyOf(item: Item): string;
  warn(message: string, details: Record<string, unknown>): void;
}

interface SeenPage {
  readonly keys: readonly string[];
  readonly offset: number;
  readonly count: number;
}

/** The raw response of a page (its body already read), for `PagePromise.withResponse()`; set by the class. */
export let responseOf: <Item>(page: OffsetPage<Item, OffsetQuery>) => Response | undefined;

/** Re-fetches allowed for one page boundary while `count` keeps changing, before taking the page as is. */
const maxRealignments = 5;

export class OffsetPage<Item, Query extends OffsetQuery = OffsetQuery> implements AsyncIterable<Item> {
  /** The items of this page, in server order, without any the previous page already yielded. */
  readonly items: Item[];
  /** Total number of items matching the query, as reported with this page. */
  readonly count: number;
  /** Offset this page was fetched from. */
  readonly offset: number;
  /** The `limit` asked for (the server may return fewer items). */
  readonly limit: number;

  readonly #source: PageSource<Item>;
  readonly #query: Query;
  /** Keys of every item the server returned, repeats included: the next page is deduplicated against them. */
  readonly #keys: readonly string[];
  /** The first page of this chain, to recognise a server that ignores `offset`. */
  readonly #first: SeenPage;
  /** The response this page came in (body already read); undefined from a fetcher without responses. */
  readonly #response: Response | undefined;
  #headers: Headers | undefined;

  /** @internal Pages come from `list()`, `getNextPage()` and iteration. */
  constructor(source: PageSource<Item>, query: Query, data: FetchedPage<Item>, items: Item[], keys: readonly string[], first?: SeenPage) {
    this.#source = source;
    this.#query = { ...query, limit: source.limit };
    this.items = items;
    this.count = data.count;
    this.offset = query.offset ?? 0;
    this.limit = source.limit;
    this.#keys = keys;
    this.#response = data.response;
    this.#first = first ?? { keys, offset: this.offset, count: data.count };
  }

  /** The `x-request-id` of the response this page came in (quote it to support); undefined when there was none. */
  get requestId(): string | undefined {
    return this.#response?.headers.get("x-request-id") ?? undefined;
  }

  /** The headers of the response this page came in (rate limits, request id), minus any credential header. */
  get headers(): Headers {
    return (this.#headers ??= this.#response ? withoutSecrets(this.#response.headers) : new Headers());
  }

  static {
    responseOf = (page) => page.#response;
  }

  /** True while `count` says items remain after this page (an empty page is always the last). */
  hasNextPage(): boolean {
    return this.#keys.length > 0 && this.#nextOffset < this.count;
  }

  /** The query of the following page (same filters and limit), or null after the last page. */
  nextPageQuery(): Query | null {
    return this.hasNextPage() ? { ...this.#query, offset: this.#nextOffset } : null;
  }

  /** Fetches the following page; throws when there is none. */
  async getNextPage(): Promise<OffsetPage<Item, Query>> {
    if (!this.hasNextPage()) {
      throw new PaginationError(
        `No next page after offset ${this.offset} (count ${this.count}): check hasNextPage() before calling getNextPage().`,
      );
    }
    const following = pagesAfter(this.#link(), this.#chain(1));
    try {
      const next = await following.next();
      if (next.done) throw new PaginationError(`No page came after offset ${this.offset}.`);
      return next.value;
    } finally {
      await following.return();
    }
  }

  /** This page and every following one, prefetching up to `concurrency` pages ahead. */
  iterPages(): AsyncGenerator<OffsetPage<Item, Query>, void, undefined> {
    return this.#pagesFromHere(Number.POSITIVE_INFINITY);
  }

  /** Every item of this page and of every following page, each once, in server order. */
  async *[Symbol.asyncIterator](): AsyncGenerator<Item, void, undefined> {
    for await (const page of this.iterPages()) {
      for (const item of page.items) {
        throwIfAborted(this.#source.signal);
        yield item;
      }
    }
  }

  /** Collects items from this page on; stops fetching once it holds `maxItems`. */
  async toArray(options: { maxItems?: number } = {}): Promise<Item[]> {
    const maxItems = options.maxItems ?? Number.POSITIVE_INFINITY;
    if (typeof maxItems !== "number" || !(maxItems >= 0)) {
      throw new PaginationError(`toArray: maxItems must be a number >= 0, got ${String(maxItems)}.`);
    }
    const all: Item[] = [];
    if (maxItems === 0) return all;
    for await (const page of this.#pagesFromHere(maxItems)) {
      for (const item of page.items) {
        all.push(item);
        if (all.length >= maxItems) return all;
      }
    }
    return all;
  }

  get #nextOffset(): number {
    return this.offset + this.#keys.length;
  }

  async *#pagesFromHere(wantedItems: number): AsyncGenerator<OffsetPage<Item, Query>, void, undefined> {
    yield this;
    yield* pagesAfter(this.#link(), this.#chain(this.#source.concurrency), wantedItems - this.items.length);
  }

  #link(): ChainLink<OffsetPage<Item, Query>> {
    return {
      page: this,
      nextOffset: this.hasNextPage() ? this.#nextOffset : undefined,
      count: this.count,
      stride: this.#keys.length,
      size: this.items.length,
    };
  }

  #chain(concurrency: number): PageChain<OffsetPage<Item, Query>, FetchedPage<Item>> {
    const source = this.#source;
    return {
      concurrency,
      signal: source.signal,
      fetchAt: (offset, signal) => source.fetchAt(offset, signal),
      accept: (prev, offset, data, realignments) => prev.page.#follow(offset, data, realignments),
    };
  }

  /**
   * Judges the page fetched at `offset` as this page's successor. When `count` shrank, runs may have
   * slid back across the boundary: the successor is fetched that much earlier (also right when a
   * prefetched page shows an older state than this one: the re-fetch then shows the newer one).
   * Items this page already returned (slid over, or pushed over by insertions) are dropped.
   */
  #follow(offset: number, data: FetchedPage<Item>, realignments: number): Verdict<OffsetPage<Item, Query>> {
    const source = this.#source;
    checkPageShape(data, offset, source.limit);
    const slidBack = Math.min(this.#keys.length, Math.max(0, this.count - data.count));
    const wanted = this.#nextOffset - slidBack;
    if (offset !== wanted && realignments < maxRealignments) return { refetchAt: wanted };

    const keys = data.items.map((item) => source.keyOf(item));
    checkNotRepeated(keys, offset, data.count, [this.#first, { keys: this.#keys, offset: this.offset, count: this.count }]);
    if (data.count !== this.count) {
      source.warn(
        `count changed from ${this.count} to ${data.count} between the pages at offsets ${this.offset} and ${offset}: ` +
          `items were added or removed during iteration.`,
        { previousCount: this.count, count: data.count, offset },
      );
    }
    const alreadyYielded = new Set(this.#keys);
    const items = data.items.filter((_, i) => !alreadyYielded.has(keys[i] ?? ""));
    const page = new OffsetPage(source, { ...this.#query, offset }, data, items, keys, this.#first);
    return page.#link();
  }
}

/** Fetches the page a `list()` call starts from. */
export async function fetchFirstPage<Item, Query extends OffsetQuery>(
  source: PageSource<Item>,
  query: Query,
): Promise<OffsetPage<Item, Query>> {
  const offset = query.offset ?? 0;
  throwIfAborted(source.signal);
  // Nothing but the caller aborts the first page (prefetches start after it), so it goes out with
  // the caller's signal as is: no controller or listener of our own on the hot path of every list().
  const data = await settle({ response: source.fetchAt(offset, source.signal) }, source.signal);
  checkPageShape(data, offset, source.limit);
  const keys = data.items.map((item) => source.keyOf(item));
  return new OffsetPage(source, { ...query, offset }, data, data.items, keys);
}

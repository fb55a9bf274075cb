// One page of an offset/limit listing, and the rules that chain a page to the next one:
// next offset = offset + items returned; the end is an empty page or offset + items >= count.
import { checkNotRepeated, checkPageShape } from "./checks.js";
import { PaginationError } from "./errors.js";
import { abortedOr, pagesAfter, throwIfAborted, type ChainLink, type PageChain, type Verdict } from "./prefetch.js";
import type { AbortSignalLike } from "../signal.js";
import { withoutSecrets } from "../logger.js";
import type { FetchedPage, OffsetQuery } from "./types.js";

/** Everything a page needs to fetch its successors; built once per `list()` call. */
export interface PageSource<Item> {
  readonly limit: number;
  readonly concurrency: number;
  readonly signal: AbortSignalLike | undefined;
  /** `signal` is the pager's own (prefetches it may abort) or, for the first page, the caller's. */
  readonly fetchAt: (offset: number, signal: AbortSignalLike | undefined) => Promise<FetchedPage<Item>>;
  keyOf(item: Item): string;
  warn(message: string, details: Record<string, unknown>): void;
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
  /** The listing's query (filters; its limit and offset are this page's own fields). */
  readonly #query: Query;
  /** Every item the server returned, repeats included: the next page is deduplicated against them. */
  readonly #returned: Item[];
  /** Their keys, made when a following page needs them (a one-page listing never does). */
  #keys: string[] | undefined;
  /** The first page of this chain, to recognise a server that ignores `offset`. */
  readonly #first: OffsetPage<Item, Query>;
  /** The response this page came in (body already read); undefined from a fetcher without responses. */
  readonly #response: Response | undefined;
  #headers: Headers | undefined;

  /** @internal Pages come from `list()`, `getNextPage()` and iteration. */
  constructor(source: PageSource<Item>, query: Query, offset: number, data: FetchedPage<Item>, items: Item[], keys?: string[], first?: OffsetPage<Item, Query>) {
    this.#source = source;
    this.#query = query;
    this.items = items;
    this.count = data.count;
    this.offset = offset;
    this.limit = source.limit;
    this.#returned = data.items;
    this.#keys = keys;
    this.#response = data.response;
    this.#first = first ?? this;
  }

  /** The `x-request-id` of the response this page came in (quote it to support); undefined when there was none. */
  get requestId(): string | undefined {
    return this.#response?.headers.get("x-request-id") ?? undefined;
  }

  /** The headers of the response this page came in (rate limits, request id), minus any credential header. */
  get headers(): Headers {
    return (this.#headers ??= withoutSecrets(this.#response?.headers));
  }

  static {
    responseOf = (page) => page.#response;
  }

  /** True while `count` says items remain after this page (an empty page is always the last). */
  hasNextPage(): boolean {
    return this.#returned.length > 0 && this.#nextOffset < this.count;
  }

  /** The query of the following page (same filters and limit), or null after the last page. */
  nextPageQuery(): Query | null {
    return this.hasNextPage() ? { ...this.#query, limit: this.limit, offset: this.#nextOffset } : null;
  }

  /** Fetches the following page; throws when there is none. */
  async getNextPage(): Promise<OffsetPage<Item, Query>> {
    if (!this.hasNextPage()) {
      throw new PaginationError(`No next page after offset ${this.offset} (count ${this.count}): check hasNextPage() before calling getNextPage().`);
    }
    const following = pagesAfter(this.#link(), this.#chain(1));
    try {
      // A chain that has a next offset always yields a page or throws.
      return (await following.next()).value as OffsetPage<Item, Query>;
    } finally {
      await following.return();
    }
  }

  /** This page and every following one, prefetching up to `concurrency` pages ahead. */
  iterPages(): AsyncGenerator<OffsetPage<Item, Query>, void, undefined> {
    return this.#pagesFromHere(Infinity);
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
    const { maxItems = Infinity } = options;
    if (typeof maxItems !== "number" || !(maxItems >= 0)) {
      throw new PaginationError(`toArray: maxItems must be a number >= 0, got ${String(maxItems)}.`);
    }
    const all: Item[] = [];
    if (maxItems > 0) {
      for await (const page of this.#pagesFromHere(maxItems)) {
        for (const item of page.items) if (all.push(item) >= maxItems) return all;
      }
    }
    return all;
  }

  get #nextOffset(): number {
    return this.offset + this.#returned.length;
  }

  #keyList(): string[] {
    return (this.#keys ??= this.#returned.map(this.#source.keyOf));
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
      stride: this.#returned.length,
      size: this.items.length,
    };
  }

  #chain(concurrency: number): PageChain<OffsetPage<Item, Query>, FetchedPage<Item>> {
    const source = this.#source;
    return {
      concurrency,
      signal: source.signal,
      fetchAt: source.fetchAt,
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
    const returned = this.#returned.length;
    const wanted = this.#nextOffset - Math.min(returned, Math.max(0, this.count - data.count));
    if (offset !== wanted && realignments < maxRealignments) return { refetchAt: wanted };

    const keys = data.items.map(source.keyOf);
    const first = this.#first;
    checkNotRepeated(keys, offset, data.count, [first.#seen(), this.#seen()]);
    if (data.count !== this.count) {
      source.warn(
        `count changed from ${this.count} to ${data.count} between the pages at offsets ${this.offset} and ${offset}: items were added or removed during iteration.`,
        { previousCount: this.count, count: data.count, offset },
      );
    }
    const alreadyYielded = new Set(this.#keyList());
    const items = data.items.filter((_, i) => !alreadyYielded.has(keys[i] as string));
    return new OffsetPage(source, this.#query, offset, data, items, keys, first).#link();
  }

  #seen(): { keys: readonly string[]; offset: number; count: number } {
    return { keys: this.#keyList(), offset: this.offset, count: this.count };
  }
}

/** Fetches the page a `list()` call starts from. */
export async function fetchFirstPage<Item, Query extends OffsetQuery>(source: PageSource<Item>, query: Query): Promise<OffsetPage<Item, Query>> {
  const { signal } = source;
  const offset = query.offset ?? 0;
  throwIfAborted(signal);
  // Nothing but the caller aborts the first page (prefetches start after it), so it goes out with
  // the caller's signal as is: no controller or listener of our own on the hot path of every list().
  let data: FetchedPage<Item>;
  try {
    data = await source.fetchAt(offset, signal);
  } catch (error) {
    throw abortedOr(error, signal);
  }
  checkPageShape(data, offset, source.limit);
  return new OffsetPage(source, query, offset, data, data.items);
}

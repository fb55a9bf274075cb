// Bounded, in-order prefetch of offset pages. Knows nothing about items: a page is accepted
// (or sent back for a re-fetch at another offset) by the chain's `accept`.
import { abortedBy, APIUserAbortError } from "../errors.js";
import type { AbortSignalLike } from "../signal.js";

/** A page the chain has accepted, with what the planner needs to know about it. */
export interface ChainLink<Page> {
  readonly page: Page;
  /** Offset of the following page; undefined when this page is the last. */
  readonly nextOffset: number | undefined;
  /** The total the server reported with this page: nothing is planned at or beyond it. */
  readonly count: number;
  /** How many items the server returned: the stride between planned offsets (servers may cap `limit`). */
  readonly stride: number;
  /** How many items this page yields (after dropping repeats). */
  readonly size: number;
}

/** `accept`'s answer: the page, or the offset the page after `prev` must be fetched from instead. */
export type Verdict<Page> = ChainLink<Page> | { readonly refetchAt: number };

export interface PageChain<Page, Data> {
  /** Most requests in flight (including finished, not yet consumed ones). */
  readonly concurrency: number;
  /** The caller's signal: aborts everything and makes iteration throw `APIUserAbortError`. */
  readonly signal: AbortSignalLike | undefined;
  fetchAt(offset: number, signal: AbortSignal): Promise<Data>;
  /** `realignments`: re-fetches already made for this boundary. */
  accept(prev: ChainLink<Page>, offset: number, data: Data, realignments: number): Verdict<Page>;
}

interface Pending<Data> {
  readonly offset: number;
  readonly controller: AbortController;
  readonly response: Promise<Data>;
}

/**
 * Yields the pages after `start`, in server order. Up to `concurrency` later pages are requested
 * ahead at `offset + k * stride`; a request whose offset turns out wrong (short page, re-fetch) is
 * aborted with everything planned after it. Leaving the loop aborts whatever is still in flight.
 * `wantedItems` stops planning pages beyond what the consumer said it needs.
 */
export async function* pagesAfter<Page, Data>(
  start: ChainLink<Page>,
  chain: PageChain<Page, Data>,
  wantedItems = Number.POSITIVE_INFINITY,
): AsyncGenerator<Page, void, undefined> {
  const queue: Pending<Data>[] = [];
  let prev = start;
  let want = start.nextOffset;
  let planned = want ?? 0;
  let yielded = 0;
  let realignments = 0;
  try {
    while (want !== undefined) {
      throwIfAborted(chain.signal);
      if (queue[0]?.offset !== want) {
        abortAll(queue);
        planned = want;
      }
      while (
        queue.length === 0 ||
        (queue.length < chain.concurrency && planned < prev.count && yielded + (planned - want) < wantedItems)
      ) {
        queue.push(request(chain, planned));
        planned += Math.max(1, prev.stride);
      }
      const head = queue.shift() as Pending<Data>;
      const verdict = chain.accept(prev, head.offset, await settle(head, chain.signal), realignments);
      if ("refetchAt" in verdict) {
        want = verdict.refetchAt;
        realignments += 1;
        continue;
      }
      realignments = 0;
      prev = verdict;
      yielded += verdict.size;
      yield verdict.page;
      want = verdict.nextOffset;
    }
  } finally {
    abortAll(queue);
  }
}

/** Fetches one page with its own controller, aborted too when the caller's signal aborts. */
export function request<Data>(chain: Pick<PageChain<unknown, Data>, "fetchAt" | "signal">, offset: number): Pending<Data> {
  const controller = new AbortController();
  const callerSignal = chain.signal;
  const onAbort = (): void => controller.abort(callerSignal?.reason);
  if (callerSignal?.aborted) onAbort();
  else callerSignal?.addEventListener("abort", onAbort, { once: true });
  const response = chain.fetchAt(offset, controller.signal).finally(() => callerSignal?.removeEventListener?.("abort", onAbort));
  // Observed later, or never when discarded: keep a discarded failure from surfacing as unhandled.
  response.catch(() => {});
  return { offset, controller, response };
}

/** Awaits a request; once the caller has aborted, any failure becomes `APIUserAbortError`. */
export async function settle<Data>(pending: Pending<Data>, callerSignal: AbortSignalLike | undefined): Promise<Data> {
  try {
    return await pending.response;
  } catch (error) {
    throw abortedOr(error, callerSignal);
  }
}

/** What a failed page request throws: `APIUserAbortError` once the caller has aborted, else the error itself. */
export function abortedOr(error: unknown, callerSignal: AbortSignalLike | undefined): unknown {
  return callerSignal?.aborted && !(error instanceof APIUserAbortError) ? iterationAborted(error) : error;
}

export function throwIfAborted(signal: AbortSignalLike | undefined): void {
  if (signal?.aborted) throw iterationAborted(signal.reason);
}

const iterationAborted = (cause: unknown): APIUserAbortError => abortedBy({ reason: cause }, "Iteration was aborted by the caller's signal.");

function abortAll<Data>(queue: Pending<Data>[]): void {
  for (const pending of queue.splice(0)) pending.controller.abort();
}

// Guards against servers that break the offset contract: each would otherwise loop forever
// or yield garbage. They throw `PaginationError` saying what was seen.
import { PaginationError } from "./errors.js";
import type { PageData } from "./types.js";

/** `items` is an array no longer than `limit`; `count` is a non-negative integer. */
export function checkPageShape(data: PageData<unknown>, offset: number, limit: number): void {
  const where = `The page at offset ${offset}`;
  if (!Array.isArray(data.items)) {
    throw new PaginationError(`${where} has no items array (got ${typeof data.items}).`);
  }
  if (typeof data.count !== "number" || !Number.isSafeInteger(data.count) || data.count < 0) {
    throw new PaginationError(`${where} reported count ${String(data.count)}; expected a non-negative integer.`);
  }
  if (data.items.length > limit) {
    throw new PaginationError(`${where} returned ${data.items.length} items although limit was ${limit}.`);
  }
}

/**
 * A later page holding exactly the items of the first or the previous page while `count` did not
 * change means the server ignored `offset`: iterating on would repeat the same items.
 */
export function checkNotRepeated(
  keys: readonly string[],
  offset: number,
  count: number,
  seen: ReadonlyArray<{ readonly keys: readonly string[]; readonly offset: number; readonly count: number }>,
): void {
  if (keys.length === 0) return;
  const repeated = seen.find((page) => page.count === count && page.offset !== offset && sameKeys(page.keys, keys));
  if (repeated) {
    throw new PaginationError(
      `The page at offset ${offset} repeats the ${keys.length} items of the page at offset ${repeated.offset} ` +
        `(count ${count} unchanged): the server seems to ignore \`offset\`.`,
    );
  }
}

function sameKeys(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((key, i) => key === b[i]);
}

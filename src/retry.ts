// Retry policy: which outcomes are worth another attempt, and how long to wait before it.
import { abortedBy } from "./errors.js";
import type { AbortSignalLike } from "./signal.js";

/** Statuses that a later attempt may fix: timeout, conflict, rate limit, server errors. */
export function isRetryableStatus(status: number): boolean {
  return status === 408 || status === 409 || status === 429 || status >= 500;
}

/** The server's `x-should-retry: true|false` wins over the status-based rule. */
export function shouldRetryResponse(status: number, headers: Headers): boolean {
  const override = headers.get("x-should-retry");
  if (override === "true") return true;
  if (override === "false") return false;
  return isRetryableStatus(status);
}

/** Longest wait a server's Retry-After can impose. */
export const MAX_RETRY_AFTER_MS = 60_000;
const INITIAL_BACKOFF_MS = 500;
const MAX_BACKOFF_MS = 8_000;

/**
 * Milliseconds to wait before retry number `retryIndex` (0 for the first retry).
 * `retry-after-ms`, else `retry-after` (seconds or HTTP date), capped at 60 s;
 * else exponential backoff 0.5 s × 2^n capped at 8 s, minus up to 25 % jitter.
 */
export function retryDelayMs(retryIndex: number, headers: Headers | undefined, now = Date.now(), random = Math.random): number {
  const fromServer = headers ? serverRequestedDelayMs(headers, now) : undefined;
  if (fromServer !== undefined) return Math.min(fromServer, MAX_RETRY_AFTER_MS);
  const backoff = Math.min(INITIAL_BACKOFF_MS * 2 ** retryIndex, MAX_BACKOFF_MS);
  return backoff * (1 - 0.25 * random());
}

function serverRequestedDelayMs(headers: Headers, now: number): number | undefined {
  // Number("") is 0: a blank header must not mean "at once".
  const ms = Number(headers.get("retry-after-ms")?.trim() || NaN);
  if (Number.isFinite(ms) && ms >= 0) return ms;
  const after = headers.get("retry-after")?.trim();
  if (!after) return undefined;
  const seconds = Number(after);
  if (Number.isFinite(seconds)) return seconds >= 0 ? seconds * 1000 : undefined;
  const date = Date.parse(after);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/** Waits `ms`, or rejects with `APIUserAbortError` as soon as `signal` aborts. */
export function sleep(ms: number, signal: AbortSignalLike | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      signal?.removeEventListener?.("abort", onAbort);
      resolve();
    }, ms);
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(abortedBy(signal, "Request was aborted during a retry wait."));
    };
    if (signal?.aborted) onAbort();
    else signal?.addEventListener("abort", onAbort, { once: true });
  });
}

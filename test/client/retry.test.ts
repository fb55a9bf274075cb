import { describe, expect, test } from "vitest";
import { APIUserAbortError } from "../../src/errors.js";
import { isRetryableStatus, MAX_RETRY_AFTER_MS, retryDelayMs, shouldRetryResponse, sleep } from "../../src/retry.js";

const noJitter = (): number => 0;
const fullJitter = (): number => 1;
const now = Date.parse("2025-05-04T09:00:00Z");

describe("retry policy", () => {
  test.each([408, 409, 429, 500, 502, 503, 504])("retries status %i", (status) => {
    expect(isRetryableStatus(status)).toBe(true);
  });

  test.each([400, 401, 403, 404, 422, 200, 301])("does not retry status %i", (status) => {
    expect(isRetryableStatus(status)).toBe(false);
  });

  test("x-should-retry overrides the status rule both ways", () => {
    expect(shouldRetryResponse(503, new Headers({ "x-should-retry": "false" }))).toBe(false);
    expect(shouldRetryResponse(400, new Headers({ "x-should-retry": "true" }))).toBe(true);
    expect(shouldRetryResponse(503, new Headers({ "x-should-retry": "maybe" }))).toBe(true);
  });
});

describe("retry delay", () => {
  test("prefers retry-after-ms over retry-after", () => {
    const headers = new Headers({ "retry-after-ms": "250", "retry-after": "9" });
    expect(retryDelayMs(0, headers, now, noJitter)).toBe(250);
  });

  test("reads retry-after as seconds", () => {
    expect(retryDelayMs(3, new Headers({ "retry-after": "2" }), now, noJitter)).toBe(2000);
    expect(retryDelayMs(0, new Headers({ "retry-after": "0.5" }), now, noJitter)).toBe(500);
  });

  test("reads retry-after as an HTTP date", () => {
    const date = new Date(now + 3000).toUTCString();
    expect(retryDelayMs(0, new Headers({ "retry-after": date }), now, noJitter)).toBe(3000);
  });

  test("a date in the past means retry at once", () => {
    const date = new Date(now - 3000).toUTCString();
    expect(retryDelayMs(0, new Headers({ "retry-after": date }), now, noJitter)).toBe(0);
  });

  test("caps a server's delay at 60 s", () => {
    expect(retryDelayMs(0, new Headers({ "retry-after": "3600" }), now, noJitter)).toBe(MAX_RETRY_AFTER_MS);
    expect(retryDelayMs(0, new Headers({ "retry-after-ms": "999999" }), now, noJitter)).toBe(MAX_RETRY_AFTER_MS);
  });

  test("falls back to backoff for unparseable or negative values", () => {
    expect(retryDelayMs(0, new Headers({ "retry-after": "soon" }), now, noJitter)).toBe(500);
    expect(retryDelayMs(0, new Headers({ "retry-after-ms": "-5" }), now, noJitter)).toBe(500);
    expect(retryDelayMs(0, new Headers({ "retry-after": "-1" }), now, noJitter)).toBe(500);
  });

  test("backs off exponentially from 0.5 s, capped at 8 s", () => {
    const delays = [0, 1, 2, 3, 4, 5, 10].map((n) => retryDelayMs(n, undefined, now, noJitter));
    expect(delays).toEqual([500, 1000, 2000, 4000, 8000, 8000, 8000]);
  });

  test("jitter shortens the backoff by at most a quarter", () => {
    expect(retryDelayMs(2, undefined, now, fullJitter)).toBe(1500);
    for (let i = 0; i < 50; i++) {
      const delay = retryDelayMs(1, undefined, now);
      expect(delay).toBeGreaterThan(750 - 1e-9);
      expect(delay).toBeLessThanOrEqual(1000);
    }
  });
});

describe("sleep", () => {
  test("resolves after the delay", async () => {
    await expect(sleep(1, undefined)).resolves.toBeUndefined();
  });

  test("rejects with APIUserAbortError when the signal aborts mid-sleep", async () => {
    const controller = new AbortController();
    const sleeping = sleep(60_000, controller.signal);
    controller.abort(new Error("user gave up"));
    const error = await sleeping.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(APIUserAbortError);
    expect((error as APIUserAbortError).cause).toEqual(new Error("user gave up"));
  });

  test("rejects at once for an already aborted signal", async () => {
    await expect(sleep(60_000, AbortSignal.abort())).rejects.toBeInstanceOf(APIUserAbortError);
  });
});

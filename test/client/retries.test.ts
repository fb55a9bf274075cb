import { describe, expect, test } from "vitest";
import { APIConnectionError, APIError, RateLimitError, ServiceUnavailableError } from "../../src/index.js";
import { announcedRetryDelays, rejectionOf, sandboxClient, useSandbox } from "./helpers.js";

const sandbox = useSandbox();

const statuses = (): Array<number | undefined> => sandbox().requests.map((r) => r.status);

describe("retries", () => {
  test("retries a 503 and honours retry-after-ms", async () => {
    const { client, logger } = sandboxClient(sandbox());
    sandbox().faults.next({ kind: "status", status: 503, retryAfterMs: 30 });
    const page = await client.evals.runs.list({ limit: 5 });
    expect(page.items).toHaveLength(5);
    expect(statuses()).toEqual([503, 200]);
    expect(announcedRetryDelays(logger)).toEqual([30]);
  });

  test("honours retry-after in seconds", async () => {
    const { client, logger } = sandboxClient(sandbox());
    sandbox().faults.next({ kind: "status", status: 429, retryAfter: 0.05 });
    await client.evals.runs.list();
    expect(statuses()).toEqual([429, 200]);
    expect(announcedRetryDelays(logger)).toEqual([50]);
  });

  test("honours retry-after as an HTTP date", async () => {
    const { client, logger } = sandboxClient(sandbox());
    sandbox().faults.next({ kind: "status", status: 503, retryAfter: new Date(Date.now() + 1000) });
    await client.evals.runs.list();
    expect(statuses()).toEqual([503, 200]);
    const [delay] = announcedRetryDelays(logger);
    // HTTP dates have one-second resolution: the wait is at most a second, never the 0.5 s backoff's shape.
    expect(delay).toBeGreaterThanOrEqual(0);
    expect(delay).toBeLessThanOrEqual(1000);
  });

  test.each([408, 409, 429, 500, 502, 503, 504])("retries status %i until maxRetries is spent, then throws", async (status) => {
    const { client } = sandboxClient(sandbox(), { maxRetries: 2 });
    sandbox().faults.on(() => true, { kind: "status", status, retryAfterMs: 0 });
    const error = await rejectionOf(client.evals.runs.list());
    expect(error).toBeInstanceOf(APIError);
    expect((error as APIError).status).toBe(status);
    expect(sandbox().requests).toHaveLength(3);
    expect(sandbox().requests.map((r) => r.attempt)).toEqual([0, 1, 2]);
  });

  test.each([400, 401, 403, 404, 422])("sends a request answered %i only once", async (status) => {
    const { client, logger } = sandboxClient(sandbox(), { maxRetries: 5 });
    sandbox().faults.on(() => true, { kind: "status", status, retryAfterMs: 0 });
    const error = await rejectionOf(client.evals.runs.list());
    expect((error as APIError).status).toBe(status);
    expect(sandbox().requests).toHaveLength(1);
    expect(announcedRetryDelays(logger)).toEqual([]);
  });

  test("x-should-retry: false stops the retry of a 503", async () => {
    const { client } = sandboxClient(sandbox());
    sandbox().faults.next({ kind: "status", status: 503, retryAfterMs: 0, headers: { "x-should-retry": "false" } });
    await expect(client.evals.runs.list()).rejects.toBeInstanceOf(ServiceUnavailableError);
    expect(sandbox().requests).toHaveLength(1);
  });

  test("x-should-retry: true retries even a 400", async () => {
    const { client } = sandboxClient(sandbox());
    sandbox().faults.next({ kind: "status", status: 400, retryAfterMs: 0, headers: { "x-should-retry": "true" } });
    await client.evals.runs.list();
    expect(statuses()).toEqual([400, 200]);
  });

  test("a per-request maxRetries overrides the client's", async () => {
    const { client } = sandboxClient(sandbox(), { maxRetries: 5 });
    sandbox().faults.on(() => true, { kind: "status", status: 429, retryAfterMs: 0 });
    await expect(client.evals.runs.list({}, { maxRetries: 1 })).rejects.toBeInstanceOf(RateLimitError);
    expect(sandbox().requests).toHaveLength(2);
  });

  test("maxRetries: 0 sends exactly once", async () => {
    const { client } = sandboxClient(sandbox(), { maxRetries: 0 });
    sandbox().faults.next({ kind: "status", status: 503, retryAfterMs: 0 });
    await expect(client.evals.runs.list()).rejects.toBeInstanceOf(ServiceUnavailableError);
    expect(sandbox().requests).toHaveLength(1);
  });

  test.each([
    ["before the response", "before-body"],
    ["in the middle of the body", "mid-body"],
  ] as const)("retries a connection dropped %s", async (_label, when) => {
    const { client } = sandboxClient(sandbox());
    sandbox().faults.next({ kind: "reset", when });
    const page = await client.evals.runs.list({ limit: 3 });
    expect(page.items).toHaveLength(3);
    expect(sandbox().requests.map((r) => r.outcome)).toEqual(["reset", "completed"]);
  });

  test("a connection error that outlasts the retries is an APIConnectionError with its cause", async () => {
    const { client } = sandboxClient(sandbox(), { maxRetries: 1 });
    sandbox().faults.on(() => true, { kind: "reset", when: "before-body" });
    const error = await rejectionOf(client.evals.runs.list());
    expect(error).toBeInstanceOf(APIConnectionError);
    expect((error as APIConnectionError).cause).toBeInstanceOf(Error);
    expect((error as APIConnectionError).message).toMatch(/^Connection error: /);
    expect(sandbox().requests).toHaveLength(2);
  });

  test("every retry sends the same URL and headers", async () => {
    const { client } = sandboxClient(sandbox());
    sandbox().faults.next({ kind: "status", status: 500, retryAfterMs: 0 }, { kind: "status", status: 503, retryAfterMs: 0 });
    await client.evals.runs.list({ eval_uuid: "e 1", limit: 2 }, { headers: { "x-trace": "t1" } });
    const [first, ...rest] = sandbox().requests;
    expect(rest).toHaveLength(2);
    for (const retry of rest) {
      expect(retry.url).toBe(first?.url);
      expect(retry.headers).toEqual(first?.headers);
    }
    expect(first?.headers["x-trace"]).toBe("t1");
  });
});

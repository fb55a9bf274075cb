import { describe, expect, test, vi } from "vitest";
import { APIConnectionError, APIConnectionTimeoutError, APIUserAbortError } from "../../src/index.js";
import { announcedRetryDelays, rejectionOf, sandboxClient, useSandbox } from "./helpers.js";

const sandbox = useSandbox();

const waitForRequests = (count: number): Promise<void> =>
  vi.waitFor(() => expect(sandbox().requests.length).toBeGreaterThanOrEqual(count), { timeout: 10_000, interval: 5 });
const waitForNothingInFlight = (): Promise<void> =>
  vi.waitFor(() => expect(sandbox().inFlight).toBe(0), { timeout: 10_000, interval: 5 });

describe("timeouts", () => {
  test("a hung request times out per attempt, is retried, then throws APIConnectionTimeoutError", async () => {
    const { client } = sandboxClient(sandbox(), { timeout: 150, maxRetries: 1 });
    sandbox().faults.on(() => true, { kind: "hang" });
    const error = await rejectionOf(client.evals.runs.list());
    expect(error).toBeInstanceOf(APIConnectionTimeoutError);
    expect(error).toBeInstanceOf(APIConnectionError);
    expect((error as Error).message).toBe("Request timed out after 150 ms.");
    expect(sandbox().requests).toHaveLength(2);
    await waitForNothingInFlight();
    expect(sandbox().requests.map((r) => r.outcome)).toEqual(["client-aborted", "client-aborted"]);
  });

  test("a per-request timeout overrides the client's", async () => {
    const { client } = sandboxClient(sandbox(), { timeout: 60_000, maxRetries: 0 });
    sandbox().faults.next({ kind: "hang" });
    await expect(client.evals.runs.list({}, { timeout: 100 })).rejects.toBeInstanceOf(APIConnectionTimeoutError);
    expect(sandbox().requests).toHaveLength(1);
  });

  test("a slow attempt times out and the retry succeeds", async () => {
    // The retry must answer within the same per-attempt timeout; the sandbox shares this process's
    // event loop, so on a loaded machine 200 ms was not always enough for an ordinary answer.
    const { client } = sandboxClient(sandbox(), { timeout: 1_000, maxRetries: 1 });
    sandbox().faults.next({ kind: "delay", ms: 5_000 });
    const page = await client.evals.runs.list({ limit: 1 });
    expect(page.items).toHaveLength(1);
    expect(sandbox().requests).toHaveLength(2);
    expect(sandbox().requests[1]?.status).toBe(200);
  });

  test("the timeout covers the body, not just the headers", async () => {
    // The sandbox() cannot stall after the headers, so a fetch does: it answers 200 at once and
    // then never ends the body, failing it only when its signal aborts (as a real fetch does).
    const stalled = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
      const signal = init?.signal ?? (input instanceof Request ? input.signal : undefined);
      const body = new ReadableStream<Uint8Array>({
        start(controller) {
          controller.enqueue(new TextEncoder().encode('{"items":['));
          signal?.addEventListener("abort", () => controller.error(signal.reason), { once: true });
        },
      });
      return new Response(body, { status: 200, headers: { "content-type": "application/json" } });
    };
    const { client } = sandboxClient(sandbox(), { fetch: stalled, timeout: 100, maxRetries: 0 });
    await expect(client.evals.runs.list()).rejects.toBeInstanceOf(APIConnectionTimeoutError);
    await expect(client.api.GET("/v2/eval-runs")).rejects.toBeInstanceOf(APIConnectionTimeoutError);
  });
});

describe("aborts", () => {
  test("aborting during a request throws APIUserAbortError at once and is not retried", async () => {
    const { client } = sandboxClient(sandbox(), { maxRetries: 3 });
    sandbox().faults.on(() => true, { kind: "hang" });
    const controller = new AbortController();
    const listing = rejectionOf(client.evals.runs.list({}, { signal: controller.signal }));
    await waitForRequests(1);
    controller.abort(new Error("changed my mind"));
    const error = await listing;
    expect(error).toBeInstanceOf(APIUserAbortError);
    expect((error as APIUserAbortError).cause).toEqual(new Error("changed my mind"));
    await waitForNothingInFlight();
    expect(sandbox().requests).toHaveLength(1);
    expect(sandbox().requests[0]?.outcome).toBe("client-aborted");
  });

  test("aborting during a retry wait throws APIUserAbortError without another request", async () => {
    const { client, logger } = sandboxClient(sandbox(), { maxRetries: 3 });
    sandbox().faults.next({ kind: "status", status: 503, retryAfter: 60 });
    const controller = new AbortController();
    const listing = rejectionOf(client.evals.runs.list({}, { signal: controller.signal }));
    await vi.waitFor(() => expect(announcedRetryDelays(logger)).toEqual([60_000]), { timeout: 10_000, interval: 5 });
    controller.abort();
    const error = await listing;
    expect(error).toBeInstanceOf(APIUserAbortError);
    expect((error as Error).message).toContain("retry wait");
    expect(sandbox().requests).toHaveLength(1);
  });

  test("fetchPage turns an abort of the pagination engine's own signal into APIUserAbortError", async () => {
    const { client } = sandboxClient(sandbox());
    sandbox().faults.next({ kind: "hang" });
    const prefetch = new AbortController();
    const fetching = rejectionOf(client.evals.runs.fetchPage({ limit: 5, offset: 5 }, { signal: prefetch.signal }));
    await waitForRequests(1);
    prefetch.abort();
    expect(await fetching).toBeInstanceOf(APIUserAbortError);
    await waitForNothingInFlight();
    expect(sandbox().requests).toHaveLength(1);
  });

  test("an already aborted signal sends nothing", async () => {
    const { client } = sandboxClient(sandbox());
    await expect(client.evals.runs.list({}, { signal: AbortSignal.abort() })).rejects.toBeInstanceOf(APIUserAbortError);
    expect(sandbox().requests).toHaveLength(0);
  });

  test("an abort is never mistaken for a timeout, even with a short timeout", async () => {
    const { client } = sandboxClient(sandbox(), { timeout: 10_000 });
    sandbox().faults.next({ kind: "hang" });
    const controller = new AbortController();
    const listing = rejectionOf(client.evals.runs.list({}, { signal: controller.signal, timeout: 5_000 }));
    await waitForRequests(1);
    controller.abort();
    const error = await listing;
    expect(error).toBeInstanceOf(APIUserAbortError);
    expect(error).not.toBeInstanceOf(APIConnectionError);
  });
});

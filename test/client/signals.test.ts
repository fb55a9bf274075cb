// Abort signals that are not this realm's AbortSignal: a polyfill-style EventTarget subclass, and a
// hand-rolled controller evaluated in another realm (a node:vm context, which has no AbortController
// of its own) whose signal has no removeEventListener and calls no `handleEvent`.
import { runInNewContext } from "node:vm";
import { describe, expect, test, vi } from "vitest";
import { APIUserAbortError, RequestValidationError, type RequestOptions } from "../../src/index.js";
import { announcedRetryDelays, rejectionOf, sandboxClient, useSandbox } from "./helpers.js";

const sandbox = useSandbox();

interface ControllerLike {
  readonly signal: NonNullable<RequestOptions["signal"]>;
  abort(reason?: unknown): void;
}

/** A polyfill's signal: an EventTarget with `aborted` and `reason`, but not an AbortSignal. */
class PolyfillSignal extends EventTarget {
  aborted = false;
  reason: unknown = undefined;
}
class PolyfillController implements ControllerLike {
  readonly signal = new PolyfillSignal();
  abort(reason: unknown = new Error("aborted")): void {
    if (this.signal.aborted) return;
    this.signal.aborted = true;
    this.signal.reason = reason;
    this.signal.dispatchEvent(new Event("abort"));
  }
}

const OtherRealmController = runInNewContext(`(() => {
  class Signal {
    constructor() { this.aborted = false; this.reason = undefined; this.listeners = []; }
    addEventListener(type, listener) { if (type === "abort") this.listeners.push(listener); }
  }
  return class Controller {
    constructor() { this.signal = new Signal(); }
    abort(reason) {
      if (this.signal.aborted) return;
      this.signal.aborted = true;
      this.signal.reason = reason === undefined ? new Error("aborted") : reason;
      for (const listener of this.signal.listeners.splice(0)) listener();
    }
  };
})()`) as new () => ControllerLike;

const controllers: Array<[string, () => ControllerLike]> = [
  ["an EventTarget-based polyfill signal", () => new PolyfillController()],
  ["a signal from another realm (node:vm)", () => new OtherRealmController()],
];

const waitForRequests = (count: number): Promise<void> =>
  vi.waitFor(() => expect(sandbox().requests.length).toBeGreaterThanOrEqual(count), { timeout: 10_000, interval: 5 });

describe.each(controllers)("%s", (_kind, makeController) => {
  test("is not an AbortSignal of this realm", () => {
    expect(makeController().signal).not.toBeInstanceOf(AbortSignal);
  });

  test("aborting mid-request throws APIUserAbortError with the reason, without waiting for the timeout", async () => {
    // A 60 s timeout and no retries: only the foreign signal can end this request before the test's own timeout.
    const { client } = sandboxClient(sandbox(), { timeout: 60_000, maxRetries: 0 });
    sandbox().faults.on(() => true, { kind: "hang" });
    const controller = makeController();
    const listing = rejectionOf(client.evals.runs.list({}, { signal: controller.signal }));
    await waitForRequests(1);
    const reason = new Error("changed my mind");
    controller.abort(reason);
    const error = await listing;
    expect(error).toBeInstanceOf(APIUserAbortError);
    expect((error as APIUserAbortError).cause).toBe(reason);
    await vi.waitFor(() => expect(sandbox().requests[0]?.outcome).toBe("client-aborted"), { timeout: 10_000, interval: 5 });
    expect(sandbox().requests).toHaveLength(1);
  });

  test("aborting during a 60 s retry wait throws APIUserAbortError without another request", async () => {
    const { client, logger } = sandboxClient(sandbox(), { maxRetries: 3 });
    sandbox().faults.next({ kind: "status", status: 503, retryAfter: 60 });
    const controller = makeController();
    const listing = rejectionOf(client.evals.runs.list({}, { signal: controller.signal }));
    await vi.waitFor(() => expect(announcedRetryDelays(logger)).toEqual([60_000]), { timeout: 10_000, interval: 5 });
    controller.abort();
    const error = await listing;
    expect(error).toBeInstanceOf(APIUserAbortError);
    expect((error as Error).message).toContain("retry wait");
    expect(sandbox().requests).toHaveLength(1);
  });

  test("aborting while prefetched pages hang ends iteration with APIUserAbortError", async () => {
    const { client } = sandboxClient(sandbox(), { timeout: 60_000, maxRetries: 0 });
    sandbox().faults.on((request) => request.query.offset !== "0", { kind: "hang" });
    const controller = makeController();
    const seen: string[] = [];
    const iterating = rejectionOf((async () => {
      for await (const run of client.evals.runs.list({ limit: 5 }, { signal: controller.signal, concurrency: 3 })) seen.push(run.eval_run_uuid);
    })());
    await waitForRequests(4);
    controller.abort();
    expect(await iterating).toBeInstanceOf(APIUserAbortError);
    expect(seen).toHaveLength(5);
    await vi.waitFor(() => expect(sandbox().inFlight).toBe(0), { timeout: 10_000, interval: 5 });
  });

  test("an already aborted one sends nothing", async () => {
    const { client } = sandboxClient(sandbox());
    const controller = makeController();
    controller.abort();
    await expect(client.evals.runs.list({}, { signal: controller.signal })).rejects.toBeInstanceOf(APIUserAbortError);
    expect(sandbox().requests).toHaveLength(0);
  });

  test("a request it never aborts completes", async () => {
    const { client } = sandboxClient(sandbox());
    const page = await client.evals.runs.list({ limit: 3 }, { signal: makeController().signal });
    expect(page.items).toHaveLength(3);
  });
});

describe("signals that are not signals", () => {
  test.each([
    ["a string", "stop"],
    ["an object without addEventListener", { aborted: false }],
    ["an object whose aborted is not a boolean", { aborted: "no", addEventListener() {} }],
    ["a removeEventListener that is not a function", { aborted: false, addEventListener() {}, removeEventListener: 1 }],
  ])("%s is refused before sending", async (_what, signal) => {
    const { client } = sandboxClient(sandbox());
    const error = await rejectionOf(client.evals.runs.fetchPage({}, { signal: signal as unknown as AbortSignal }));
    expect(error).toBeInstanceOf(RequestValidationError);
    expect((error as RequestValidationError).parameter).toBe("options.signal");
    expect((error as Error).message).toContain("addEventListener");
    expect(sandbox().requests).toHaveLength(0);
  });
});

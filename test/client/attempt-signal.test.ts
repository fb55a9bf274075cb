// The attempt signal adapter: a light, signal-shaped EventTarget where the runtime's Request follows one
// (Node's undici), a real AbortController everywhere else. Both paths are exercised end to end by the
// timeout and abort tests (default fetch: light; a fetch passed in: AbortController); this file pins the choice.
import { describe, expect, test } from "vitest";
import { attemptAbort, followsLightSignals } from "../../src/attempt-signal.js";

/** A Request as WebIDL-strict runtimes (browsers, Deno) have it: the signal must be a real AbortSignal. */
class StrictRequest extends Request {
  constructor(input: RequestInfo | URL, init?: RequestInit) {
    if (init?.signal && !(init.signal instanceof AbortSignal)) throw new TypeError("Failed to construct 'Request': member signal is not of type AbortSignal.");
    super(input, init);
  }
}

/** A Request that takes any signal but never follows it. */
class DeafRequest extends Request {
  constructor(input: RequestInfo | URL, init?: RequestInit) {
    super(input, { ...init, signal: undefined });
  }
}

describe("attempt signals", () => {
  test("Node's own Request follows a light signal, so attempts with the runtime's fetch use one", () => {
    expect(followsLightSignals(Request)).toBe(true);
    const light = attemptAbort(globalThis.fetch);
    expect(light).not.toBeInstanceOf(AbortController);
    expect(light.signal).not.toBeInstanceOf(AbortSignal);
  });

  test.each([
    ["refuses it (WebIDL-strict)", StrictRequest],
    ["takes it but never aborts", DeafRequest],
    ["does not exist", undefined],
  ])("falls back to AbortController where the runtime's Request %s", (_how, RequestClass) => {
    expect(followsLightSignals(RequestClass as typeof Request | undefined)).toBe(false);
  });

  test("a fetch passed in always gets a real AbortController (it may check its signal's class)", () => {
    const custom: typeof fetch = (input, init) => fetch(input, init);
    expect(attemptAbort(custom)).toBeInstanceOf(AbortController);
  });

  test("a light signal aborts once, with an AbortError reason or the one given, and tells its listeners", () => {
    const light = attemptAbort(globalThis.fetch);
    let heard = 0;
    light.signal.addEventListener("abort", () => heard++);
    light.abort();
    light.abort(new Error("again"));
    expect(light.signal.aborted).toBe(true);
    expect(light.signal.reason).toMatchObject({ name: "AbortError" });
    expect(heard).toBe(1);
    const withReason = attemptAbort(globalThis.fetch);
    const reason = new Error("timed out");
    withReason.abort(reason);
    expect(withReason.signal.reason).toBe(reason);
  });
});

import { afterEach, beforeEach, describe, expect, test, vi } from "vitest";
import { APIUserAbortError, NotFoundError } from "../../src/index.js";
import { type SandboxServer } from "../../src/testing/index.js";
import { startSandbox } from "../support/sandbox.js";
import {
  clientFetcher,
  collectUuids,
  concurrencyProbe,
  listRuns,
  listWith,
  okOffsets,
  plainFetcher,
  rejectionOf,
  sandboxClient,
  uuids,
} from "./helpers.js";

// A fresh server per test: requests a test aborted may reach the server after it ended.
let sandbox: SandboxServer;
let capped: SandboxServer;
beforeEach(async () => {
  sandbox = await startSandbox({ runs: 250 });
  capped = await startSandbox({ runs: 50, maxPageSize: 7 });
});
afterEach(() => Promise.all([sandbox.close(), capped.close()]));

const offsetIs = (offset: number) => (r: { query: Readonly<Record<string, string>> }) => r.query.offset === String(offset);

describe("bounded prefetch", () => {
  test.each([1, 2, 4, 8])("never has more than %i page requests in flight and yields in server order", async (concurrency) => {
    const probe = concurrencyProbe(clientFetcher(sandboxClient(sandbox)));
    // Early pages answer late, so later pages finish first: order must still hold.
    sandbox.faults.on(offsetIs(10), { kind: "delay", ms: 60 }).on(offsetIs(30), { kind: "delay", ms: 30 });
    const seen = await collectUuids(listWith(probe.fetchPage, { limit: 10 }, { concurrency }));
    expect(seen).toEqual(uuids(sandbox.runs));
    expect(probe.peak).toBeLessThanOrEqual(concurrency);
    expect(probe.calls).toBe(25);
    if (concurrency > 1) expect(probe.peak).toBeGreaterThan(1);
  });

  test.each([1, 3, 8])("a server capping pages below limit loses nothing (concurrency %i)", async (concurrency) => {
    const seen = await collectUuids(listRuns(sandboxClient(capped), { limit: 20 }, { concurrency }));
    expect(seen).toEqual(uuids(capped.runs));
    // The stride follows the pages the server really returns: no gaps, no overlapping requests.
    expect(okOffsets(capped).sort((a, b) => a - b)).toEqual([0, 7, 14, 21, 28, 35, 42, 49]);
  });

  test("a page shorter than planned while more remain moves the planned offsets, losing nothing", async () => {
    // The server returns only 6 runs at offset 10: prefetches planned at 20, 30, ... would skip 16-19.
    const short = plainFetcher(sandbox, {
      transform: (page, query) => (query.offset === 10 ? { ...page, items: page.items.slice(0, 6) } : page),
    });
    const seen = await collectUuids(listWith(short, { limit: 10 }, { concurrency: 4 }));
    expect(seen).toEqual(uuids(sandbox.runs));
    expect(okOffsets(sandbox)).toContain(16);
  });

  test("retried page requests still yield every run once, in order", async () => {
    sandbox.faults
      .on((r) => r.attempt === 0 && r.query.offset === "20", { kind: "status", status: 503, retryAfterMs: 0 })
      .on((r) => r.attempt === 0 && r.query.offset === "50", { kind: "status", status: 429, retryAfterMs: 0 });
    const seen = await collectUuids(listRuns(sandboxClient(sandbox), { limit: 10 }, { concurrency: 4 }));
    expect(seen).toEqual(uuids(sandbox.runs));
    expect(sandbox.requests.filter((r) => r.status !== 200).map((r) => r.status).sort()).toEqual([429, 503]);
  });

  test("a page that fails for good surfaces after the items before it, and stops the rest", async () => {
    sandbox.faults.on(offsetIs(30), { kind: "status", status: 404 });
    const seen: string[] = [];
    const error = await rejectionOf(
      (async () => {
        for await (const run of listRuns(sandboxClient(sandbox), { limit: 10 }, { concurrency: 4 })) seen.push(run.eval_run_uuid);
      })(),
    );
    expect(error).toBeInstanceOf(NotFoundError);
    expect(seen).toEqual(uuids(sandbox.runs.slice(0, 30)));
    await vi.waitFor(() => expect(sandbox.inFlight).toBe(0));
  });
});

describe("cleanup", () => {
  test("leaving the loop early aborts every prefetch in flight", async () => {
    // Pages from the third on never answer: they stay in flight until the client gives up.
    sandbox.faults.on((r) => Number(r.query.offset) >= 20, { kind: "hang" });
    const seen: string[] = [];
    for await (const run of listRuns(sandboxClient(sandbox), { limit: 10 }, { concurrency: 4 })) {
      seen.push(run.eval_run_uuid);
      if (seen.length === 11) {
        await vi.waitFor(() => expect(sandbox.inFlight).toBe(3));
        break;
      }
    }
    await vi.waitFor(() => expect(sandbox.inFlight).toBe(0));
    const hung = sandbox.requests.filter((r) => Number(r.query.offset) >= 20);
    expect(hung.map((r) => r.query.offset).sort()).toEqual(["20", "30", "40"]);
    expect(hung.every((r) => r.outcome === "client-aborted")).toBe(true);
  });

  test.each(["return", "throw"] as const)("a %s out of the loop aborts the prefetches too", async (how) => {
    sandbox.faults.on((r) => Number(r.query.offset) >= 20, { kind: "hang" });
    const leave = async (): Promise<string> => {
      let n = 0;
      for await (const run of listRuns(sandboxClient(sandbox), { limit: 10 }, { concurrency: 3 })) {
        if (++n === 15) {
          await vi.waitFor(() => expect(sandbox.inFlight).toBe(2));
          if (how === "throw") throw new Error("consumer failed");
          return run.eval_run_uuid;
        }
      }
      return "";
    };
    if (how === "throw") await expect(leave()).rejects.toThrow("consumer failed");
    else expect(await leave()).toBe(sandbox.runs[14]?.eval_run_uuid);
    await vi.waitFor(() => expect(sandbox.inFlight).toBe(0));
  });

  test("the caller's signal aborts iteration mid-way with APIUserAbortError", async () => {
    const controller = new AbortController();
    const seen: string[] = [];
    const error = await rejectionOf(
      (async () => {
        for await (const run of listRuns(sandboxClient(sandbox), { limit: 10 }, { concurrency: 4, signal: controller.signal })) {
          seen.push(run.eval_run_uuid);
          if (seen.length === 25) controller.abort();
        }
      })(),
    );
    expect(error).toBeInstanceOf(APIUserAbortError);
    expect(seen).toEqual(uuids(sandbox.runs.slice(0, 25)));
    await vi.waitFor(() => expect(sandbox.inFlight).toBe(0));
  });

  test("the caller's signal aborts a page request that hangs", async () => {
    sandbox.faults.on((r) => Number(r.query.offset) >= 10, { kind: "hang" });
    const controller = new AbortController();
    const pages = listRuns(sandboxClient(sandbox), { limit: 10 }, { concurrency: 2, signal: controller.signal }).iterPages();
    expect((await pages.next()).value?.offset).toBe(0);
    const second = pages.next();
    await vi.waitFor(() => expect(sandbox.inFlight).toBe(2));
    controller.abort();
    expect(await rejectionOf(second)).toBeInstanceOf(APIUserAbortError);
    await vi.waitFor(() => expect(sandbox.inFlight).toBe(0));
  });

  test("an already aborted signal fails the first page without a request", async () => {
    const listing = listRuns(sandboxClient(sandbox), {}, { signal: AbortSignal.abort() });
    expect(await rejectionOf(listing)).toBeInstanceOf(APIUserAbortError);
    expect(sandbox.requests).toHaveLength(0);
  });
});

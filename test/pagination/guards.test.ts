// Servers that break the offset contract must end iteration with a PaginationError that says
// what was seen, never loop or yield garbage.
import { afterEach, beforeEach, describe, expect, test } from "vitest";
import type { EvalRunResult } from "../../generated/types.js";
import { AymaraAIError } from "../../src/index.js";
import { PaginationError, type PageData } from "../../src/pagination/index.js";
import { type SandboxServer } from "../../src/testing/index.js";
import { startSandbox } from "../support/sandbox.js";
import { collectUuids, listRuns, listWith, plainFetcher, rejectionOf, sandboxClient, uuids } from "./helpers.js";

let sandbox: SandboxServer;
beforeEach(async () => {
  sandbox = await startSandbox({ runs: 95 });
});
afterEach(() => sandbox.close());

/** Runs the whole iteration; returns the uuids yielded before it failed, and the error. */
async function iterateUntilFailure(iterable: AsyncIterable<EvalRunResult>): Promise<{ seen: string[]; error: unknown }> {
  const seen: string[] = [];
  const error = await rejectionOf(
    (async () => {
      for await (const run of iterable) seen.push(run.eval_run_uuid);
    })(),
  );
  return { seen, error };
}

describe.each([1, 4])("a server that ignores offset (concurrency %i)", (concurrency) => {
  test("on every request: fails after the first page", async () => {
    sandbox.faults.on(() => true, { kind: "ignore-offset" });
    const { seen, error } = await iterateUntilFailure(listRuns(sandboxClient(sandbox), { limit: 10 }, { concurrency }));
    expect(error).toBeInstanceOf(PaginationError);
    expect(error).toBeInstanceOf(AymaraAIError);
    expect((error as Error).message).toMatch(/page at offset 10 repeats the 10 items of the page at offset 0.*ignore `offset`/);
    expect(seen).toEqual(uuids(sandbox.runs.slice(0, 10)));
    expect(sandbox.requests.length).toBeLessThanOrEqual(1 + concurrency);
  });

  test("on one request: fails at that page", async () => {
    sandbox.faults.on((r) => r.query.offset === "30", { kind: "ignore-offset" });
    const { seen, error } = await iterateUntilFailure(listRuns(sandboxClient(sandbox), { limit: 10 }, { concurrency }));
    expect((error as Error).message).toMatch(/page at offset 30 repeats .* page at offset 0/);
    expect(seen).toEqual(uuids(sandbox.runs.slice(0, 30)));
  });
});

describe("pages the pager refuses", () => {
  test("more items than the limit asked for", async () => {
    const base = plainFetcher(sandbox);
    const doubling: typeof base = (query, options) => base({ ...query, limit: 2 * (query.limit ?? 1) }, options);
    const { seen, error } = await iterateUntilFailure(listWith(doubling, { limit: 10 }, {}));
    expect(error).toBeInstanceOf(PaginationError);
    expect((error as Error).message).toBe("The page at offset 0 returned 20 items although limit was 10.");
    expect(seen).toEqual([]);
  });

  test.each([
    { count: -1, shown: "-1" },
    { count: 12.5, shown: "12.5" },
    { count: Number.NaN, shown: "NaN" },
    { count: "95", shown: "95" },
  ])("count $shown", async ({ count }) => {
    const lying = plainFetcher(sandbox, { transform: (page) => ({ ...page, count }) as unknown as PageData<EvalRunResult> });
    const error = await rejectionOf(listWith(lying, { limit: 10 }, {}));
    expect(error).toBeInstanceOf(PaginationError);
    expect((error as Error).message).toMatch(/^The page at offset 0 reported count .+; expected a non-negative integer\.$/);
  });

  test("a later page with a bad count fails there, after the runs before it", async () => {
    const lying = plainFetcher(sandbox, { transform: (page, query) => (query.offset === 20 ? { ...page, count: -5 } : page) });
    const { seen, error } = await iterateUntilFailure(listWith(lying, { limit: 10 }, { concurrency: 3 }));
    expect((error as Error).message).toMatch(/offset 20 reported count -5/);
    expect(seen).toEqual(uuids(sandbox.runs.slice(0, 20)));
  });

  test("a page without an items array", async () => {
    const broken = plainFetcher(sandbox, { transform: (page) => ({ count: page.count }) as unknown as PageData<EvalRunResult> });
    const error = await rejectionOf(listWith(broken, {}, {}));
    expect((error as Error).message).toBe("The page at offset 0 has no items array (got undefined).");
  });
});

describe("pages that end early", () => {
  test("a count larger than the data ends at the first empty page", async () => {
    const inflated = plainFetcher(sandbox, { transform: (page) => ({ ...page, count: 1_000_000 }) });
    const seen = await collectUuids(listWith(inflated, { limit: 10 }, { concurrency: 4 }));
    expect(seen).toEqual(uuids(sandbox.runs));
    expect(sandbox.requests.length).toBeLessThanOrEqual(10 + 1 + 4);
  });

  test("an empty page ends iteration even when count says more remain", async () => {
    const stingy = plainFetcher(sandbox, { transform: (page, query) => (query.offset === 40 ? { ...page, items: [] } : page) });
    const pages = [];
    for await (const page of listWith(stingy, { limit: 10 }, {}).iterPages()) pages.push(page);
    expect(pages.map((p) => p.offset)).toEqual([0, 10, 20, 30, 40]);
    expect(pages.at(-1)?.hasNextPage()).toBe(false);
  });
});

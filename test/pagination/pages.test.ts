import { afterAll, beforeAll, beforeEach, describe, expect, test } from "vitest";
import { operations } from "../../generated/metadata.js";
import { AymaraAIError, RequestValidationError } from "../../src/index.js";
import { OffsetPage, PagePromise, PaginationError } from "../../src/pagination/index.js";
import { type SandboxServer } from "../../src/testing/index.js";
import { startSandbox } from "../support/sandbox.js";
import { collectUuids, listRuns, listWith, okOffsets, plainFetcher, rejectionOf, sandboxClient, uuids } from "./helpers.js";

let sandbox: SandboxServer;
beforeAll(async () => {
  sandbox = await startSandbox({ runs: 0 });
});
afterAll(() => sandbox.close());
beforeEach(() => {
  sandbox.faults.clear();
  sandbox.clearRequests();
});

const client = (): ReturnType<typeof sandboxClient> => sandboxClient(sandbox);

describe("offset pages", () => {
  test.each([
    { runs: 0, limit: 10, offsets: [0] },
    { runs: 1, limit: 10, offsets: [0] },
    { runs: 10, limit: 10, offsets: [0] },
    { runs: 95, limit: 10, offsets: [0, 10, 20, 30, 40, 50, 60, 70, 80, 90] },
    { runs: 100, limit: 25, offsets: [0, 25, 50, 75] },
  ])("iterates $runs runs at limit $limit with one request per page", async ({ runs, limit, offsets }) => {
    sandbox.seed(runs);
    const seen = await collectUuids(listRuns(client(), { limit }));
    expect(seen).toEqual(uuids(sandbox.runs));
    expect(okOffsets(sandbox)).toEqual(offsets);
  });

  test("a page exposes items, count, offset and limit, and knows its successor", async () => {
    sandbox.seed(45);
    const page = await listRuns(client(), { limit: 20 });
    expect(page).toBeInstanceOf(OffsetPage);
    expect(page.items.map((r) => r.eval_run_uuid)).toEqual(uuids(sandbox.runs.slice(0, 20)));
    expect([page.count, page.offset, page.limit]).toEqual([45, 0, 20]);
    expect(page.hasNextPage()).toBe(true);
    expect(page.nextPageQuery()).toEqual({ limit: 20, offset: 20 });

    const second = await page.getNextPage();
    const third = await second.getNextPage();
    expect([second.offset, third.offset, third.items.length]).toEqual([20, 40, 5]);
    expect(third.hasNextPage()).toBe(false);
    expect(third.nextPageQuery()).toBeNull();
  });

  test("a page from a fetcher that gives no response has no request id and empty headers", async () => {
    sandbox.seed(15);
    const page = await listWith(plainFetcher(sandbox), { limit: 10 }, {});
    expect(page.requestId).toBeUndefined();
    const names: string[] = [];
    page.headers.forEach((_, name) => names.push(name));
    expect(names).toEqual([]);
    // Its keys are made only for the next page's deduplication, which still drops nothing here.
    const next = await page.getNextPage();
    expect(next.items.map((r) => r.eval_run_uuid)).toEqual(uuids(sandbox.runs.slice(10)));
  });

  test("without a limit, pages use the spec's default limit", async () => {
    sandbox.seed(operations.listEvalRuns.queryParams.limit.default + 1);
    const page = await listRuns(client());
    expect(page.limit).toBe(operations.listEvalRuns.queryParams.limit.default);
    expect(sandbox.requests[0]?.query).toMatchObject({ limit: String(page.limit), offset: "0" });
    expect(page.hasNextPage()).toBe(true);
  });

  test("getNextPage() after the last page says to check hasNextPage() first", async () => {
    sandbox.seed(3);
    const page = await listRuns(client(), { limit: 10 });
    const error = await rejectionOf(page.getNextPage());
    expect(error).toBeInstanceOf(PaginationError);
    expect(error).toBeInstanceOf(AymaraAIError);
    expect((error as Error).message).toMatch(/check hasNextPage\(\) before calling getNextPage\(\)/);
    expect(okOffsets(sandbox)).toEqual([0]);
  });

  test("nextPageQuery() keeps the filters and the limit", async () => {
    sandbox.seed(60);
    const evalUuid = sandbox.runs[0]?.eval_uuid ?? "";
    const page = await listRuns(client(), { eval_uuid: evalUuid, limit: 2 });
    expect(page.nextPageQuery()).toEqual({ eval_uuid: evalUuid, limit: 2, offset: 2 });
  });

  test("list() is a promise of the first page and an async iterable of every item", async () => {
    sandbox.seed(7);
    const listing = listRuns(client(), { limit: 3 });
    expect(listing).toBeInstanceOf(PagePromise);
    expect(listing).toBeInstanceOf(Promise);
    expect(listing.then(() => 1)).not.toBeInstanceOf(PagePromise);
    expect((await listing).items).toHaveLength(3);
    expect(await collectUuids(listing)).toEqual(uuids(sandbox.runs));
  });

  test("iterPages() yields every page in order; a page iterates from itself onward", async () => {
    sandbox.seed(23);
    const offsets: number[] = [];
    for await (const page of listRuns(client(), { limit: 5 }).iterPages()) offsets.push(page.offset);
    expect(offsets).toEqual([0, 5, 10, 15, 20]);

    const second = await (await listRuns(client(), { limit: 5 })).getNextPage();
    expect(await collectUuids(second)).toEqual(uuids(sandbox.runs.slice(5)));
  });

  test("filters reach every page request and only matching runs are yielded", async () => {
    sandbox.seed(200);
    const evalUuid = sandbox.runs[0]?.eval_uuid ?? "";
    const expected = sandbox.runs.filter((run) => run.eval_uuid === evalUuid);
    expect(expected.length).toBeGreaterThan(10);
    const seen = await collectUuids(listRuns(client(), { eval_uuid: evalUuid, limit: 10 }, { concurrency: 3 }));
    expect(seen).toEqual(uuids(expected));
    expect(sandbox.requests.every((r) => r.query.eval_uuid === evalUuid)).toBe(true);
  });

  test.each([0, 1.5, Number.NaN])("concurrency %s is refused before any request", (concurrency) => {
    expect(() => listRuns(client(), {}, { concurrency })).toThrow(RequestValidationError);
    expect(() => listRuns(client(), {}, { concurrency })).toThrow(/options\.concurrency: .* breaks the rule "an integer >= 1"/);
    expect(sandbox.requests).toHaveLength(0);
  });
});

describe("toArray", () => {
  test("collects every run when maxItems is not given", async () => {
    sandbox.seed(42);
    expect(uuids(await listRuns(client(), { limit: 10 }).toArray())).toEqual(uuids(sandbox.runs));
  });

  test.each([1, 4, 8])("stops fetching once it has maxItems (concurrency %i)", async (concurrency) => {
    sandbox.seed(250);
    const all = await listRuns(client(), { limit: 20 }, { concurrency }).toArray({ maxItems: 50 });
    expect(uuids(all)).toEqual(uuids(sandbox.runs.slice(0, 50)));
    expect(okOffsets(sandbox).sort((a, b) => a - b)).toEqual([0, 20, 40]);
  });

  test("maxItems 0 fetches nothing after the first page", async () => {
    sandbox.seed(30);
    expect(await listRuns(client(), { limit: 10 }, { concurrency: 4 }).toArray({ maxItems: 0 })).toEqual([]);
    expect(okOffsets(sandbox)).toEqual([0]);
  });
});

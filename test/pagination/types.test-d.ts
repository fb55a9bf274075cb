// What users can write with pages: the item type comes from the generated schema.
import { assertType, describe, expectTypeOf, test } from "vitest";
import type { EvalRunResult, ListEvalRunsQuery } from "../../generated/types.js";
import type { AymaraAI, RequestOptions } from "../../src/index.js";
import type { ListOptions, OffsetPage, PagePromise } from "../../src/pagination/index.js";
import type { listRuns } from "./helpers.js";

declare const client: AymaraAI;
declare const list: typeof listRuns;

describe("pagination types", () => {
  test("list() is a promise of a page of EvalRunResult and an async iterable of them", () => {
    const listing = list(client, { limit: 100 }, { concurrency: 4 });
    expectTypeOf(listing).toEqualTypeOf<PagePromise<EvalRunResult, ListEvalRunsQuery>>();
    expectTypeOf(listing).toMatchTypeOf<Promise<OffsetPage<EvalRunResult>>>();
    expectTypeOf(listing).toMatchTypeOf<AsyncIterable<EvalRunResult>>();
    expectTypeOf(listing.iterPages()).toMatchTypeOf<AsyncIterable<OffsetPage<EvalRunResult, ListEvalRunsQuery>>>();
    expectTypeOf(listing.toArray({ maxItems: 5000 })).toEqualTypeOf<Promise<EvalRunResult[]>>();
  });

  test("a page exposes typed items and a query with the filters", async () => {
    const page = await list(client, { eval_uuid: "eval.1" });
    expectTypeOf(page.items).toEqualTypeOf<EvalRunResult[]>();
    expectTypeOf(page.count).toEqualTypeOf<number>();
    expectTypeOf(page.nextPageQuery()).toEqualTypeOf<ListEvalRunsQuery | null>();
    expectTypeOf(page.getNextPage()).toEqualTypeOf<Promise<OffsetPage<EvalRunResult, ListEvalRunsQuery>>>();
    expectTypeOf(page).toMatchTypeOf<AsyncIterable<EvalRunResult>>();
    // A page of eval runs is an OffsetPage<EvalRunResult>, as the docs name it.
    assertType<OffsetPage<EvalRunResult>>(page);
  });

  test("list options are the request options plus concurrency", () => {
    assertType<ListOptions<RequestOptions>>({ concurrency: 8, timeout: 1000, maxRetries: 3, signal: new AbortController().signal });
    // @ts-expect-error concurrency is a number
    assertType<ListOptions<RequestOptions>>({ concurrency: "8" });
    // @ts-expect-error no such request option
    assertType<ListOptions<RequestOptions>>({ concurency: 8 });
  });
});

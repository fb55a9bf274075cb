import { assertType, describe, expectTypeOf, test } from "vitest";
import type {
  ErrorCode,
  ErrorResponse,
  EvalConfiguration,
  EvalRunResult,
  EvalRunResultPage,
  EvalRunStatus,
  ListEvalRunsQuery,
  ScoredResponse,
} from "../../generated/types.js";

// Type tests on the real generated schema: they fail the suite when a spec or codegen change
// alters what users can write.

describe("generated schema types", () => {
  test("status is exactly the four-value union", () => {
    expectTypeOf<EvalRunResult["status"]>().toEqualTypeOf<"created" | "processing" | "finished" | "failed">();
    expectTypeOf<EvalRunStatus>().toEqualTypeOf<EvalRunResult["status"]>();
  });

  test("pass_rate is number | null (and optional, as the spec's required list says)", () => {
    expectTypeOf<NonNullable<EvalRunResult>["pass_rate"]>().toEqualTypeOf<number | null | undefined>();
    expectTypeOf<Required<EvalRunResult>["pass_rate"]>().toEqualTypeOf<number | null>();
  });

  test("count and items are required", () => {
    expectTypeOf<EvalRunResultPage["count"]>().toEqualTypeOf<number>();
    // @ts-expect-error count is required
    assertType<EvalRunResultPage>({ items: [] });
    // @ts-expect-error items is required
    assertType<EvalRunResultPage>({ count: 0 });
  });

  test("ground_truth accepts a string, null and an object with keys", () => {
    assertType<EvalConfiguration["ground_truth"]>("reference answer");
    assertType<EvalConfiguration["ground_truth"]>(null);
    assertType<EvalConfiguration["ground_truth"]>({ remote_file_path: "files/truth.pdf", size: 12 });
    // @ts-expect-error a number is not a ground truth
    assertType<EvalConfiguration["ground_truth"]>(42);
  });

  test("response content accepts a string, null and an object with keys", () => {
    assertType<ScoredResponse["content"]>({ remote_file_path: "images/1.png" });
    assertType<ScoredResponse["content"]>(null);
  });

  test("an unknown error code is rejected", () => {
    assertType<ErrorCode>("auth.invalid_key");
    // @ts-expect-error not one of the spec's nine codes
    assertType<ErrorCode>("auth.unknown");
    // @ts-expect-error not one of the spec's nine codes
    assertType<ErrorResponse>({ error: { code: "oops", message: "m" } });
  });

  test("the query parameters are typed and optional", () => {
    assertType<ListEvalRunsQuery>({});
    assertType<ListEvalRunsQuery>({ eval_uuid: "e", workspace_uuid: "w", limit: 10, offset: 0 });
    // @ts-expect-error limit is a number
    assertType<ListEvalRunsQuery>({ limit: "10" });
    // @ts-expect-error unknown parameter
    assertType<ListEvalRunsQuery>({ page: 2 });
  });
});

import { describe, expectTypeOf, test } from "vitest";
import {
  AymaraAI,
  type APIError,
  type ErrorCode,
  type EvalRunResult,
  type EvalRunStatus,
  type ListEvalRunsQuery,
  type ListOptions,
  type OffsetPage,
  type RequestOptions,
} from "../../src/index.js";

declare const client: AymaraAI;

describe("client types", () => {
  test("list accepts the spec's query and request options", () => {
    expectTypeOf(client.evals.runs.list).parameter(0).toEqualTypeOf<ListEvalRunsQuery | undefined>();
    expectTypeOf(client.evals.runs.list).parameter(1).toEqualTypeOf<ListOptions<RequestOptions> | undefined>();
    const page = client.evals.runs.list({ eval_uuid: "e", limit: 10, offset: 0 }, { timeout: 1000, maxRetries: 1, concurrency: 2 });
    expectTypeOf(page).resolves.toEqualTypeOf<OffsetPage<EvalRunResult, ListEvalRunsQuery>>();
    expectTypeOf(page).resolves.toHaveProperty("items").toEqualTypeOf<EvalRunResult[]>();
    expectTypeOf(page).resolves.toHaveProperty("count").toEqualTypeOf<number>();
  });

  test("wrong parameter types do not compile", () => {
    // @ts-expect-error limit is an integer, not a string
    void client.evals.runs.list({ limit: "10" });
    // @ts-expect-error offset is a number
    void client.evals.runs.list({ offset: null });
    // @ts-expect-error eval_uuid is a string
    void client.evals.runs.list({ eval_uuid: 42 });
    // @ts-expect-error unknown parameter
    void client.evals.runs.list({ evalUuid: "e" });
    // @ts-expect-error timeout is a number of milliseconds
    void client.evals.runs.list({}, { timeout: "5s" });
    // @ts-expect-error signal must be an AbortSignal (or look like one)
    void client.evals.runs.list({}, { signal: "stop" });
    // @ts-expect-error a look-alike needs addEventListener
    void client.evals.runs.list({}, { signal: { aborted: false } });
  });

  test("signal takes a native AbortSignal or any look-alike", () => {
    void client.evals.runs.list({}, { signal: AbortSignal.timeout(1000) });
    const polyfill = { aborted: false, reason: undefined, addEventListener(_type: "abort", _listener: () => void) {} };
    void client.evals.runs.list({}, { signal: polyfill });
    expectTypeOf<AbortSignal>().toMatchTypeOf<NonNullable<RequestOptions["signal"]>>();
  });

  test("wrong client options do not compile", () => {
    // @ts-expect-error logLevel is one of off|error|warn|info|debug
    void new AymaraAI({ logLevel: "verbose" });
    // @ts-expect-error maxRetries is a number
    void new AymaraAI({ maxRetries: "2" });
    // @ts-expect-error dangerouslyAllowBrowser is a boolean
    void new AymaraAI({ dangerouslyAllowBrowser: "yes" });
  });

  test("items and errors carry the spec's types", async () => {
    const page = await client.evals.runs.list();
    expectTypeOf(page.items[0]!.status).toEqualTypeOf<EvalRunStatus>();
    expectTypeOf<APIError["code"]>().toEqualTypeOf<ErrorCode | undefined>();
    expectTypeOf<APIError["status"]>().toEqualTypeOf<number>();
  });

  test("client.api is typed by the spec's paths", async () => {
    const { data } = await client.api.GET("/v2/eval-runs", { params: { query: { limit: 1 } } });
    expectTypeOf(data?.count).toEqualTypeOf<number | undefined>();
    // @ts-expect-error the path does not exist in the spec
    void client.api.GET("/v2/evals");
    // @ts-expect-error limit is an integer
    void client.api.GET("/v2/eval-runs", { params: { query: { limit: "1" } } });
  });
});

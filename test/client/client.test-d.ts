import { describe, expectTypeOf, test } from "vitest";
import {
  AymaraAI,
  type APIError,
  type ClientOptions,
  type ExtraQuery,
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

  test("withResponse() resolves to the first page, the raw Response and the request id", () => {
    expectTypeOf(client.evals.runs.list().withResponse()).resolves.toEqualTypeOf<{
      data: OffsetPage<EvalRunResult, ListEvalRunsQuery>;
      response: Response;
      requestId: string | undefined;
    }>();
  });

  test("every page carries its request id and response headers", async () => {
    const page = await client.evals.runs.list();
    expectTypeOf(page.requestId).toEqualTypeOf<string | undefined>();
    expectTypeOf(page.headers).toEqualTypeOf<Headers>();
  });

  test("extraQuery takes scalar values only", () => {
    expectTypeOf<NonNullable<RequestOptions["extraQuery"]>>().toEqualTypeOf<ExtraQuery>();
    expectTypeOf<ExtraQuery>().toEqualTypeOf<Record<string, string | number | boolean>>();
    void client.evals.runs.list({ limit: 10 }, { extraQuery: { beta: "1", min_score: 0.5, include_archived: true } });
    // @ts-expect-error an object is not a query value
    void client.evals.runs.list({}, { extraQuery: { filter: { a: 1 } } });
    // @ts-expect-error an array is not a query value
    void client.evals.runs.list({}, { extraQuery: { ids: ["a", "b"] } });
    // @ts-expect-error null is not a query value
    void client.evals.runs.list({}, { extraQuery: { cursor: null } });
    // @ts-expect-error extraQuery is an object of parameters
    void client.evals.runs.list({}, { extraQuery: "a=1" });
  });

  test("fetchOptions is a RequestInit, on the client and per request", () => {
    expectTypeOf<ClientOptions["fetchOptions"]>().toEqualTypeOf<RequestInit | undefined>();
    expectTypeOf<RequestOptions["fetchOptions"]>().toEqualTypeOf<RequestInit | undefined>();
    void new AymaraAI({ fetchOptions: { keepalive: true, cache: "no-store" } });
    void client.evals.runs.list({}, { fetchOptions: { keepalive: true } });
    // @ts-expect-error keepalive is a boolean
    void new AymaraAI({ fetchOptions: { keepalive: "yes" } });
  });

  test("withOptions() takes client options and returns an AymaraAI", () => {
    expectTypeOf(client.withOptions).parameter(0).toEqualTypeOf<ClientOptions>();
    expectTypeOf(client.withOptions({ timeout: 1000 })).toEqualTypeOf<AymaraAI>();
    // @ts-expect-error timeout is a number
    void client.withOptions({ timeout: "1s" });
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

// `extraQuery`: parameters the spec does not list yet, sent on every page; the typed query stays strict.
import { describe, expect, test } from "vitest";
import { RequestValidationError, type ExtraQuery, type ListEvalRunsQuery } from "../../src/index.js";
import { rejectionOf, sandboxClient, useSandbox } from "./helpers.js";

const sandbox = useSandbox();

const extraQuery = { include_archived: true, min_pass_rate: 0.5, region: "eu west/1 & co" };
const sentExtras = { include_archived: "true", min_pass_rate: "0.5", region: "eu west/1 & co" };

describe("extraQuery", () => {
  test("sends the extra parameters after the typed ones, strings, numbers and booleans as text", async () => {
    const { client } = sandboxClient(sandbox());
    const page = await client.evals.runs.list({ limit: 4 }, { extraQuery });
    expect(page.items).toHaveLength(4);
    const [request] = sandbox().requests;
    expect(request?.query).toEqual({ limit: "4", offset: "0", ...sentExtras });
    expect(request?.url).toMatch(/^\/v2\/eval-runs\?limit=4&offset=0&include_archived=true&min_pass_rate=0\.5&region=eu%20west%2F1%20%26%20co$/);
  });

  test("every page request of a listing carries them, prefetches included", async () => {
    const { client } = sandboxClient(sandbox());
    const runs = await client.evals.runs.list({ limit: 7 }, { extraQuery, concurrency: 3 }).toArray();
    expect(runs).toHaveLength(30);
    expect(sandbox().requests.length).toBeGreaterThanOrEqual(5);
    for (const request of sandbox().requests) expect(request.query).toMatchObject(sentExtras);
  });

  test("getNextPage() carries them; nextPageQuery() stays the typed query, and resuming with it and the same extraQuery works", async () => {
    const { client } = sandboxClient(sandbox());
    const first = await client.evals.runs.list({ limit: 10 }, { extraQuery });
    const second = await first.getNextPage();
    expect(sandbox().requests[1]?.query).toEqual({ limit: "10", offset: "10", ...sentExtras });
    const resumeQuery = second.nextPageQuery();
    expect(resumeQuery).toEqual({ limit: 10, offset: 20 });
    const third = await client.evals.runs.list(resumeQuery ?? {}, { extraQuery });
    expect(third.items.map((r) => r.eval_run_uuid)).toEqual(sandbox().runs.slice(20, 30).map((r) => r.eval_run_uuid));
    expect(sandbox().requests[2]?.query).toEqual({ limit: "10", offset: "20", ...sentExtras });
  });

  test("fetchPage() sends them too; undefined values are left out", async () => {
    const { client } = sandboxClient(sandbox());
    await client.evals.runs.fetchPage({ limit: 1 }, { extraQuery: { beta: "1", skipped: undefined as unknown as string } });
    expect(sandbox().requests[0]?.url).toBe("/v2/eval-runs?limit=1&beta=1");
  });

  test("an unknown key in the typed query is still refused, extraQuery or not", async () => {
    const { client } = sandboxClient(sandbox());
    const error = await rejectionOf(client.evals.runs.list({ evalUuid: "e" } as ListEvalRunsQuery, { extraQuery }));
    expect(error).toMatchObject({ parameter: "evalUuid" });
    expect((error as RequestValidationError).rule).toContain("one of the known parameters");
    expect(sandbox().requests).toHaveLength(0);
  });

  test.each([
    ["in both the typed query and extraQuery", { eval_uuid: "e1" }, { eval_uuid: "e2" }, "eval_uuid"],
    ["the paging limit", {}, { limit: 5 }, "limit"],
    ["the paging offset", { limit: 5 }, { offset: 10 }, "offset"],
    ["a spec parameter absent from the typed query", {}, { workspace_uuid: "w" }, "workspace_uuid"],
  ])("a name the spec knows is refused (%s), before sending", async (_case, query, extra, name) => {
    const { client } = sandboxClient(sandbox());
    const error = await rejectionOf(client.evals.runs.list(query, { extraQuery: extra }));
    expect(error).toBeInstanceOf(RequestValidationError);
    expect(error).toMatchObject({ parameter: `options.extraQuery.${name}` });
    expect((error as Error).message).toContain(`pass ${name} in the typed query`);
    expect(sandbox().requests).toHaveLength(0);
  });

  test.each([
    ["an object", { filter: { a: 1 } }, "filter"],
    ["an array", { ids: ["a", "b"] }, "ids"],
    ["null", { cursor: null }, "cursor"],
    ["NaN", { score: Number.NaN }, "score"],
    ["Infinity", { score: Number.POSITIVE_INFINITY }, "score"],
    ["a bigint", { big: 10n }, "big"],
    ["a function", { fn: () => 1 }, "fn"],
  ])("a value that is %s is refused, before sending", async (_what, extra, name) => {
    const { client } = sandboxClient(sandbox());
    const error = await rejectionOf(client.evals.runs.list({}, { extraQuery: extra as unknown as ExtraQuery }));
    expect(error).toBeInstanceOf(RequestValidationError);
    expect(error).toMatchObject({ parameter: `options.extraQuery.${name}`, rule: "a string, a finite number or a boolean" });
    expect(sandbox().requests).toHaveLength(0);
  });

  test.each([
    ["an array", [["a", "1"]]],
    ["a string", "a=1"],
    ["null", null],
  ])("an extraQuery that is %s is refused", async (_what, extra) => {
    const { client } = sandboxClient(sandbox());
    const error = await rejectionOf(client.evals.runs.list({}, { extraQuery: extra as unknown as ExtraQuery }));
    expect(error).toMatchObject({ parameter: "options.extraQuery" });
    expect(sandbox().requests).toHaveLength(0);
  });

  test("an empty name is refused", async () => {
    const { client } = sandboxClient(sandbox());
    await expect(client.evals.runs.list({}, { extraQuery: { "": "x" } })).rejects.toMatchObject({ parameter: "options.extraQuery.", rule: "a non-empty name" });
  });
});

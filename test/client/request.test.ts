import { describe, expect, test } from "vitest";
import { RequestValidationError, type ListEvalRunsQuery } from "../../src/index.js";
import { VERSION } from "../../src/version.js";
import { rejectionOf, sandboxClient, useSandbox } from "./helpers.js";

const sandbox = useSandbox();

describe("request validation", () => {
  // Values a JavaScript caller (or a cast) can pass despite the types.
  const invalid: Array<[string, Record<string, unknown>, string]> = [
    ["limit", { limit: 0 }, "an integer >= 1"],
    ["limit", { limit: 2.5 }, "an integer >= 1"],
    ["limit", { limit: "20" }, "an integer >= 1"],
    ["offset", { offset: -1 }, "an integer >= 0"],
    ["offset", { offset: 1.5 }, "an integer >= 0"],
    ["eval_uuid", { eval_uuid: 123 }, "a string"],
    ["workspace_uuid", { workspace_uuid: { id: "w" } }, "a string"],
    ["evalUuid", { evalUuid: "e" }, "one of the known parameters"],
  ];

  test.each(invalid)("refuses a bad %s before sending anything: %j", async (parameter, query, rule) => {
    const { client } = sandboxClient(sandbox());
    const error = await rejectionOf(client.evals.runs.list(query as ListEvalRunsQuery));
    expect(error).toBeInstanceOf(RequestValidationError);
    expect(error).toMatchObject({ parameter, value: query[parameter] });
    expect((error as RequestValidationError).rule).toContain(rule);
    expect((error as Error).message).toContain(parameter);
    expect(sandbox().requests).toHaveLength(0);
  });

  test.each([
    ["timeout", { timeout: 0 }],
    ["timeout", { timeout: -5 }],
    ["maxRetries", { maxRetries: 1.5 }],
    ["maxRetries", { maxRetries: -1 }],
  ])("refuses a bad per-request %s before sending anything", async (name, options) => {
    const { client } = sandboxClient(sandbox());
    const error = await rejectionOf(client.evals.runs.list({}, options));
    expect(error).toMatchObject({ parameter: `options.${name}` });
    expect(error).toBeInstanceOf(RequestValidationError);
    expect(sandbox().requests).toHaveLength(0);
  });

  test("a validation error is not retried", async () => {
    const { client, logger } = sandboxClient(sandbox(), { maxRetries: 5 });
    await expect(client.evals.runs.list({ limit: -1 })).rejects.toBeInstanceOf(RequestValidationError);
    expect(logger.lines).toEqual([]);
    expect(sandbox().requests).toHaveLength(0);
  });
});

describe("what goes on the wire", () => {
  test("URL-encodes query values: & # spaces and non-ASCII arrive intact", async () => {
    const { client } = sandboxClient(sandbox());
    const evalUuid = "eval a&b=c#d %20+é/?";
    const page = await client.evals.runs.list({ eval_uuid: evalUuid, workspace_uuid: "ws #1", limit: 7, offset: 2 });
    expect(page.items).toEqual([]);
    expect(sandbox().requests[0]?.query).toEqual({ eval_uuid: evalUuid, workspace_uuid: "ws #1", limit: "7", offset: "2" });
  });

  test("omits parameters left undefined", async () => {
    const { client } = sandboxClient(sandbox());
    await client.evals.runs.fetchPage({ limit: 3, eval_uuid: undefined });
    expect(sandbox().requests[0]?.url).toBe("/v2/eval-runs?limit=3");
  });

  test("sends the key in x-api-key, the user-agent, default and per-request headers", async () => {
    const seen: Headers[] = [];
    const spy: typeof fetch = (input, init) => {
      seen.push(new Request(input, init).headers);
      return fetch(input, init);
    };
    const { client } = sandboxClient(sandbox(), { fetch: spy, defaultHeaders: { "x-team": "evals" } });
    const page = await client.evals.runs.list({ limit: 1 }, { headers: { "x-trace": "abc" } });
    expect(page.items).toHaveLength(1);
    expect(seen[0]?.get("x-api-key")).toBe(sandbox().apiKey);
    const recorded = sandbox().requests[0]?.headers;
    expect(recorded).toMatchObject({ "user-agent": `aymara-eval-runs/${VERSION}`, "x-team": "evals", "x-trace": "abc" });
  });

  test("returns the page the server sent", async () => {
    const { client } = sandboxClient(sandbox());
    const page = await client.evals.runs.list({ limit: 4, offset: 1 });
    expect({ items: page.items, count: page.count, offset: page.offset, limit: page.limit }).toEqual({
      items: sandbox().runs.slice(1, 5),
      count: sandbox().runs.length,
      offset: 1,
      limit: 4,
    });
  });

  test("fetchPage fetches exactly one page with a caller-provided signal", async () => {
    const { client } = sandboxClient(sandbox());
    const controller = new AbortController();
    const page = await client.evals.runs.fetchPage({ limit: 10, offset: 25 }, { signal: controller.signal });
    expect(page.items.map((r) => r.eval_run_uuid)).toEqual(sandbox().runs.slice(25).map((r) => r.eval_run_uuid));
    expect(sandbox().requests).toHaveLength(1);
  });
});

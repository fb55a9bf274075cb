import { afterAll, beforeAll, beforeEach, describe, expect, test } from "vitest";
import { operations } from "../../generated/metadata.js";
import type { EvalRunResultPage, ErrorResponse } from "../../generated/types.js";
import { generateEvalRuns, makeEvalRun, SANDBOX_API_KEY, type SandboxServer } from "../../src/testing/index.js";
import { startSandbox } from "../support/sandbox.js";
import { get, listUrl } from "./helpers.js";

const params = operations.listEvalRuns.queryParams;
const page = (body: unknown) => body as EvalRunResultPage;
const envelope = (body: unknown) => body as ErrorResponse;
const uuids = (body: unknown) => page(body).items.map((run) => run.eval_run_uuid);

let server: SandboxServer;
beforeAll(async () => {
  server = await startSandbox();
});
afterAll(() => server.close());
beforeEach(() => {
  server.seed(250);
  server.faults.clear();
  server.clearRequests();
});

describe("sandbox server: auth and routing", () => {
  test("listens on loopback with an obviously fake default key", () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(server.apiKey).toBe(SANDBOX_API_KEY);
    expect(server.apiKey).toMatch(/^sk-sandbox-/);
  });

  test.each([
    ["a missing key", {}],
    ["a wrong key", { "x-api-key": "sk-wrong" }],
  ])("answers %s with 401 auth.invalid_key, the envelope and a request id", async (_label, headers) => {
    const { response, body } = await get(server, {}, { headers });
    expect(response.status).toBe(401);
    expect(envelope(body).error.code).toBe("auth.invalid_key");
    expect(envelope(body).request_id).toMatch(/^req_/);
    expect(response.headers.get("x-request-id")).toBe(envelope(body).request_id);
  });

  test("answers an unknown path with 404 resource.not_found", async () => {
    const response = await fetch(listUrl(server, {}, "/v2/evals"), { headers: { "x-api-key": server.apiKey } });
    const body = (await response.json()) as ErrorResponse;
    expect(response.status).toBe(404);
    expect(body.error.code).toBe("resource.not_found");
    expect(response.headers.get("x-request-id")).toBe(body.request_id);
  });

  test.each(["POST", "DELETE", "PUT"])("answers %s with 405, an Allow header and the envelope", async (method) => {
    const response = await fetch(listUrl(server), { method, headers: { "x-api-key": server.apiKey } });
    const body = (await response.json()) as ErrorResponse;
    expect(response.status).toBe(405);
    expect(response.headers.get("allow")).toBe(operations.listEvalRuns.method);
    expect(body.error.code).toBe("validation.invalid_request");
    expect(body.request_id).toBe(response.headers.get("x-request-id"));
  });
});

describe("sandbox server: listing", () => {
  test("serves the spec's default limit and offset when they are absent", async () => {
    const { response, body } = await get(server);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("application/json");
    expect(response.headers.get("x-request-id")).toMatch(/^req_/);
    expect(page(body).count).toBe(250);
    expect(uuids(body)).toEqual(server.runs.slice(params.offset.default, params.limit.default).map((run) => run.eval_run_uuid));
  });

  test("pages with limit and offset, newest first, and count is the total", async () => {
    const { body } = await get(server, { limit: 7, offset: 240 });
    expect(page(body).count).toBe(250);
    expect(uuids(body)).toEqual(server.runs.slice(240, 247).map((run) => run.eval_run_uuid));
    const last = await get(server, { limit: 7, offset: 248 });
    expect(uuids(last.body)).toHaveLength(2);
    const past = await get(server, { limit: 7, offset: 1000 });
    expect(page(past.body)).toEqual({ items: [], count: 250 });
  });

  test("filters by eval_uuid and workspace_uuid, alone and together; count is the total matching", async () => {
    const runs = server.runs;
    const evalUuid = runs[0]!.eval_uuid;
    const workspace = runs.find((run) => typeof run.workspace_uuid === "string")!.workspace_uuid!;
    const cases: Array<[Record<string, string>, typeof runs]> = [
      [{ eval_uuid: evalUuid }, runs.filter((run) => run.eval_uuid === evalUuid)],
      [{ workspace_uuid: workspace }, runs.filter((run) => run.workspace_uuid === workspace)],
      [{ eval_uuid: evalUuid, workspace_uuid: workspace }, runs.filter((run) => run.eval_uuid === evalUuid && run.workspace_uuid === workspace)],
      [{ eval_uuid: "eval.does-not-exist" }, []],
    ];
    for (const [filters, expected] of cases) {
      const { body } = await get(server, { ...filters, limit: 1000 });
      expect(page(body).count, JSON.stringify(filters)).toBe(expected.length);
      expect(uuids(body)).toEqual(expected.map((run) => run.eval_run_uuid));
      const second = await get(server, { ...filters, limit: 3, offset: 3 });
      expect(uuids(second.body)).toEqual(expected.slice(3, 6).map((run) => run.eval_run_uuid));
    }
    expect(cases[0]![1].length).toBeLessThan(250);
    expect(cases[2]![1].length).toBeGreaterThan(0);
  });

  test.each([
    ["limit", String(params.limit.minimum - 1), "greater than or equal to"],
    ["limit", "-5", "greater than or equal to"],
    ["limit", "ten", "valid integer"],
    ["limit", "2.5", "valid integer"],
    ["limit", "", "valid integer"],
    ["offset", String(params.offset.minimum - 1), "greater than or equal to"],
    ["offset", "1e3", "valid integer"],
  ])("answers %s=%j with 422 validation.invalid_request naming the parameter", async (name, value, message) => {
    const { response, body } = await get(server, { [name]: value });
    expect(response.status).toBe(422);
    expect(envelope(body).error).toEqual({ code: "validation.invalid_request", message: expect.stringContaining(message), details: { parameter: name, value } });
    expect(envelope(body).error.message.startsWith(`${name}: `)).toBe(true);
  });

  test("uses the last value of a repeated parameter and ignores unknown ones", async () => {
    const response = await fetch(`${listUrl(server)}?limit=1&limit=3&colour=blue`, { headers: { "x-api-key": server.apiKey } });
    expect(response.status).toBe(200);
    expect(((await response.json()) as EvalRunResultPage).items).toHaveLength(3);
  });

  test("accepts the minimums themselves", async () => {
    const { response, body } = await get(server, { limit: params.limit.minimum, offset: params.offset.minimum });
    expect(response.status).toBe(200);
    expect(page(body).items).toHaveLength(params.limit.minimum);
  });

  test("maxPageSize caps a page below the requested limit without changing count", async () => {
    const capped = await startSandbox({ runs: 40, maxPageSize: 15 });
    try {
      const { body } = await get(capped, { limit: 100, offset: 10 });
      expect(page(body).count).toBe(40);
      expect(uuids(body)).toEqual(capped.runs.slice(10, 25).map((run) => run.eval_run_uuid));
      expect(page((await get(capped, { limit: 5 })).body).items).toHaveLength(5);
    } finally {
      await capped.close();
    }
  });
});

describe("sandbox server: a live data set", () => {
  test("insert puts a new run first by its created_at; remove and update change the next answers", async () => {
    const newest = { ...makeEvalRun(0, 99), eval_run_uuid: "score_run.new", created_at: "2030-01-01T00:00:00Z" };
    server.insert(newest);
    let { body } = await get(server, { limit: 2 });
    expect(page(body).count).toBe(251);
    expect(uuids(body)[0]).toBe("score_run.new");
    server.update("score_run.new", { status: "finished", pass_rate: 0.5 });
    ({ body } = await get(server, { limit: 1 }));
    expect(page(body).items[0]).toMatchObject({ eval_run_uuid: "score_run.new", status: "finished", pass_rate: 0.5 });
    expect(server.remove("score_run.new")).toBe(true);
    expect(server.remove("score_run.new")).toBe(false);
    ({ body } = await get(server, { limit: 1 }));
    expect(page(body).count).toBe(250);
    expect(uuids(body)[0]).toBe(server.runs[0]!.eval_run_uuid);
  });

  test("insert at a position shifts the runs after it (what a concurrent writer does to offsets)", async () => {
    const runBefore = server.runs.map((run) => run.eval_run_uuid);
    server.insert({ ...makeEvalRun(0, 5), eval_run_uuid: "score_run.middle" }, 3);
    const { body } = await get(server, { limit: 5, offset: 2 });
    expect(uuids(body)).toEqual([runBefore[2], "score_run.middle", runBefore[3], runBefore[4], runBefore[5]]);
    expect(() => server.insert({ ...makeEvalRun(0, 5), eval_run_uuid: "score_run.far" }, 1000)).toThrow(RangeError);
  });

  test("seed replaces the data set and serves it newest first; duplicates are refused", async () => {
    const runs = generateEvalRuns(3, 11);
    server.seed([runs[2]!, runs[0]!, runs[1]!]);
    expect(uuids((await get(server)).body)).toEqual(runs.map((run) => run.eval_run_uuid));
    expect(() => server.seed([runs[0]!, runs[0]!])).toThrow(/duplicate/);
    expect(() => server.insert(runs[0]!)).toThrow(/already exists/);
  });

  test("runs are frozen copies: changing one cannot desynchronize what is served", () => {
    const run = server.runs[0]!;
    expect(() => Object.assign(run, { status: "failed" })).toThrow(TypeError);
  });
});

describe("sandbox server: virtualRuns", () => {
  test("serves runs generated from their index, with count = virtualRuns, storing none", async () => {
    const virtual = await startSandbox({ virtualRuns: 1_000_000, seed: 3 });
    try {
      const { body } = await get(virtual, { limit: 3, offset: 999_998 });
      expect(page(body)).toEqual({ items: [makeEvalRun(999_998, 3), makeEvalRun(999_999, 3)], count: 1_000_000 });
      expect(() => virtual.runs).toThrow(/virtualRuns/);
      expect(() => virtual.seed(3)).toThrow(/virtualRuns/);
    } finally {
      await virtual.close();
    }
  });

  test("refuses filters with a 400 that says why", async () => {
    const virtual = await startSandbox({ virtualRuns: 10 });
    try {
      const { response, body } = await get(virtual, { eval_uuid: "eval.x" });
      expect(response.status).toBe(400);
      expect(envelope(body).error.code).toBe("validation.invalid_request");
      expect(envelope(body).error.message).toMatch(/^eval_uuid: filtering is not supported .*virtualRuns/);
    } finally {
      await virtual.close();
    }
  });
});

describe("sandbox server: request recording", () => {
  test("records method, path, query, redacted headers, times, status and outcome of each request", async () => {
    await get(server, { limit: 2, eval_uuid: "eval.a" }, { headers: { "x-api-key": server.apiKey, "x-trace": "t1" } });
    await get(server, { limit: 2, eval_uuid: "eval.a" }, { headers: { "x-api-key": "sk-wrong" } });
    const [first, second] = server.requests;
    expect(server.requests).toHaveLength(2);
    expect(first).toMatchObject({ index: expect.any(Number), attempt: 0, method: "GET", path: "/v2/eval-runs", query: { limit: "2", eval_uuid: "eval.a" }, status: 200, outcome: "completed", fault: undefined });
    expect(first!.headers["x-api-key"]).toBe("[redacted]");
    expect(first!.headers["x-trace"]).toBe("t1");
    expect(JSON.stringify(server.requests)).not.toContain(server.apiKey);
    expect(JSON.stringify(server.requests)).not.toContain("sk-wrong");
    expect(first!.endedAt).toBeGreaterThanOrEqual(first!.startedAt);
    expect(second).toMatchObject({ attempt: 1, status: 401, outcome: "completed" });
    expect(second!.index).toBe(first!.index + 1);
    expect(server.inFlight).toBe(0);
  });

  test("keeps only the most recent requests past maxRecordedRequests", async () => {
    const small = await startSandbox({ runs: 3, maxRecordedRequests: 2 });
    try {
      for (let i = 0; i < 7; i++) await get(small, { offset: i });
      expect(small.requests.length).toBeGreaterThanOrEqual(2);
      expect(small.requests.length).toBeLessThanOrEqual(4);
      expect(small.requests.at(-1)?.query).toEqual({ offset: "6" });
    } finally {
      await small.close();
    }
  });
});

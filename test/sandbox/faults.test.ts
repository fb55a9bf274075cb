import { afterAll, beforeAll, beforeEach, describe, expect, test, vi } from "vitest";
import type { ErrorResponse, EvalRunResultPage } from "../../generated/types.js";
import { transientFaults, type Fault, type SandboxServer } from "../../src/testing/index.js";
import { startSandbox } from "../support/sandbox.js";
import { get, listUrl } from "./helpers.js";

// Every fault kind, observed from a plain fetch client.

let server: SandboxServer;
beforeAll(async () => {
  server = await startSandbox({ runs: 40 });
});
afterAll(() => server.close());
beforeEach(() => {
  server.faults.clear();
  server.clearRequests();
});

const settled = () => vi.waitFor(() => expect(server.inFlight).toBe(0), { timeout: 10_000, interval: 5 });

describe("status faults", () => {
  test.each([
    [429, "quota.limit_exceeded"],
    [500, "server.internal_error"],
    [502, "server.internal_error"],
    [503, "server.internal_error"],
    [409, "resource.conflict"],
    [403, "auth.insufficient_permissions"],
  ])("answer %i with the envelope, code %s and a matching x-request-id", async (status, code) => {
    server.faults.next({ kind: "status", status });
    const { response, body } = await get(server);
    const envelope = body as ErrorResponse;
    expect(response.status).toBe(status);
    expect(response.headers.get("content-type")).toBe("application/json");
    expect(envelope.error.code).toBe(code);
    expect(envelope.request_id).toBe(response.headers.get("x-request-id"));
    expect(server.requests[0]).toMatchObject({ status, fault: { kind: "status", status }, outcome: "completed" });
  });

  test("Retry-After in seconds, as an HTTP date, and Retry-After-Ms; extra headers and a chosen code", async () => {
    const date = new Date("2030-01-02T03:04:05Z");
    server.faults.next(
      { kind: "status", status: 503, retryAfter: 2 },
      { kind: "status", status: 429, retryAfter: date },
      { kind: "status", status: 429, retryAfterMs: 150, headers: { "x-should-retry": "true" } },
      { kind: "status", status: 401, code: "auth.expired_key", message: "The key expired." },
    );
    expect((await get(server)).response.headers.get("retry-after")).toBe("2");
    expect((await get(server)).response.headers.get("retry-after")).toBe("Wed, 02 Jan 2030 03:04:05 GMT");
    const third = (await get(server)).response;
    expect([third.headers.get("retry-after-ms"), third.headers.get("x-should-retry")]).toEqual(["150", "true"]);
    const { body } = await get(server);
    expect((body as ErrorResponse).error).toMatchObject({ code: "auth.expired_key", message: "The key expired." });
    expect(server.faults.pending).toBe(0);
  });
});

describe("faults that break the transport", () => {
  test("hang never answers: the client must give up, and the request is recorded as aborted", async () => {
    server.faults.next({ kind: "hang" });
    const abort = new AbortController();
    const pending = fetch(listUrl(server), { headers: { "x-api-key": server.apiKey }, signal: abort.signal });
    await vi.waitFor(() => expect(server.inFlight).toBe(1), { timeout: 10_000, interval: 5 });
    abort.abort();
    await expect(pending).rejects.toThrow(/abort/i);
    await settled();
    expect(server.requests[0]).toMatchObject({ fault: { kind: "hang" }, status: undefined, outcome: "client-aborted" });
  });

  test("delay answers normally after the delay, and a request sent meanwhile is answered first", async () => {
    server.faults.next({ kind: "delay", ms: 60_000 });
    const abort = new AbortController();
    const delayed = fetch(listUrl(server), { headers: { "x-api-key": server.apiKey }, signal: abort.signal }).catch((error: unknown) => error);
    await vi.waitFor(() => expect(server.inFlight).toBe(1), { timeout: 10_000, interval: 5 });
    expect((await get(server)).response.status).toBe(200);
    expect(server.requests.map((request) => request.outcome)).toEqual(["pending", "completed"]);
    abort.abort();
    await delayed;
    await settled();
    server.faults.next({ kind: "delay", ms: 20 });
    const { response, body } = await get(server, { limit: 3 });
    expect(response.status).toBe(200);
    expect((body as EvalRunResultPage).items).toHaveLength(3);
    expect(server.requests.at(-1)).toMatchObject({ fault: { kind: "delay", ms: 20 }, outcome: "completed" });
  });

  test("reset before-body fails the fetch itself", async () => {
    server.faults.next({ kind: "reset", when: "before-body" });
    await expect(fetch(listUrl(server), { headers: { "x-api-key": server.apiKey } })).rejects.toThrow(TypeError);
    await settled();
    expect(server.requests[0]).toMatchObject({ fault: { kind: "reset", when: "before-body" }, status: undefined, outcome: "reset" });
    expect((await get(server)).response.status).toBe(200);
  });

  test("reset mid-body sends the status and headers, then the body read fails", async () => {
    server.faults.next({ kind: "reset", when: "mid-body" });
    const response = await fetch(listUrl(server), { headers: { "x-api-key": server.apiKey } });
    expect(response.status).toBe(200);
    expect(Number(response.headers.get("content-length"))).toBeGreaterThan(1000);
    await expect(response.text()).rejects.toThrow();
    await settled();
    expect(server.requests[0]).toMatchObject({ status: 200, outcome: "reset" });
  });
});

describe("faults that break the body", () => {
  test("truncated-json is a complete 200 response whose body is a cut-off page", async () => {
    const full = (await get(server)).text;
    server.faults.next({ kind: "truncated-json" });
    const { response, text, body } = await get(server);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("application/json");
    expect(text.length).toBeLessThan(full.length);
    expect(full.startsWith(text)).toBe(true);
    expect(body).toBeUndefined();
    expect(() => JSON.parse(text)).toThrow(SyntaxError);
  });

  test("html sends a proxy's HTML error page (502 by default)", async () => {
    server.faults.next({ kind: "html" }, { kind: "html", status: 504 });
    const first = await get(server);
    expect(first.response.status).toBe(502);
    expect(first.response.headers.get("content-type")).toMatch(/^text\/html/);
    expect(first.text).toContain("<title>502 Bad Gateway</title>");
    expect(first.body).toBeUndefined();
    expect((await get(server)).text).toContain("504 Gateway Timeout");
  });

  test("empty-body sends an error status with no body and no content type", async () => {
    server.faults.next({ kind: "empty-body", status: 503, headers: { "retry-after": "1" } });
    const { response, text } = await get(server);
    expect([response.status, text, response.headers.get("content-type"), response.headers.get("retry-after")]).toEqual([503, "", null, "1"]);
  });

  test("wrong-content-type sends the normal page labelled text/plain (or the type given)", async () => {
    server.faults.next({ kind: "wrong-content-type" }, { kind: "wrong-content-type", contentType: "application/xml" });
    const { response, body } = await get(server, { limit: 2 });
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toMatch(/^text\/plain/);
    expect((body as EvalRunResultPage).items).toHaveLength(2);
    expect((await get(server)).response.headers.get("content-type")).toBe("application/xml");
  });

  test("ignore-offset serves the first page whatever the offset", async () => {
    server.faults.next({ kind: "ignore-offset" });
    const ignored = (await get(server, { limit: 5, offset: 10 })).body as EvalRunResultPage;
    const honoured = (await get(server, { limit: 5, offset: 10 })).body as EvalRunResultPage;
    expect(ignored.items.map((run) => run.eval_run_uuid)).toEqual(server.runs.slice(0, 5).map((run) => run.eval_run_uuid));
    expect(honoured.items.map((run) => run.eval_run_uuid)).toEqual(server.runs.slice(10, 15).map((run) => run.eval_run_uuid));
  });
});

describe("scripting faults", () => {
  test("next queues one-shot faults that apply in order, one request each", async () => {
    server.faults.next({ kind: "status", status: 500 }).next({ kind: "status", status: 429 });
    expect(server.faults.pending).toBe(2);
    const statuses = [];
    for (let i = 0; i < 3; i++) statuses.push((await get(server)).response.status);
    expect(statuses).toEqual([500, 429, 200]);
  });

  test("on applies to requests the predicate accepts, given query, headers and attempt, at most `times`", async () => {
    server.faults.on((request) => request.query["offset"] === "5" && request.attempt < 2, { kind: "status", status: 503 });
    server.faults.on((request) => request.headers["x-test"] === "flaky", { kind: "status", status: 500 }, { times: 1 });
    const offset5 = [];
    for (let i = 0; i < 3; i++) offset5.push((await get(server, { offset: 5 })).response.status);
    expect(offset5).toEqual([503, 503, 200]);
    expect(server.requests.map((request) => request.attempt)).toEqual([0, 1, 2]);
    expect((await get(server)).response.status).toBe(200);
    const flaky = { headers: { "x-api-key": server.apiKey, "x-test": "flaky" } };
    expect([(await get(server, {}, flaky)).response.status, (await get(server, {}, flaky)).response.status]).toEqual([500, 200]);
  });

  test("clear removes queued, predicate and random faults", async () => {
    server.faults.next({ kind: "status", status: 500 }).on(() => true, { kind: "hang" }).random({ rate: 1 });
    server.faults.clear();
    expect(server.faults.pending).toBe(0);
    expect((await get(server)).response.status).toBe(200);
  });

  test("random faults follow faultRate and are the same for the same faultSeed", async () => {
    const kinds: Fault[] = [{ kind: "status", status: 503 }, { kind: "empty-body", status: 500 }];
    const statusesOf = async (faultSeed: number) => {
      const random = await startSandbox({ runs: 5, faultRate: 0.5, faultSeed, faultKinds: kinds });
      try {
        const statuses = [];
        for (let i = 0; i < 30; i++) statuses.push((await get(random)).response.status);
        return statuses;
      } finally {
        await random.close();
      }
    };
    const first = await statusesOf(7);
    expect(await statusesOf(7)).toEqual(first);
    expect(new Set(first)).toEqual(new Set([200, 503, 500]));
    server.faults.random({ rate: 1, seed: 1 });
    for (let i = 0; i < 5; i++) await get(server).catch(() => undefined);
    expect(server.requests.every((request) => transientFaults.includes(request.fault!))).toBe(true);
  });

  test("a predicate that throws gives a 500 naming the error, and the server keeps serving", async () => {
    server.faults.on(() => {
      throw new Error("predicate exploded");
    }, { kind: "hang" }, { times: 1 });
    const { response, body } = await get(server);
    expect(response.status).toBe(500);
    expect((body as ErrorResponse).error.message).toContain("predicate exploded");
    server.faults.clear();
    expect((await get(server)).response.status).toBe(200);
  });

  test("invalid faults are refused when scripted", () => {
    expect(() => server.faults.next({ kind: "status", status: 99 })).toThrow(RangeError);
    expect(() => server.faults.next({ kind: "delay", ms: -1 })).toThrow(RangeError);
    expect(() => server.faults.next({ kind: "nope" } as unknown as Fault)).toThrow(TypeError);
    expect(() => server.faults.random({ rate: 2 })).toThrow(RangeError);
  });
});

import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { operations, securitySchemes } from "../../generated/metadata.js";
import { type SandboxServer } from "../../src/testing/index.js";
import { startSandbox } from "../support/sandbox.js";
import { get, listUrl } from "./helpers.js";

// CORS as a browser sees it: the preflight (OPTIONS + Access-Control-Request-*) and the headers of
// the actual answers. Node's fetch sends Origin as given and enforces nothing, so every header shows.

const APP = "http://app.localhost:5173";
const OTHER = "http://evil.localhost:6666";
const apiKeyHeader = securitySchemes.ApiKeyAuth.name;

let open: SandboxServer;
let listed: SandboxServer;
let off: SandboxServer;
beforeAll(async () => {
  [open, listed, off] = await Promise.all([
    startSandbox({ runs: 5, cors: true }),
    startSandbox({ runs: 5, cors: [APP] }),
    startSandbox({ runs: 5 }),
  ]);
});
afterAll(() => Promise.all([open.close(), listed.close(), off.close()]));

function preflight(server: SandboxServer, origin: string, requestHeaders = `${apiKeyHeader}, prefer`): Promise<Response> {
  return fetch(listUrl(server), {
    method: "OPTIONS",
    headers: { origin, "access-control-request-method": operations.listEvalRuns.method, "access-control-request-headers": requestHeaders },
  });
}

const csv = (value: string | null) => (value ?? "").split(",").map((part) => part.trim().toLowerCase());

describe("sandbox CORS", () => {
  test.each([
    ["cors: true, any origin", () => open, OTHER],
    ["cors: [origins], a listed origin", () => listed, APP],
  ])("%s: a preflight gets 204 allowing GET and the API-key header, and is not recorded", async (_label, server, origin) => {
    server().clearRequests();
    server().faults.next({ kind: "status", status: 503 });
    const response = await preflight(server(), origin);
    expect(response.status).toBe(204);
    expect(await response.text()).toBe("");
    expect(response.headers.get("access-control-allow-origin")).toBe(origin);
    expect(csv(response.headers.get("access-control-allow-methods"))).toContain(operations.listEvalRuns.method.toLowerCase());
    expect(csv(response.headers.get("access-control-allow-headers"))).toEqual(expect.arrayContaining([apiKeyHeader, "prefer", "content-type"]));
    expect(Number(response.headers.get("access-control-max-age"))).toBeGreaterThan(0);
    expect(csv(response.headers.get("vary"))).toContain("origin");
    // The browser's question consumed no fault and left no record: the queued 503 meets the real request.
    expect(server().requests).toHaveLength(0);
    expect(server().faults.pending).toBe(1);
    const { response: actual } = await get(server(), {}, { headers: { [apiKeyHeader]: server().apiKey, origin } });
    expect(actual.status).toBe(503);
    expect(actual.headers.get("access-control-allow-origin")).toBe(origin);
  });

  test("answers to an allowed origin (pages, errors, faults) expose the request id and retry headers", async () => {
    open.faults.next({ kind: "status", status: 429, retryAfter: 1 });
    const answers = [
      (await get(open, { limit: 2 }, { headers: { [apiKeyHeader]: open.apiKey, origin: APP } })).response,
      (await get(open, {}, { headers: { origin: APP } })).response,
      (await get(open, { limit: 2 }, { headers: { [apiKeyHeader]: open.apiKey, origin: APP } })).response,
    ];
    expect(answers.map((response) => response.status)).toEqual([429, 401, 200]);
    for (const response of answers) {
      expect(response.headers.get("access-control-allow-origin")).toBe(APP);
      expect(csv(response.headers.get("access-control-expose-headers"))).toEqual(expect.arrayContaining(["x-request-id", "retry-after", "retry-after-ms"]));
      expect(csv(response.headers.get("vary"))).toContain("origin");
    }
  });

  test("a disallowed origin gets no allow-origin header, on the preflight or the answer", async () => {
    const pre = await preflight(listed, OTHER);
    expect(pre.status).toBe(204);
    expect(pre.headers.get("access-control-allow-origin")).toBeNull();
    expect(pre.headers.get("access-control-allow-headers")).toBeNull();
    expect(csv(pre.headers.get("vary"))).toContain("origin");
    const { response } = await get(listed, {}, { headers: { [apiKeyHeader]: listed.apiKey, origin: OTHER } });
    expect(response.status).toBe(200);
    expect(response.headers.get("access-control-allow-origin")).toBeNull();
    expect(response.headers.get("access-control-expose-headers")).toBeNull();
  });

  test("off by default: no CORS headers at all, and OPTIONS is a 405 like any other method", async () => {
    const pre = await preflight(off, APP);
    expect(pre.status).toBe(405);
    const { response } = await get(off, {}, { headers: { [apiKeyHeader]: off.apiKey, origin: APP } });
    for (const answer of [pre, response]) {
      const names: string[] = [];
      answer.headers.forEach((_value, name) => names.push(name));
      expect(names.filter((name) => name.startsWith("access-control-"))).toEqual([]);
      expect(answer.headers.get("vary")).toBeNull();
    }
  });

  test.each([
    [["http://localhost:5173/"]],
    [["localhost:5173"]],
    [["*"]],
    ["yes"],
  ])("refuses cors: %j with a TypeError that shows the expected form", async (cors) => {
    await expect(startSandbox({ runs: 1, cors: cors as never })).rejects.toThrow(/cors must|cors origins must/);
  });
});

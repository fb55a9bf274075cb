import { inspect } from "node:util";
import { afterAll, beforeAll, beforeEach, describe, expect, test } from "vitest";
import { AymaraAI, type AymaraAIError } from "../../src/index.js";
import type { SandboxServer } from "../../src/testing/index.js";
import { rejectionOf, sandboxClient, startSandbox } from "./helpers.js";

const SECRET = "sk-live-must-never-leak-0123456789";

let sandbox: SandboxServer;
beforeAll(async () => {
  sandbox = await startSandbox({ apiKey: SECRET });
});
afterAll(() => sandbox.close());
beforeEach(() => {
  sandbox.faults.clear();
  sandbox.clearRequests();
});

function expectNoSecret(value: unknown): void {
  expect(inspect(value, { depth: 10, showHidden: true })).not.toContain(SECRET);
  expect(JSON.stringify(value) ?? "").not.toContain(SECRET);
  expect(String(value)).not.toContain(SECRET);
}

describe("the API key stays secret", () => {
  test("not in util.inspect, JSON or String of the client", () => {
    const { client } = sandboxClient(sandbox, { apiKey: SECRET });
    expectNoSecret(client);
    expectNoSecret(client.evals);
    expectNoSecret(client.evals.runs);
    expectNoSecret(client.api);
    expect(inspect(client)).toContain("[REDACTED]");
    expect(JSON.parse(JSON.stringify(client))).toMatchObject({ apiKey: "[REDACTED]", baseURL: sandbox.url });
  });

  // Each fault applies only to requests carrying its case's header: a request an earlier case gave
  // up on can still reach a loaded server late, and must not use up the next case's fault. Only the
  // hang needs a short timeout; the others must not time out before their fault answers.
  test.each([
    ["an HTTP error", { kind: "status", status: 503 } as const, 60_000],
    ["a connection error", { kind: "reset", when: "before-body" } as const, 60_000],
    ["a timeout", { kind: "hang" } as const, 200],
    ["a response validation error", { kind: "truncated-json" } as const, 60_000],
  ])("not in %s", async (what, fault, timeout) => {
    const { client } = sandboxClient(sandbox, { apiKey: SECRET, maxRetries: 0, timeout, defaultHeaders: { "x-test-case": what } });
    sandbox.faults.on((request) => request.headers["x-test-case"] === what, fault, { times: 1 });
    const error = (await rejectionOf(client.evals.runs.list())) as AymaraAIError;
    expect(error.message.length).toBeGreaterThan(0);
    expectNoSecret(error);
    expect(error.stack ?? "").not.toContain(SECRET);
  });

  test("not in an authentication error for a wrong key", async () => {
    const wrong = `${SECRET}-but-wrong`;
    const { client } = sandboxClient(sandbox, { apiKey: wrong });
    const error = await rejectionOf(client.evals.runs.list());
    expect(inspect(error, { depth: 10, showHidden: true })).not.toContain(wrong);
    expect(JSON.stringify(error)).not.toContain(SECRET);
  });

  test("not in any log line, even at debug with retries", async () => {
    const { client, logger } = sandboxClient(sandbox, { apiKey: SECRET, logLevel: "debug" });
    sandbox.faults.next({ kind: "status", status: 503, retryAfterMs: 0 });
    await client.evals.runs.list();
    expect(logger.lines.length).toBeGreaterThanOrEqual(3);
    expect(inspect(logger.lines, { depth: 10 })).not.toContain(SECRET);
    const debug = logger.lines.find((l) => l.level === "debug");
    expect(debug?.args).toEqual([expect.objectContaining({ requestHeaders: expect.objectContaining({ "x-api-key": "[REDACTED]" }) })]);
  });

  test("the client has no property holding the key", () => {
    const client = new AymaraAI({ apiKey: SECRET, baseURL: sandbox.url });
    const reachable = JSON.stringify(Object.entries(Object.getOwnPropertyDescriptors(client)).map(([k, d]) => [k, typeof d.value === "string" ? d.value : typeof d.value]));
    expect(reachable).not.toContain(SECRET);
  });
});

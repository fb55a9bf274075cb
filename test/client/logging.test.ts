import { afterEach, describe, expect, test, vi } from "vitest";
import { sandboxClient, useSandbox } from "./helpers.js";

const sandbox = useSandbox();
afterEach(() => {
  vi.unstubAllEnvs();
});

describe("logging", () => {
  test("at debug, one line per attempt with method, URL, status, attempt number and milliseconds; retries at info", async () => {
    const { client, logger } = sandboxClient(sandbox(), { logLevel: "debug" });
    sandbox().faults.next({ kind: "status", status: 503, retryAfterMs: 0 });
    await client.evals.runs.list({ limit: 2 });
    // list() sends the page's offset explicitly.
    const url = `${sandbox().url}/v2/eval-runs?limit=2&offset=0`;
    const [failed, succeeded] = sandbox().requests.map((r) => r.requestId);
    expect(logger.lines.map((l) => [l.level, l.message.replace(/\d+ ms,/, "N ms,")])).toEqual([
      ["debug", `GET ${url} -> 503 (attempt 1 of 3, N ms, request_id ${failed})`],
      ["info", `Retrying GET ${url} after status 503 in 0 ms (attempt 2 of 3).`],
      ["debug", `GET ${url} -> 200 (attempt 2 of 3, N ms, request_id ${succeeded})`],
    ]);
    expect(failed).not.toBe(succeeded);
  });

  test("a connection error's attempt line names the error", async () => {
    const { client, logger } = sandboxClient(sandbox(), { logLevel: "debug", maxRetries: 0 });
    sandbox().faults.next({ kind: "reset", when: "before-body" });
    await expect(client.evals.runs.list()).rejects.toThrow();
    expect(logger.lines[0]?.message).toMatch(/-> APIConnectionError: Connection error: .+ \(attempt 1 of 1, \d+ ms\)$/);
  });

  test("the default level (warn) logs nothing for a request that succeeds after a retry", async () => {
    const { client, logger } = sandboxClient(sandbox(), { logLevel: undefined });
    sandbox().faults.next({ kind: "status", status: 503, retryAfterMs: 0 });
    await client.evals.runs.list();
    expect(logger.lines).toEqual([]);
  });

  test("off silences everything", async () => {
    const { client, logger } = sandboxClient(sandbox(), { logLevel: "off" });
    sandbox().faults.next({ kind: "status", status: 503, retryAfterMs: 0 });
    await client.evals.runs.list();
    expect(logger.lines).toEqual([]);
  });

  test("AYMARA_AI_LOG sets the level when the option is absent", async () => {
    vi.stubEnv("AYMARA_AI_LOG", "debug");
    const { client, logger } = sandboxClient(sandbox(), { logLevel: undefined });
    await client.evals.runs.list();
    expect(logger.lines.map((l) => l.level)).toEqual(["debug"]);
    expect(client.evals.runs.logger.level).toBe("debug");
  });

  test("an unknown AYMARA_AI_LOG is reported and ignored", () => {
    vi.stubEnv("AYMARA_AI_LOG", "loud");
    const { client, logger } = sandboxClient(sandbox(), { logLevel: undefined });
    expect(client.evals.runs.logger.level).toBe("warn");
    expect(logger.lines).toEqual([expect.objectContaining({ level: "warn", message: expect.stringContaining("AYMARA_AI_LOG") })]);
  });

  test("the resource hands its level-filtered logger to pagination", () => {
    const { client, logger } = sandboxClient(sandbox(), { logLevel: "warn" });
    client.evals.runs.logger.warn("count changed");
    client.evals.runs.logger.info("not shown");
    expect(logger.lines).toEqual([{ level: "warn", message: "count changed", args: [] }]);
  });
});

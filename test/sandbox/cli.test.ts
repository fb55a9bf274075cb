import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { get as httpGet } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { ErrorResponse, EvalRunResultPage } from "../../generated/types.js";
import { generateEvalRuns, SANDBOX_API_KEY, type SandboxOptions } from "../../src/testing/index.js";
import { runToEnd, start, stopAll } from "../support/child.js";
import { installPackedSdk } from "../support/packed.js";

// `aymara-eval-runs-sandbox` as a downstream repo runs it: installed from the packed tarball into
// a fresh project, started with npx or the .bin link, talked to over HTTP, stopped by a signal.

const BIN = "aymara-eval-runs-sandbox";
const EXIT_MS = 20_000;
const START_MS = 30_000;

// One flag per createSandboxServer option: tsc fails here when an option is added without one.
const FLAG_OF: Record<keyof SandboxOptions, string> = {
  port: "--port",
  host: "--host",
  apiKey: "--api-key",
  runs: "--runs",
  seed: "--seed",
  maxPageSize: "--max-page-size",
  latencyMs: "--latency-ms",
  faultRate: "--fault-rate",
  faultSeed: "--fault-seed",
  faultKinds: "--fault-kinds",
  virtualRuns: "--virtual-runs",
  maxRecordedRequests: "--max-recorded-requests",
  cors: "--cors",
  validateResponses: "--validate-responses",
};

let consumer: string;
let bin: string;
beforeAll(async () => {
  consumer = mkdtempSync(join(tmpdir(), "aymara-sandbox-cli-"));
  await installPackedSdk(consumer);
  bin = join(consumer, "node_modules", ".bin", BIN);
}, 300_000);
afterAll(() => {
  stopAll();
  if (consumer) rmSync(consumer, { recursive: true, force: true });
});

/** A GET that the server never answers: resolves `connected` once the TCP connection is up. */
function hangingRequest(url: string): { connected: Promise<void>; outcome: Promise<string> } {
  let onConnect!: () => void;
  const connected = new Promise<void>((resolve) => (onConnect = resolve));
  const outcome = new Promise<string>((resolve) => {
    const request = httpGet(url, { agent: false, headers: { "x-api-key": SANDBOX_API_KEY } }, () => resolve("answered"));
    request.on("socket", (socket) => socket.once("connect", onConnect));
    request.on("error", () => resolve("closed by the server"));
  });
  return { connected, outcome };
}

const inConsumer = () => ({ cwd: consumer, env: { ...process.env, npm_config_update_notifier: "false" } });

describe("the aymara-eval-runs-sandbox bin, installed from the packed tarball", () => {
  test("npx aymara-eval-runs-sandbox --help lists a flag for every createSandboxServer option and exits 0", async () => {
    const { code, stdout, stderr } = await runToEnd("npx", ["--no", "--", BIN, "--help"], EXIT_MS, inConsumer());
    expect(code, stderr).toBe(0);
    expect(stdout).toMatch(/^Usage: aymara-eval-runs-sandbox \[options\]/);
    for (const flag of Object.values(FLAG_OF)) expect(stdout).toContain(`  ${flag}`);
    expect(stdout).toContain("Prefer: code=429");
  });

  test("starts, prints the URL, the key and a curl line, answers HTTP, and exits 0 on SIGINT", async () => {
    const child = start(bin, ["--port", "0", "--runs", "12", "--max-page-size", "5", "--cors", "--validate-responses"], inConsumer());
    const [, url] = await child.waitFor(/listening on (http:\/\/127\.0\.0\.1:\d+)/, START_MS);
    await child.waitFor(/Ctrl-C stops it/, START_MS);
    expect(child.stdout()).toContain(`API key: ${SANDBOX_API_KEY}`);
    expect(child.stdout()).toContain(`curl --get '${url}/v2/eval-runs' --data-urlencode 'limit=5' --header 'x-api-key: ${SANDBOX_API_KEY}'`);
    expect(child.stdout()).toMatch(/Filters: eval_uuid, workspace_uuid/);

    // What the printed curl line does, with fetch.
    const headers = { "x-api-key": SANDBOX_API_KEY };
    const page = await fetch(`${url}/v2/eval-runs?limit=10`, { headers });
    expect(page.status).toBe(200);
    const body = (await page.json()) as EvalRunResultPage;
    expect(body.count).toBe(12);
    expect(body.items).toHaveLength(5); // --max-page-size
    const limited = await fetch(`${url}/v2/eval-runs`, { headers: { ...headers, prefer: "code=429" } });
    expect(limited.status).toBe(429);
    expect(((await limited.json()) as ErrorResponse).error.code).toBe("quota.limit_exceeded");
    const preflight = await fetch(`${url}/v2/eval-runs`, { method: "OPTIONS", headers: { origin: "http://localhost:5173", "access-control-request-method": "GET", "access-control-request-headers": "x-api-key" } });
    expect(preflight.headers.get("access-control-allow-origin")).toBe("http://localhost:5173");

    child.process.kill("SIGINT");
    expect(await child.exited(EXIT_MS)).toBe(0);
    // Two requests of the API (the preflight is the browser's question, not recorded).
    expect(child.stdout()).toMatch(/SIGINT: closing \(2 requests served, 0 still open\)/);
    await expect(fetch(`${url}/v2/eval-runs`, { headers })).rejects.toThrow(TypeError);
  });

  test("SIGTERM closes a connection left hanging (a hang fault) and exits 0", async () => {
    const child = start(bin, ["--port", "0", "--runs", "3", "--fault-rate", "1", "--fault-kinds", "hang"], inConsumer());
    const [, url] = await child.waitFor(/listening on (http:\/\/127\.0\.0\.1:\d+)/, START_MS);
    await child.waitFor(/Ctrl-C stops it/, START_MS);
    // Signal only once the request's connection is up, so the server has a connection to close.
    const { connected, outcome } = hangingRequest(`${url}/v2/eval-runs`);
    await connected;
    child.process.kill("SIGTERM");
    expect(await child.exited(EXIT_MS)).toBe(0);
    expect(await outcome).toBe("closed by the server");
    expect(child.stdout()).toMatch(/SIGTERM: closing \(\d+ requests served, \d+ still open\)/);
  });

  test.each([
    [["--bogus"], /Unknown option '--bogus'/],
    [["--port", "http"], /--port must be a port from 0 to 65535, got "http"/],
    [["--fault-rate", "2"], /--fault-rate must be a number from 0 to 1/],
    [["--fault-kinds", "status:99"], /--fault-kinds: status:99 needs a status from 200 to 599/],
    [["--runs=-4"], /--runs must be an integer >= 0, got "-4"/],
    [["--runs", "-4"], /Option '--runs' argument is ambiguous/],
    [["--runs", "5", "--virtual-runs", "5"], /give either runs or virtualRuns, not both/],
    [["--cors", "localhost:5173"], /cors origins must be origins such as/],
  ])("a bad flag (%j) exits 2 with the reason and the usage", async (args, reason) => {
    const { code, stderr, stdout } = await runToEnd(bin, ["--port", "0", ...args], EXIT_MS, inConsumer());
    expect(code).toBe(2);
    expect(stderr).toMatch(reason);
    expect(stderr).toContain("Usage: aymara-eval-runs-sandbox");
    expect(stdout).toBe("");
  });

  test("a runs file that is missing, not JSON, or holds a run the spec forbids exits 1 naming the file and the problem", async () => {
    const file = (name: string, text: string) => {
      writeFileSync(join(consumer, name), text);
      return name;
    };
    const runs = generateEvalRuns(3, 5);
    const bad = [runs[0], { ...runs[1], status: "bogus" }, runs[2]];
    const cases: Array<[string, RegExp]> = [
      ["missing.json", /--runs missing\.json: cannot read it \(ENOENT\)/],
      [file("broken.json", "[{"), /broken\.json: not JSON: /],
      [file("object.json", '{"runs": []}'), /object\.json: expected an array of eval runs, or an object with an "items" array/],
      [file("bad.json", JSON.stringify({ items: bad, count: 3 })), /bad\.json: createSandboxServer: runs\[1\] \(eval_run_uuid "score_run\.[^"]+"\) breaks the spec's EvalRunResult schema at \/status: must be equal to one of the allowed values/],
    ];
    for (const [name, problem] of cases) {
      const { code, stderr } = await runToEnd(bin, ["--port", "0", "--runs", name], EXIT_MS, inConsumer());
      expect(code, name).toBe(1);
      expect(stderr).toMatch(problem);
    }
  });
});

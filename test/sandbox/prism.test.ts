import { createServer } from "node:net";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { operations } from "../../generated/metadata.js";
import { responseExamples } from "../../generated/responses.js";
import type { SandboxServer } from "../../src/testing/index.js";
import { start, stopAll, type Child } from "../support/child.js";
import { repoRoot } from "../support/packed.js";
import { startSandbox } from "../support/sandbox.js";
import { listUrl, type Query } from "./helpers.js";

// An outside validator: Stoplight Prism in proxy mode with --errors, in front of the sandbox on
// loopback, checks every request and response against spec/openapi.yaml. A response that breaks
// the spec comes back as a Prism error with an sl-violations header; none may. One Prism per file:
// its cold start is several seconds (≈ 3 s idle, 9 s on the loaded 2-core machine).

const PRISM = join(repoRoot, "node_modules", ".bin", "prism");
const PRISM_START_MS = 90_000;
const operation = operations.listEvalRuns;
const examples: Readonly<Record<number, Readonly<Record<string, unknown>>>> = responseExamples.listEvalRuns;

let sandbox: SandboxServer;
let prism: Child | undefined;
let prismUrl: string;

/** A port nothing listens on right now (Prism takes a port number, not 0). */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

beforeAll(async () => {
  sandbox = await startSandbox({ runs: 250 });
  // Status faults on request, through a header Prism forwards as it is.
  sandbox.faults.on((request) => request.headers["x-sandbox-fault"] === "503", { kind: "status", status: 503, retryAfter: 1 });
  sandbox.faults.on((request) => request.headers["x-sandbox-fault"] === "bad-body", { kind: "status", status: 200 });
  const port = await freePort();
  prism = start(PRISM, ["proxy", join(repoRoot, "spec", "openapi.yaml"), sandbox.url, "--port", String(port), "--host", "127.0.0.1", "--errors"], { cwd: repoRoot });
  await prism.waitFor(/Prism is listening on/, PRISM_START_MS);
  prismUrl = `http://127.0.0.1:${port}`;
}, PRISM_START_MS + 30_000);

afterAll(async () => {
  stopAll();
  await sandbox?.close();
});

interface Answer {
  status: number;
  violations: string | null;
  body: unknown;
}

async function through(query: Query = {}, headers: Record<string, string> = {}): Promise<Answer> {
  const response = await fetch(listUrl({ url: prismUrl }, query), { headers: { "x-api-key": sandbox.apiKey, ...headers } });
  const text = await response.text();
  return { status: response.status, violations: response.headers.get("sl-violations"), body: text === "" ? undefined : (JSON.parse(text) as unknown) };
}

async function direct(query: Query = {}, headers: Record<string, string> = {}): Promise<{ status: number; body: unknown }> {
  const response = await fetch(listUrl(sandbox, query), { headers: { "x-api-key": sandbox.apiKey, ...headers } });
  return { status: response.status, body: (await response.json()) as unknown };
}

describe("Prism proxy in front of the sandbox", () => {
  test("a sweep of filters × limits × offsets: every page passes, unchanged", async () => {
    const runs = sandbox.runs;
    const evalUuids = [...new Set(runs.map((run) => run.eval_uuid))];
    const workspace = runs.find((run) => typeof run.workspace_uuid === "string")!.workspace_uuid!;
    const filters: Query[] = [{}, { eval_uuid: evalUuids[0]! }, { eval_uuid: evalUuids[1]! }, { workspace_uuid: workspace }, { eval_uuid: evalUuids[0]!, workspace_uuid: workspace }, { eval_uuid: "eval.none" }];
    const checks: Array<Promise<void>> = [];
    for (const filter of filters) {
      for (const limit of [1, 7, 100, 1000]) {
        for (const offset of [0, 99, 249, 10_000]) {
          const query = { ...filter, limit, offset };
          checks.push(
            Promise.all([through(query), direct(query)]).then(([proxied, own]) => {
              const label = JSON.stringify(query);
              expect(proxied.violations, `${label}: ${proxied.violations}`).toBeNull();
              expect(proxied.status, label).toBe(200);
              expect(proxied.body, label).toEqual(own.body);
            }),
          );
        }
      }
    }
    await Promise.all(checks);
    expect(checks.length).toBe(96);
  });

  test.each([operation.successStatus, ...operation.errorStatuses].map((status) => [status]))("Prefer: code=%i passes with that status", async (status) => {
    const answer = await through({}, { prefer: `code=${status}` });
    expect(answer.violations, String(answer.violations)).toBeNull();
    expect(answer.status).toBe(status);
    expect(answer.body).toEqual(Object.values(examples[status]!)[0]);
  });

  test("every named example and every generated error envelope passes", async () => {
    for (const [status, named] of Object.entries(examples)) {
      for (const name of Object.keys(named)) {
        const answer = await through({}, { prefer: `example=${name}` });
        expect(answer.violations, `${name}: ${answer.violations}`).toBeNull();
        expect(answer.status, name).toBe(Number(status));
      }
    }
    for (const status of operation.errorStatuses) {
      const answer = await through({}, { prefer: `code=${status}, dynamic=true` });
      expect(answer.violations, `${status}: ${answer.violations}`).toBeNull();
      expect(answer.status).toBe(status);
    }
  });

  test("the sandbox's own errors pass: a wrong key, a scripted 503", async () => {
    const wrongKey = await through({}, { "x-api-key": "sk-wrong" });
    expect([wrongKey.status, wrongKey.violations]).toEqual([401, null]);
    const unavailable = await through({ limit: 5 }, { "x-sandbox-fault": "503" });
    expect([unavailable.status, unavailable.violations]).toEqual([503, null]);
  });

  test("Prism does see a violation when there is one: a 200 carrying an error envelope, sent on purpose by a fault", async () => {
    const broken = await through({}, { "x-sandbox-fault": "bad-body" });
    expect(broken.violations).not.toBeNull();
    expect(broken.violations).toMatch(/items|count/);
  });

  test.each([
    ["limit", { limit: 0 }],
    ["limit", { limit: "ten" }],
    ["offset", { offset: -1 }],
    ["offset", { offset: "1.5" }],
  ])("Prism and the sandbox refuse the same invalid request (%s %j) with a 422 naming the parameter", async (parameter, query) => {
    const proxied = await through(query);
    expect(proxied.status).toBe(422);
    expect(JSON.stringify(proxied.body)).toContain(`"location":["query","${parameter}"]`);
    const own = await direct(query);
    expect(own.status).toBe(422);
    expect(own.body).toMatchObject({ error: { code: "validation.invalid_request", details: { parameter } } });
  });
});

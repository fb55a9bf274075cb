import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { parseDocument } from "yaml";
import type { ErrorResponse, EvalRunResult, EvalRunResultPage } from "../../generated/types.js";
import { generateEvalRuns, SANDBOX_API_KEY } from "../../src/testing/index.js";
import { copyProject, type ProjectCopy } from "../pipeline/commands.js";
import { runToEnd, start, stopAll, type Child } from "../support/child.js";

// A spec change reaches the sandbox with no edit to src/: in a temp copy of the project, the spec
// gains one query parameter of each kind (string, boolean, integer, number, enum, exploded and
// comma-separated arrays, one matching no field) and the matching run fields; the real pipeline
// regenerates; src/ still type-checks; the sandbox started from that copy validates and filters
// by every new parameter, generates the new fields itself, and refuses runs the new spec forbids.

const REGIONS = ["eu", "us", "apac"] as const;
const STEP_MS = 180_000;

type FixtureRun = EvalRunResult & { is_sandbox: boolean; region: (typeof REGIONS)[number]; labels: string[] };

let project: ProjectCopy | undefined;
let copy: string;
const servers: Record<"given" | "generated", { child: Child; url: string }> = {} as never;
const given: FixtureRun[] = generateEvalRuns(24, 3).map((run, i) => ({ ...run, is_sandbox: i % 3 === 0, region: REGIONS[i % 3]!, labels: i % 2 === 0 ? ["nightly"] : ["nightly", "gpu"] }));

function addParameters(specPath: string): void {
  const spec = parseDocument(readFileSync(specPath, "utf8"));
  const params = ["paths", "/v2/eval-runs", "get", "parameters"];
  const add = (name: string, schema: object, extra: object = {}) => spec.addIn(params, { name, in: "query", required: false, description: `Filter by ${name}.`, ...extra, schema });
  add("name", { type: "string", minLength: 1 });
  add("is_sandbox", { type: "boolean" });
  add("num_prompts", { type: "integer", minimum: 0 });
  add("pass_rate", { type: "number", minimum: 0, maximum: 1 });
  add("status", { $ref: "#/components/schemas/EvalRunStatus" });
  add("region", { type: "array", items: { type: "string", enum: [...REGIONS] } });
  add("labels", { type: "array", items: { type: "string" } }, { explode: false });
  add("verbose", { type: "boolean" });
  const run = ["components", "schemas", "EvalRunResult"];
  spec.setIn([...run, "properties", "is_sandbox"], { type: "boolean", description: "Whether the run is a sandbox run." });
  spec.setIn([...run, "properties", "region"], { type: "string", enum: [...REGIONS], description: "Where the run ran." });
  spec.setIn([...run, "properties", "labels"], { type: "array", items: { type: "string" }, description: "Labels of the run." });
  spec.setIn([...run, "additionalProperties"], false);
  writeFileSync(specPath, spec.toString());
}

async function startCopy(args: string[]): Promise<{ child: Child; url: string }> {
  const child = start(process.execPath, ["--import", "tsx", "src/testing/cli.ts", "--port", "0", "--validate-responses", ...args], { cwd: copy });
  const [, url] = await child.waitFor(/listening on (http:\/\/127\.0\.0\.1:\d+)/, 60_000);
  return { child, url: url! };
}

beforeAll(async () => {
  project = copyProject();
  copy = project.root;
  addParameters(join(copy, "spec", "openapi.yaml"));
  const generated = await runToEnd("npm", ["run", "generate", "--", "--no-docs"], STEP_MS, { cwd: copy });
  expect(generated.code, `${generated.stdout}\n${generated.stderr}`).toBe(0);
  writeFileSync(join(copy, "runs.json"), JSON.stringify(given));
  [servers.given, servers.generated] = await Promise.all([startCopy(["--runs", "runs.json"]), startCopy(["--runs", "60"])]);
}, 2 * STEP_MS);

afterAll(() => {
  stopAll();
  project?.remove();
});

async function list(which: keyof typeof servers, query: string): Promise<{ status: number; body: unknown }> {
  const response = await fetch(`${servers[which].url}/v2/eval-runs?limit=1000&${query}`, { headers: { "x-api-key": SANDBOX_API_KEY } });
  return { status: response.status, body: await response.json() };
}

const uuids = (runs: readonly EvalRunResult[]) => runs.map((run) => run.eval_run_uuid);

describe("a spec with a parameter of each kind, regenerated, with src/ untouched", () => {
  test("src/ still type-checks against the regenerated generated/ (the package's build config)", async () => {
    const tsc = join(copy, "node_modules", "typescript", "bin", "tsc");
    const { code, stdout, stderr } = await runToEnd(process.execPath, [tsc, "-p", "tsconfig.build.json", "--noEmit"], STEP_MS, { cwd: copy });
    expect(code, `${stdout}\n${stderr}`).toBe(0);
    const metadata = readFileSync(join(copy, "generated", "metadata.ts"), "utf8");
    expect(metadata).toMatch(/labels: \{\s*type: "array",[^}]*items: \{ type: "string" \},\s*style: "form",\s*explode: false/);
  }, STEP_MS);

  const first = given[0]!;
  test.each<[string, string, (run: FixtureRun) => boolean]>([
    ["string", `name=${encodeURIComponent(given.find((run) => typeof run.name === "string")!.name!)}`, (run) => run.name === given.find((r) => typeof r.name === "string")!.name],
    ["boolean", "is_sandbox=true", (run) => run.is_sandbox],
    ["boolean false", "is_sandbox=false", (run) => !run.is_sandbox],
    ["integer", `num_prompts=${first.num_prompts}`, (run) => run.num_prompts === first.num_prompts],
    ["number", `pass_rate=${given.find((run) => typeof run.pass_rate === "number")!.pass_rate}`, (run) => run.pass_rate === given.find((r) => typeof r.pass_rate === "number")!.pass_rate],
    ["enum", "status=finished", (run) => run.status === "finished"],
    ["exploded array (any of)", "region=eu&region=apac", (run) => run.region === "eu" || run.region === "apac"],
    ["comma-separated array against a list field (any shared)", "labels=gpu,none", (run) => run.labels.includes("gpu")],
    ["two filters together", "is_sandbox=true&region=eu", (run) => run.is_sandbox && run.region === "eu"],
    ["a parameter matching no field: accepted, ignored", "verbose=true", () => true],
  ])("%s: ?%s filters by equality", async (_kind, query, keep) => {
    const expected = given.filter(keep);
    const { status, body } = await list("given", query);
    expect(status).toBe(200);
    expect((body as EvalRunResultPage).count).toBe(expected.length);
    expect(uuids((body as EvalRunResultPage).items)).toEqual(uuids(expected));
    if (query !== "verbose=true") expect(expected.length).toBeLessThan(given.length);
    expect(expected.length).toBeGreaterThan(0);
  });

  test.each([
    ["name=", "name: String should have at least 1 character"],
    ["is_sandbox=maybe", "is_sandbox: Input should be a valid boolean, unable to interpret input (true or false)"],
    ["num_prompts=-1", "num_prompts: Input should be greater than or equal to 0"],
    ["num_prompts=many", "num_prompts: Input should be a valid integer, unable to parse string as an integer"],
    ["pass_rate=1.5", "pass_rate: Input should be less than or equal to 1"],
    ["pass_rate=high", "pass_rate: Input should be a valid number, unable to parse string as a number"],
    ["status=bogus", "status: Input should be 'created', 'processing', 'finished' or 'failed'"],
    ["region=eu&region=mars", "region.1: Input should be 'eu', 'us' or 'apac'"],
    ["verbose=maybe", "verbose: Input should be a valid boolean, unable to interpret input (true or false)"],
  ])("?%s is a 422 naming the parameter and the rule", async (query, message) => {
    const { status, body } = await list("given", query);
    expect(status).toBe(422);
    expect((body as ErrorResponse).error).toMatchObject({ code: "validation.invalid_request", message });
  });

  test("the SDK built from the copy validates the new parameters before sending and lists through them", async () => {
    const sdk = (await import(pathToFileURL(join(copy, "src", "index.ts")).href)) as typeof import("../../src/index.js");
    const client = new sdk.AymaraAI({ apiKey: SANDBOX_API_KEY, baseURL: servers.given.url, maxRetries: 0 });
    const query = { is_sandbox: true, region: ["eu", "us"], status: "finished", limit: 100 } as Record<string, unknown>;
    const page = await client.evals.runs.list(query as never);
    const expected = given.filter((run) => run.is_sandbox && (run.region === "eu" || run.region === "us") && run.status === "finished");
    expect(uuids(page.items)).toEqual(uuids(expected));
    // `labels` is `explode: false`: the SDK sends ?labels=gpu,none, as the spec says the server reads it (sent
    // exploded, ?labels=gpu&labels=none, the sandbox would read the last value, "none", and match no run).
    const labelled = await client.evals.runs.list({ labels: ["gpu", "none"], limit: 100 } as never);
    expect(uuids(labelled.items)).toEqual(uuids(given.filter((run) => run.labels.includes("gpu"))));
    await expect(client.evals.runs.list({ region: ["eu", "mars"] } as never)).rejects.toMatchObject({ name: "RequestValidationError", parameter: "region" });
    await expect(client.evals.runs.list({ is_sandbox: "maybe" } as never)).rejects.toMatchObject({ name: "RequestValidationError", parameter: "is_sandbox", rule: "a boolean" });
    await expect(client.evals.runs.list({ pass_rate: 2 } as never)).rejects.toMatchObject({ name: "RequestValidationError", parameter: "pass_rate", rule: "a number between 0 and 1" });
  });

  test("runs the sandbox generates itself carry the new fields, in every value, and filter too", async () => {
    const { body } = await list("generated", "");
    const runs = (body as { items: FixtureRun[] }).items;
    expect(new Set(runs.map((run) => run.is_sandbox))).toEqual(new Set([true, false, undefined])); // undefined: required-fields-only runs
    expect(new Set(runs.map((run) => run.region).filter(Boolean))).toEqual(new Set(REGIONS));
    const sandboxOnly = await list("generated", "is_sandbox=true&region=us");
    const expected = runs.filter((run) => run.is_sandbox === true && run.region === "us");
    expect(expected.length).toBeGreaterThan(0);
    expect(uuids((sandboxOnly.body as EvalRunResultPage).items)).toEqual(uuids(expected));
  });

  test("a run with a property the new schema forbids is refused, naming the file, the run, the path and the rule", async () => {
    writeFileSync(join(copy, "extra.json"), JSON.stringify([given[0], { ...given[1], note: "not in the spec" }]));
    const { code, stderr } = await runToEnd(process.execPath, ["--import", "tsx", "src/testing/cli.ts", "--port", "0", "--runs", "extra.json"], 60_000, { cwd: copy });
    expect(code).toBe(1);
    expect(stderr).toContain(`extra.json: createSandboxServer: runs[1] (eval_run_uuid "${given[1]!.eval_run_uuid}") breaks the spec's EvalRunResult schema at /note: must NOT have additional properties (additionalProperties)`);
  });
});

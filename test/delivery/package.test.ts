import { readdirSync, readFileSync, rmSync } from "node:fs";
import { join, relative, sep } from "node:path";
import { publint } from "publint";
import { formatMessage } from "publint/utils";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import spec from "../../generated/openapi.json" with { type: "json" };
import {
  attw,
  consumerCompilerOptions,
  describeFailure,
  diagnosticsFor,
  makeTempDir,
  repoRoot,
  run,
  tsc,
  writeProject,
  type RunResult,
} from "./harness.js";
import { installPackedSdk } from "../support/packed.js";

// What downstream users get: the package is packed once (`npm pack`, which builds; shared with the
// other tests through test/support/packed.ts), installed offline into a temporary consumer root, and used the ways users use it. Each consumer kind is a
// folder of that root (one install serves all); the two TypeScript projects compile in parallel.

const PACKAGE = "aymara-eval-runs";

// --- consumer sources -------------------------------------------------------------------------

const clientConsumer = `import { AymaraAI, APIError, type EvalRunResult } from "${PACKAGE}";
import type { ListEvalRunsQuery } from "${PACKAGE}/types";

export async function newestRuns(client: AymaraAI, query: ListEvalRunsQuery = { limit: 10 }): Promise<EvalRunResult[]> {
  try {
    const page = await client.evals.runs.list(query);
    const total: number = page.count;
    return total > 0 ? page.items : [];
  } catch (error) {
    if (error instanceof APIError) console.error(error.status, error.code);
    throw error;
  }
}

export const client = new AymaraAI({ apiKey: "key", baseURL: "https://api.example.test" });
// The types are real, not any: a wrong query type must not compile.
// @ts-expect-error limit is an integer
void client.evals.runs.list({ limit: "ten" });
`;

// Every schema of the spec has a name in ./types, plus the whole-document and operation-level ones.
const typeNames = [...new Set(["paths", "components", "operations", "ListEvalRunsQuery", ...Object.keys(spec.components.schemas)])];
const typeOnlyConsumer = `import type { ${typeNames.join(", ")} } from "${PACKAGE}/types";

export type Everything = [${typeNames.join(", ")}];
export function describeRun(run: EvalRunResult): string {
  const status: EvalRunStatus = run.status;
  return \`\${run.eval_run_uuid}: \${status}\`;
}
export function errorCodeOf(body: ErrorResponse): ErrorCode {
  return body.error.code;
}
export const firstPage: ListEvalRunsQuery = { limit: 10, offset: 0 };
`;

const codeSamples = Object.values(spec.paths).flatMap((item) => Object.values(item).flatMap((operation) => operation["x-codeSamples"] ?? []));
const typescriptSamples = codeSamples.filter((sample) => sample.lang === "TypeScript");

const runtimeConsumer = `import { AymaraAI } from "${PACKAGE}";
import { createSandboxServer, DEFAULT_RUN_COUNT } from "${PACKAGE}/testing";

const sandbox = await createSandboxServer();
try {
  const client = new AymaraAI({ apiKey: sandbox.apiKey, baseURL: sandbox.url });
  const page = await client.evals.runs.list({ limit: 3 });
  console.log(JSON.stringify({
    resolvedFrom: import.meta.resolve("${PACKAGE}"),
    expectedCount: DEFAULT_RUN_COUNT,
    count: page.count,
    uuids: page.items.map((run) => run.eval_run_uuid),
  }));
} finally {
  await sandbox.close();
}
`;

// --- one pack, one install, two compiles --------------------------------------------------------

let consumerRoot: string;
let tarball: string;
/** Node ESM app (moduleResolution node16, @types/node): client, type-only and the docs' sample. */
let node16Compile: Promise<RunResult>;
/** Browser app (moduleResolution bundler, DOM lib, no @types/node). */
let bundlerCompile: Promise<RunResult>;

beforeAll(async () => {
  consumerRoot = makeTempDir("consumers");
  ({ tarball } = await installPackedSdk(consumerRoot));
  writeProject(join(consumerRoot, "node16"), {
    "tsconfig.json": JSON.stringify({
      // Checking @types/node costs ~10 s of CPU: skip .d.ts checks here; the bundler project checks the
      // package's declarations, and client.ts's @ts-expect-error fails if types degrade to any.
      compilerOptions: consumerCompilerOptions({ module: "Node16", moduleResolution: "Node16", lib: ["ES2022"], types: ["node"], verbatimModuleSyntax: true, outDir: "out", skipLibCheck: true }),
      include: ["*.ts"],
    }),
    "client.ts": clientConsumer,
    "type-only.ts": typeOnlyConsumer,
    ...Object.fromEntries(typescriptSamples.map((sample, index) => [`code-sample-${index}.ts`, sample.source])),
  });
  writeProject(join(consumerRoot, "bundler"), {
    "tsconfig.json": JSON.stringify({
      // Type-checks the shipped .d.ts files too (not TypeScript's own lib files): they must not
      // need Node's types, or a browser app could not use the client.
      compilerOptions: consumerCompilerOptions({ module: "ESNext", moduleResolution: "Bundler", lib: ["ES2022", "DOM"], types: [], noEmit: true, skipLibCheck: false, skipDefaultLibCheck: true }),
      include: ["*.ts"],
    }),
    "client.ts": clientConsumer,
  });
  writeProject(join(consumerRoot, "runtime"), { "main.js": runtimeConsumer });
  node16Compile = tsc(join(consumerRoot, "node16"));
  bundlerCompile = tsc(join(consumerRoot, "bundler"));
}, 300_000);

afterAll(async () => {
  // Let the compilers finish before their folder goes.
  await Promise.allSettled([node16Compile, bundlerCompile]);
  if (consumerRoot) rmSync(consumerRoot, { recursive: true, force: true });
});

describe.concurrent("the packed package", () => {
  test("passes publint (strict)", async ({ expect }) => {
    const data = readFileSync(tarball);
    const { messages, pkg } = await publint({ pack: { tarball: data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength) }, strict: true });
    expect(messages.map((message) => `${message.type}: ${formatMessage(message, pkg)}`)).toEqual([]);
  }, 120_000);

  test("passes Are the Types Wrong for ., ./types and ./testing (ESM-only profile)", async ({ expect }) => {
    const result = await attw(tarball);
    expect(result.code, describeFailure("attw", result)).toBe(0);
    for (const entry of [PACKAGE, `${PACKAGE}/types`, `${PACKAGE}/testing`]) expect(result.stdout).toContain(`"${entry}"`);
  }, 120_000);

  test("ships dist (JavaScript, declarations, maps) and the sources the maps point to, not the docs", ({ expect }) => {
    // npm install unpacks exactly the tarball's files.
    const installed = join(consumerRoot, "node_modules", PACKAGE);
    const files = readdirSync(installed, { recursive: true, withFileTypes: true })
      .filter((entry) => entry.isFile())
      .map((entry) => relative(installed, join(entry.parentPath, entry.name)).split(sep).join("/"));
    const expected = ["dist/src/index.js", "dist/src/index.d.ts", "dist/src/index.js.map", "dist/src/index.d.ts.map", "dist/generated/types.js", "dist/generated/types.d.ts", "dist/generated/schema.d.ts", "dist/src/testing/index.js", "dist/src/testing/index.d.ts", "src/index.ts", "generated/types.ts", "README.md", "CHANGELOG.md", "package.json"];
    expect(files).toEqual(expect.arrayContaining(expected));
    expect(files.filter((file) => /^(dist\/docs|test|scripts|spec)\//.test(file))).toEqual([]);
  }, 60_000);
});

describe.concurrent("TypeScript consumers of the installed tarball", () => {
  test("a Node ESM app (moduleResolution node16) compiles against the client and the types", async ({ expect }) => {
    expect(diagnosticsFor(await node16Compile, "client.ts")).toEqual([]);
  }, 120_000);

  test("a browser app (moduleResolution bundler, no @types/node) compiles against the client and the types", async ({ expect }) => {
    expect(diagnosticsFor(await bundlerCompile, "client.ts")).toEqual([]);
  }, 120_000);

  test("a type-only consumer compiles to JavaScript with no import of the package", async ({ expect }) => {
    expect(typeNames).toEqual(expect.arrayContaining(["EvalRunResult", "ErrorResponse", "ErrorCode", "EvalRunStatus", "ListEvalRunsQuery"]));
    expect(diagnosticsFor(await node16Compile, "type-only.ts")).toEqual([]);
    const emitted = readFileSync(join(consumerRoot, "node16", "out", "type-only.js"), "utf8");
    expect(emitted).toContain("function describeRun");
    expect(emitted).not.toMatch(/\bimport\b|\brequire\s*\(/);
    expect(emitted).not.toContain(PACKAGE);
  }, 120_000);

  test("the docs' TypeScript sample (x-codeSamples) compiles against the package", async ({ expect }) => {
    expect(typescriptSamples).toHaveLength(1);
    const result = await node16Compile;
    for (const index of typescriptSamples.keys()) expect(diagnosticsFor(result, `code-sample-${index}.ts`)).toEqual([]);
  }, 120_000);
});

describe.concurrent("a Node app using the installed tarball", () => {
  test("importing ./types at run time loads an empty module", async ({ expect }) => {
    const installed = join(consumerRoot, "node_modules", PACKAGE, "dist", "generated", "types.js");
    expect(readFileSync(installed, "utf8")).toMatch(/^export \{\};\s*(\/\/# sourceMappingURL=types\.js\.map\s*)?$/);
    const result = await run(process.execPath, ["--input-type=module", "-e", `console.log(JSON.stringify(Object.keys(await import("${PACKAGE}/types"))))`], consumerRoot);
    expect(result.code, describeFailure("node", result)).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual([]);
  }, 60_000);

  test("lists eval runs from the sandbox server of aymara-eval-runs/testing", async ({ expect }) => {
    const result = await run(process.execPath, ["main.js"], join(consumerRoot, "runtime"));
    expect(result.code, describeFailure("node runtime/main.js", result)).toBe(0);
    const output = JSON.parse(result.stdout.trim().split("\n").at(-1) ?? "{}") as { resolvedFrom: string; expectedCount: number; count: number; uuids: string[] };
    expect(output.resolvedFrom).toContain(`/node_modules/${PACKAGE}/dist/src/index.js`);
    expect(output.resolvedFrom).not.toContain(repoRoot);
    expect(output.count).toBe(output.expectedCount);
    expect(output.uuids).toHaveLength(3);
    for (const uuid of output.uuids) expect(typeof uuid).toBe("string");
  }, 60_000);
});

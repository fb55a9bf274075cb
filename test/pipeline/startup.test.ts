// The startup tricks of the npm scripts must not change what they do: the codegen worker's
// direct use of openapi-typescript's transform (no nested openapi-core 1.x) prints what the public
// openapiTS() prints, and launch.mjs (esbuild bundle cache instead of tsx) rebuilds on any edit.
import { execFile } from "node:child_process";
import * as fs from "node:fs/promises";
import * as path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { promisify } from "node:util";
import openapiTS, { astToString, type OpenAPI3 } from "openapi-typescript";
import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { typesInWorker } from "../../scripts/pipeline/codegen-client.js";
import { TYPES_OPTIONS } from "../../scripts/pipeline/emit-types.js";
import { runPipeline } from "../../scripts/pipeline/index.js";
import type { JsonObject } from "../../scripts/pipeline/spec.js";
import { makeProject, type TempProject } from "./helpers.js";

const repoRoot = fileURLToPath(new URL("../../", import.meta.url));

describe("the codegen worker's types", { timeout: 120_000 }, () => {
  let project: TempProject;
  beforeEach(async () => {
    project = await makeProject();
  });
  afterEach(() => project.remove());

  const publicTypes = async (doc: JsonObject) => astToString(await openapiTS(structuredClone(doc) as unknown as OpenAPI3, TYPES_OPTIONS));

  test("equal openapiTS() on the fixture spec", async () => {
    const result = await runPipeline({ ...project.options, write: false });
    const doc = JSON.parse(result.files.get("openapi.json")!) as JsonObject;
    expect(await typesInWorker(doc, TYPES_OPTIONS)).toBe(await publicTypes(doc));
  });

  test("equal openapiTS() on the repo's bundled spec", async () => {
    const doc = JSON.parse(await fs.readFile(path.join(repoRoot, "generated", "openapi.json"), "utf8")) as JsonObject;
    expect(await typesInWorker(doc, TYPES_OPTIONS)).toBe(await publicTypes(doc));
  });
});

describe("launch.mjs", { timeout: 120_000 }, () => {
  const launcher = path.join(repoRoot, "scripts", "pipeline", "launch.mjs");
  const cacheDir = path.join(repoRoot, "node_modules", ".cache", "pipeline");
  let dir: string;
  let name: string;
  beforeEach(async () => {
    dir = await fs.mkdtemp(path.join(repoRoot, "node_modules", ".cache", "launch-test-"));
    name = `entry-${path.basename(dir)}`;
  });
  afterEach(async () => {
    await fs.rm(dir, { recursive: true, force: true });
    for (const file of await fs.readdir(cacheDir)) if (file.startsWith(name)) await fs.rm(path.join(cacheDir, file), { force: true });
  });

  const run = async (...args: string[]) =>
    (await promisify(execFile)(process.execPath, [launcher, path.join(dir, `${name}.ts`), ...args], { cwd: dir })).stdout;

  test("runs a TypeScript entry with its argv and import.meta, and rebuilds when an imported file changes", async () => {
    await fs.writeFile(path.join(dir, "value.ts"), "export const value: number = 1;\n");
    await fs.writeFile(
      path.join(dir, `${name}.ts`),
      'import { value } from "./value.js";\nconsole.log(JSON.stringify([value, import.meta.url, process.argv.slice(2)]));\n',
    );
    const entryUrl = pathToFileURL(path.join(dir, `${name}.ts`)).href;
    expect(JSON.parse(await run("--flag"))).toEqual([1, entryUrl, ["--flag"]]);
    expect(JSON.parse(await run())).toEqual([1, entryUrl, []]); // from the cache

    await fs.writeFile(path.join(dir, "value.ts"), "export const value: number = 2;\n");
    expect(JSON.parse(await run())).toEqual([2, entryUrl, []]);
  });
});

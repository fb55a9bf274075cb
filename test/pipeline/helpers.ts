// A throwaway project laid out like the repo (spec/, redocly.yaml, generated/) in a temp dir,
// built from the fixtures beside this file, so tests can edit specs and outputs freely.
import { createHash } from "node:crypto";
import * as fs from "node:fs/promises";
import * as os from "node:os";
import * as path from "node:path";
import { fileURLToPath } from "node:url";

export const FIXTURES = fileURLToPath(new URL("./fixtures/", import.meta.url));

export interface TempProject {
  rootDir: string;
  specPath: string;
  outDir: string;
  /** Options for runPipeline / startWatch. */
  options: { rootDir: string; specPath: string; configPath: string; outDir: string };
  remove(): Promise<void>;
}

/** Copies fixtures/good/spec and fixtures/<config> into a new temp dir. */
export async function makeProject(config = "redocly.yaml"): Promise<TempProject> {
  const rootDir = await fs.mkdtemp(path.join(os.tmpdir(), "pipeline-test-"));
  await fs.cp(path.join(FIXTURES, "good", "spec"), path.join(rootDir, "spec"), { recursive: true });
  await fs.copyFile(path.join(FIXTURES, config), path.join(rootDir, "redocly.yaml"));
  const options = { rootDir, specPath: "spec/openapi.yaml", configPath: "redocly.yaml", outDir: "generated" };
  return {
    rootDir,
    specPath: path.join(rootDir, options.specPath),
    outDir: path.join(rootDir, options.outDir),
    options,
    remove: () => fs.rm(rootDir, { recursive: true, force: true }),
  };
}

/** Puts fixtures/<name>/openapi.yaml in place of the project's spec. */
export async function useSpec(project: TempProject, name: string): Promise<string> {
  const text = await fs.readFile(path.join(FIXTURES, name, "openapi.yaml"), "utf8");
  await fs.writeFile(project.specPath, text);
  return text;
}

/** name → sha256 and mtime of every file in dir: "byte-for-byte untouched" is equality of this. */
export async function snapshot(dir: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const name of (await fs.readdir(dir)).sort()) {
    const file = path.join(dir, name);
    const [content, stat] = await Promise.all([fs.readFile(file), fs.stat(file)]);
    out[name] = `${createHash("sha256").update(content).digest("hex")} ${stat.mtimeMs}`;
  }
  return out;
}

/** 1-based line of the first line containing `needle` (to locate expected problems). */
export function lineOf(text: string, needle: string): number {
  const index = text.split("\n").findIndex((line) => line.includes(needle));
  if (index < 0) throw new Error(`"${needle}" not found in fixture`);
  return index + 1;
}

/** Polls until `check` returns a value; generous by default, never asserts on timing. */
export async function waitFor<T>(check: () => T | undefined | Promise<T | undefined>, what: string, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

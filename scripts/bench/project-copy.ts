// A throw-away copy of the project's codegen inputs and entry scripts in a temp dir, so the pipeline
// benchmarks run the real commands (`tsx scripts/generate.ts`, ...) without ever touching generated/.
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { repoRoot } from "./processes.js";

// What the entry scripts read: their code (and what they import, e.g. the docs step), the spec, the lint
// config, and whatever configures tsx and prettier.
const COPIED = ["package.json", "tsconfig.json", "redocly.yaml", "spec", "scripts"];
const FORMATTER_CONFIG = /^(\.prettierrc.*|prettier\.config\..*|\.prettierignore|\.editorconfig)$/;

export function makeTempDir(label: string): string {
  return mkdtempSync(path.join(os.tmpdir(), `aymara-bench-${label}-`));
}

/**
 * A project root in a temp dir with its own generated/ (empty until generated). Its node_modules is a real folder
 * of symlinks to the project's packages, so tool caches (node_modules/.cache) stay in the copy and never touch,
 * or race with, the project's own.
 */
export function copyProject(label: string): string {
  const root = makeTempDir(label);
  const formatterConfigs = readdirSync(repoRoot).filter((name) => FORMATTER_CONFIG.test(name));
  for (const entry of [...COPIED, ...formatterConfigs]) {
    const from = path.join(repoRoot, entry);
    if (existsSync(from)) cpSync(from, path.join(root, entry), { recursive: true });
  }
  const modules = path.join(root, "node_modules");
  mkdirSync(modules);
  for (const name of readdirSync(path.join(repoRoot, "node_modules"))) {
    if (name !== ".cache") symlinkSync(path.join(repoRoot, "node_modules", name), path.join(modules, name));
  }
  return root;
}

export function removeTempDir(dir: string): void {
  if (!dir.startsWith(os.tmpdir())) throw new Error(`refusing to remove ${dir}: not a temp dir`);
  rmSync(dir, { recursive: true, force: true });
}

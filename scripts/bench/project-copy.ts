// A throw-away copy of the project's codegen inputs and entry scripts in a temp dir, so the pipeline
// benchmarks run the real commands (`tsx scripts/generate.ts`, ...) without ever touching generated/.
import { cpSync, existsSync, mkdtempSync, readdirSync, rmSync, symlinkSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { repoRoot } from "./processes.js";

// What the entry scripts read: their code, the spec, the lint config, and whatever configures tsx and prettier.
const COPIED = ["package.json", "tsconfig.json", "redocly.yaml", "spec", "scripts/pipeline", "scripts/generate.ts", "scripts/check-generated.ts"];
const FORMATTER_CONFIG = /^(\.prettierrc.*|prettier\.config\..*|\.prettierignore|\.editorconfig)$/;

export function makeTempDir(label: string): string {
  return mkdtempSync(path.join(os.tmpdir(), `aymara-bench-${label}-`));
}

/** A project root in a temp dir with its own generated/ (empty until generated), sharing node_modules by symlink. */
export function copyProject(label: string): string {
  const root = makeTempDir(label);
  const formatterConfigs = readdirSync(repoRoot).filter((name) => FORMATTER_CONFIG.test(name));
  for (const entry of [...COPIED, ...formatterConfigs]) {
    const from = path.join(repoRoot, entry);
    if (existsSync(from)) cpSync(from, path.join(root, entry), { recursive: true });
  }
  symlinkSync(path.join(repoRoot, "node_modules"), path.join(root, "node_modules"), "dir");
  return root;
}

export function removeTempDir(dir: string): void {
  if (!dir.startsWith(os.tmpdir())) throw new Error(`refusing to remove ${dir}: not a temp dir`);
  rmSync(dir, { recursive: true, force: true });
}

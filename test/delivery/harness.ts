// Helpers for the delivery tests: run commands, write consumer projects and compile them with this
// repo's own TypeScript. Packing and installing the tarball: test/support/packed.ts.
import { execFile } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

export const repoRoot = fileURLToPath(new URL("../..", import.meta.url));
const tscBin = join(repoRoot, "node_modules", "typescript", "bin", "tsc");
const attwRoot = join(repoRoot, "node_modules", "@arethetypeswrong", "cli");
const attwBin = join(attwRoot, (JSON.parse(readFileSync(join(attwRoot, "package.json"), "utf8")) as { bin: { attw: string } }).bin.attw);

export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Run a command (no shell, except for npm's .cmd on Windows); never rejects, so tests can show the output on failure. */
export function run(command: string, args: string[], cwd: string): Promise<RunResult> {
  return new Promise((resolve) => {
    execFile(command, args, { cwd, maxBuffer: 64 * 1024 * 1024, shell: process.platform === "win32" && command === "npm" }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === "number" ? error.code : 1) : 0;
      resolve({ code, stdout, stderr: stderr || (error && typeof error.code !== "number" ? String(error) : "") });
    });
  });
}

export function describeFailure(label: string, result: RunResult): string {
  return `${label} exited ${result.code}\n${result.stdout}\n${result.stderr}`.trim();
}

export function makeTempDir(prefix: string): string {
  return mkdtempSync(join(tmpdir(), `aymara-${prefix}-`));
}

/** Write `files` (relative paths) under `dir`. */
export function writeProject(dir: string, files: Record<string, string>): void {
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, name)), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
}

/** tsc from this repo against the consumer's tsconfig.json. */
export function tsc(projectDir: string): Promise<RunResult> {
  return run(process.execPath, [tscBin, "-p", join(projectDir, "tsconfig.json"), "--pretty", "false"], projectDir);
}

/** tsc's diagnostics for one file of a project, plus project-wide ones (missing types, bad options). */
export function diagnosticsFor(result: RunResult, file: string): string[] {
  const lines = `${result.stdout}\n${result.stderr}`.split("\n").filter((line) => line.trim() !== "");
  const relevant = lines.filter((line) => line.startsWith(`${file}(`) || /^error TS\d+/.test(line));
  if (result.code !== 0 && lines.every((line) => !/error TS\d+/.test(line))) relevant.push(describeFailure("tsc", result));
  return relevant;
}

/** @arethetypeswrong/cli on a tarball; ESM-only package, so CommonJS resolutions are out of scope. */
export function attw(tarball: string): Promise<RunResult> {
  return run(process.execPath, [attwBin, tarball, "--profile", "esm-only", "--format", "ascii", "--no-color", "--no-emoji"], repoRoot);
}

/** Strict compiler options every consumer shares; @types/node comes from this repo, not the consumer. */
export function consumerCompilerOptions(overrides: Record<string, unknown>): Record<string, unknown> {
  return {
    target: "ES2022",
    strict: true,
    typeRoots: [join(repoRoot, "node_modules", "@types")],
    ...overrides,
  };
}

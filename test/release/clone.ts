// Temp clones of the project for the release tests: `git clone` of this repository plus the work
// tree's uncommitted files (so the tests exercise the code being written), node_modules linked,
// and the release spawned the way a person runs it, with a time bound.
import { spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync, statSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, relative } from "node:path";
import { runCommand, type CommandResult } from "../../scripts/release/exec.js";
import { repoRoot } from "../support/packed.js";

/** Who commits in the clones (a CI machine may have no git identity). */
export const GIT_IDENTITY = { GIT_AUTHOR_NAME: "Release Test", GIT_AUTHOR_EMAIL: "release-test@example.invalid", GIT_COMMITTER_NAME: "Release Test", GIT_COMMITTER_EMAIL: "release-test@example.invalid" };
const env: NodeJS.ProcessEnv = { ...process.env, ...GIT_IDENTITY, REDOCLY_TELEMETRY: "off", npm_config_update_notifier: "false" };

export async function git(dir: string, args: string[]): Promise<string> {
  const result = await runCommand("git", args, { cwd: dir, env, timeoutMs: 60_000 });
  if (result.code !== 0) throw new Error(`git ${args.join(" ")} exited ${result.code} in ${dir}\n${result.stderr}`);
  return result.stdout;
}

/** A clone whose HEAD holds the work tree as it is now (committed as "work tree" when it differs). */
export async function cloneProject(label: string): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), `aymara-release-test-${label}-`));
  await git(tmpdir(), ["clone", "--quiet", repoRoot, dir]);
  const files = (await git(repoRoot, ["ls-files", "-z", "--cached", "--others", "--exclude-standard"])).split("\0").filter(Boolean);
  for (const file of files) {
    const from = join(repoRoot, file);
    if (file.split("/")[0] === "node_modules") continue;
    if (!existsSync(from)) {
      rmSync(join(dir, file), { force: true });
      continue;
    }
    mkdirSync(dirname(join(dir, file)), { recursive: true });
    cpSync(from, join(dir, file));
  }
  // The project's packages, each linked; the clone's own node_modules/.cache keeps the caches of
  // its pipeline runs and releases apart from the project's and from other clones'.
  mkdirSync(join(dir, "node_modules"));
  for (const name of readdirSync(join(repoRoot, "node_modules"))) {
    if (name !== ".cache") symlinkSync(join(repoRoot, "node_modules", name), join(dir, "node_modules", name), "junction");
  }
  await commitAll(dir, "work tree");
  return dir;
}

export async function commitAll(dir: string, message: string): Promise<void> {
  await git(dir, ["add", "--all"]);
  if ((await git(dir, ["status", "--porcelain"])).trim() !== "") await git(dir, ["commit", "--quiet", "-m", message]);
}

/** `npm <args>` in `dir`, the way the tests' clones run it, bounded by `timeoutMs`. */
export function runNpm(dir: string, args: string[], timeoutMs = 60_000): Promise<CommandResult> {
  return runCommand("npm", args, { cwd: dir, env, timeoutMs });
}

/** `npm run release -- <args>` in `dir`, killed (with its whole process group) after `timeoutMs`. */
export function runRelease(dir: string, args: string[], timeoutMs: number): Promise<CommandResult> {
  return runCommand("npm", ["run", "-s", "release", "--", ...args], { cwd: dir, env, timeoutMs });
}

/**
 * `npm run release -- <args>` in `dir`, sent SIGTERM (its whole process group, as a terminal's
 * Ctrl-C or a CI timeout would) once its stderr shows `marker`; SIGKILL if it is still there after
 * `timeoutMs`.
 */
export function interruptRelease(dir: string, args: string[], marker: string, timeoutMs: number): Promise<CommandResult & { interrupted: boolean }> {
  return new Promise((resolve) => {
    const child = spawn("npm", ["run", "-s", "release", "--", ...args], { cwd: dir, env, detached: true, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    let interrupted = false;
    let timedOut = false;
    const signalGroup = (signal: NodeJS.Signals) => {
      try {
        process.kill(-child.pid!, signal);
      } catch {
        // already gone
      }
    };
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => {
      stderr += chunk.toString();
      if (!interrupted && stderr.includes(marker)) {
        interrupted = true;
        signalGroup("SIGTERM");
      }
    });
    const timer = setTimeout(() => {
      timedOut = true;
      signalGroup("SIGKILL");
    }, timeoutMs);
    child.once("close", (code, signal) => {
      clearTimeout(timer);
      resolve({ code: code ?? (signal === "SIGTERM" ? 143 : 137), stdout, stderr, timedOut, interrupted });
    });
  });
}

/** Processes whose working directory is inside `dir` (Linux /proc): what a release left running there. */
export function processesIn(dir: string): string[] {
  const found: string[] = [];
  for (const pid of readdirSync("/proc").filter((name) => /^\d+$/.test(name))) {
    try {
      const cwd = readlinkSync(`/proc/${pid}/cwd`);
      if (cwd === dir || cwd.startsWith(`${dir}/`)) found.push(`${pid} ${readFileSync(`/proc/${pid}/cmdline`, "utf8").replaceAll("\0", " ").trim()}`);
    } catch {
      // gone, or not ours to read
    }
  }
  return found;
}

/**
 * What a release could touch: HEAD, tags, git status and every file's bytes; with `ignored`, also
 * ignored files such as dist/ (a dry run must not even build there).
 */
export async function fingerprint(dir: string, { ignored }: { ignored: boolean }): Promise<string> {
  const hash = createHash("sha256");
  const listed = ignored ? undefined : new Set((await git(dir, ["ls-files", "-z", "--cached", "--others", "--exclude-standard"])).split("\0"));
  const visit = (path: string): void => {
    for (const name of readdirSync(path).sort()) {
      const full = join(path, name);
      if (path === dir && (name === ".git" || name === "node_modules")) continue;
      if (statSync(full).isDirectory()) visit(full);
      else if (!listed || listed.has(relative(dir, full))) hash.update(relative(dir, full)).update("\0").update(readFileSync(full)).update("\0");
    }
  };
  visit(dir);
  for (const args of [["rev-parse", "HEAD"], ["tag", "--list"], ["status", "--porcelain", ...(ignored ? ["--ignored"] : [])]]) hash.update(await git(dir, args));
  return hash.digest("hex");
}

export function describeRun(result: CommandResult): string {
  return `exit ${result.code}${result.timedOut ? " (timed out)" : ""}\n--- stdout\n${result.stdout}\n--- stderr\n${result.stderr}`;
}

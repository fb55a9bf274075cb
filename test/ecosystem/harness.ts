// Helpers for the ecosystem tests: find a runtime (skip or fail when it is missing), own the
// processes the tests spawn (time bound, killed as a group, stderr kept for the failure message),
// prepare the one consumer project with the packed SDK installed, and bundle entries with esbuild.
import { spawn, type ChildProcess } from "node:child_process";
import { cpSync, existsSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import type { Readable } from "node:stream";
import { build, stop as stopEsbuild } from "esbuild";
import type { TestContext } from "vitest";
import { installPackedSdk, repoRoot } from "../support/packed.js";

const runtimesDir = join(repoRoot, "test", "ecosystem", "runtimes");
const fixturesDir = join(repoRoot, "test", "ecosystem", "fixtures");
export const SETUP_RUNTIMES = "npm run setup:runtimes";

/** Versions pinned in test/ecosystem/runtimes/package.json, by npm package name. */
export const pinnedRuntimes = (JSON.parse(readFileSync(join(runtimesDir, "package.json"), "utf8")) as { devDependencies: Record<string, string> }).devDependencies;

/** A binary that `npm run setup:runtimes` links into test/ecosystem/runtimes/node_modules/.bin. */
export function runtimeBinary(name: "bun" | "deno" | "node" | "workerd"): string {
  return join(runtimesDir, "node_modules", ".bin", name);
}

/**
 * On CI a missing runtime is a broken machine; elsewhere the test is skipped, naming the fix (also
 * on `warn`: the skip note only shows with the verbose reporter).
 */
export function requireRuntime(ctx: TestContext, label: string, path: string, install: string, warn: (line: string) => void = console.warn): void {
  if (existsSync(path)) return;
  const message = `${label} is not installed (${path}): ${install}`;
  if (process.env.CI === "true") throw new Error(`${message}. Under CI=true a missing runtime fails the test.`);
  warn(`Ecosystem test skipped: ${message}`);
  ctx.skip(message);
}

/** Only what a runtime needs: the caller's AYMARA_AI_* variables must not change what it does. */
function childEnv(): NodeJS.ProcessEnv {
  return { PATH: process.env.PATH ?? "/usr/bin:/bin", HOME: process.env.HOME ?? tmpdir(), TMPDIR: tmpdir(), NO_COLOR: "1" };
}

export interface Finished {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  /** Wall time from spawn to exit. */
  ms: number;
}

/**
 * The one owner of every process a test file starts: each runs in its own process group, is
 * killed as a group when its time bound passes, and `closeAll()` (afterAll) kills what is left.
 */
export class Processes {
  readonly #live = new Set<ChildProcess>();

  /** Runs a command to its exit; past `timeoutMs` its process group is killed and this rejects. */
  run(command: string, args: readonly string[], cwd: string, timeoutMs: number): Promise<Finished> {
    const started = performance.now();
    const child = this.start(command, args, cwd);
    let stdout = "";
    let stderr = "";
    child.stdout!.setEncoding("utf8").on("data", (chunk: string) => (stdout += chunk));
    child.stderr!.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.kill(child);
        reject(new Error(`${describeCommand(command, args)} did not exit within ${timeoutMs / 1000} s; its process group was killed.\n--- stderr ---\n${stderr}\n--- stdout ---\n${stdout}`));
      }, timeoutMs);
      child.once("error", (error) => {
        clearTimeout(timer);
        this.kill(child);
        reject(new Error(`${describeCommand(command, args)} could not start: ${error.message}`));
      });
      child.once("close", (code, signal) => {
        clearTimeout(timer);
        this.kill(child); // whatever it left running in its group
        this.#live.delete(child);
        resolve({ code, signal, stdout, stderr, ms: performance.now() - started });
      });
    });
  }

  /** Spawns in a new process group; stdout, stderr (and `extraPipes` more fds from 3 on) are pipes. */
  start(command: string, args: readonly string[], cwd: string, extraPipes = 0): ChildProcess {
    const stdio = ["ignore", "pipe", "pipe", ...Array.from({ length: extraPipes }, () => "pipe" as const)] as const;
    const child = spawn(command, args, { cwd, env: childEnv(), stdio: [...stdio], detached: true });
    this.#live.add(child);
    child.once("exit", () => this.#live.delete(child));
    return child;
  }

  /**
   * SIGKILL to the child's whole process group: a runtime may have started helpers, and they must
   * not outlive it even when the child itself has exited (Linux keeps a group's id while it has members).
   */
  kill(child: ChildProcess): void {
    if (child.pid === undefined) return;
    try {
      process.kill(-child.pid, "SIGKILL");
    } catch {
      // ESRCH: the group is gone already
    }
  }

  /** Kills the child's process group and waits until the child is reaped. */
  stop(child: ChildProcess): Promise<void> {
    return new Promise((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve();
      child.once("exit", () => resolve());
      this.kill(child);
    });
  }

  /** Kills every process still running (afterAll, whatever the tests did). */
  async closeAll(): Promise<void> {
    await Promise.all([...this.#live].map((child) => this.stop(child)));
  }
}

export interface RunningWorkerd {
  /** http://127.0.0.1:<port>/ of the config's "http" socket. */
  url: string;
  /** What workerd printed so far (its stderr and stdout): uncaught worker errors land here. */
  output(): string;
  stop(): Promise<void>;
}

/**
 * `workerd serve <config> --control-fd=3`: the config binds port 0 and workerd reports the port it
 * got on fd 3, so no port is guessed. Rejects, with workerd's output, if it exits or stays silent.
 */
export async function startWorkerd(processes: Processes, bin: string, config: string, timeoutMs: number): Promise<RunningWorkerd> {
  const args = ["serve", config, "--control-fd=3"];
  const child = processes.start(bin, args, dirname(config), 1);
  let output = "";
  child.stdout!.setEncoding("utf8").on("data", (chunk: string) => (output += chunk));
  child.stderr!.setEncoding("utf8").on("data", (chunk: string) => (output += chunk));
  const port = await new Promise<number>((resolve, reject) => {
    const fail = (why: string): void => {
      clearTimeout(timer);
      processes.kill(child);
      reject(new Error(`${describeCommand(bin, args)} ${why}\n--- output ---\n${output}`));
    };
    const timer = setTimeout(() => fail(`reported no listening port within ${timeoutMs / 1000} s; its process group was killed.`), timeoutMs);
    const exited = (code: number | null, signal: NodeJS.Signals | null): void => fail(`exited (${signal ?? code}) before listening.`);
    child.once("exit", exited);
    child.once("error", (error) => fail(`could not start: ${error.message}`));
    let control = "";
    (child.stdio[3] as Readable).setEncoding("utf8").on("data", (chunk: string) => {
      control += chunk;
      for (const line of control.split("\n").slice(0, -1)) {
        const message = JSON.parse(line) as { event?: string; socket?: string; port?: number };
        if (message.event === "listen" && message.socket === "http" && typeof message.port === "number") {
          clearTimeout(timer);
          child.off("exit", exited);
          resolve(message.port);
        }
      }
      control = control.slice(control.lastIndexOf("\n") + 1);
    });
  });
  return { url: `http://127.0.0.1:${port}/`, output: () => output, stop: () => processes.stop(child) };
}

export function describeCommand(command: string, args: readonly string[]): string {
  return [command, ...args].map((part) => (/^[\w./:=@,-]+$/.test(part) ? part : `'${part}'`)).join(" ");
}

/** The JSON line a scenario process printed last; otherwise an error carrying its stderr. */
export function scenarioOutput<T>(label: string, command: string, args: readonly string[], finished: Finished): T {
  const lastLine = finished.stdout.trim().split("\n").at(-1) ?? "";
  const failed = finished.code !== 0 || !lastLine.startsWith("{");
  if (!failed) {
    try {
      return JSON.parse(lastLine) as T;
    } catch {
      // reported below with the output
    }
  }
  const exit = finished.signal ? `was killed by ${finished.signal}` : `exited ${finished.code}`;
  throw new Error(`${label}: ${describeCommand(command, args)} ${exit} without a JSON result line.\n--- stderr ---\n${finished.stderr}\n--- stdout ---\n${finished.stdout}`);
}

/**
 * A consumer project in a temp dir: the fixtures (scenario, entries, configs) copied in and the
 * packed SDK installed from its tarball, offline. Shared by every runtime of a test file.
 */
export async function prepareConsumer(prefix: string): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), `aymara-${prefix}-`));
  cpSync(fixturesDir, dir, { recursive: true });
  await installPackedSdk(dir);
  return dir;
}

/**
 * Bundles `entry` (a file of the consumer project) with esbuild as a deployer would: for the
 * browser, or for workerd with the conditions wrangler uses. Returns the output path.
 */
export async function bundle(consumerDir: string, entry: string, outfile: string, target: "browser" | "workerd"): Promise<string> {
  const platform = target === "browser" ? { platform: "browser" as const } : { platform: "neutral" as const, conditions: ["workerd", "worker", "browser"], mainFields: ["browser", "module", "main"] };
  await build({ entryPoints: [join(consumerDir, entry)], absWorkingDir: consumerDir, outfile: join(consumerDir, outfile), bundle: true, format: "esm", logLevel: "silent", ...platform });
  return join(consumerDir, outfile);
}

/** Ends esbuild's service process (afterAll): this file started it. */
export { stopEsbuild };
export { limitConcurrency } from "../support/limit-concurrency.js";

// Child processes for the benchmarks: timed commands, and helper processes that answer with one JSON line.
import { spawn, type ChildProcess } from "node:child_process";
import { readFileSync } from "node:fs";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import path from "node:path";
import { msSince } from "./stats.js";

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
export const binPath = (name: string): string => path.join(repoRoot, "node_modules/.bin", name);

/** Every child gets this: Redocly otherwise reports usage over the network, and benches stay on loopback. */
export const childEnv: NodeJS.ProcessEnv = { ...process.env, REDOCLY_TELEMETRY: "off", NO_COLOR: "1" };

export interface CommandOptions {
  cwd?: string;
  timeoutMs?: number;
  env?: NodeJS.ProcessEnv;
}

export interface TimedRun {
  /** Wall time from spawn to exit. */
  ms: number;
  /** stdout and stderr, interleaved. */
  output: string;
}

/** Runs a command to completion and returns its wall time; a non-zero exit or a timeout throws with its output. */
export function runTimed(command: string, args: readonly string[], options: CommandOptions = {}): Promise<TimedRun> {
  const timeoutMs = options.timeoutMs ?? 60_000;
  return new Promise((resolve, reject) => {
    const start = process.hrtime.bigint();
    const child = spawn(command, args, { cwd: options.cwd ?? repoRoot, env: options.env ?? childEnv, stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
    const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
    child.on("error", (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      const ms = msSince(start);
      if (code === 0) resolve({ ms, output });
      else reject(new Error(`${path.basename(command)} ${args.join(" ")} exited ${code ?? signal}:\n${output.slice(-2000)}`));
    });
  });
}

/**
 * Runs package.json's script `name` of the project at `root` the way `npm run` does (`sh -c`, with
 * node_modules/.bin first on PATH), minus npm's own start-up, so the figure follows the script if it changes.
 */
export function runPackageScript(root: string, name: string, args: readonly string[] = [], timeoutMs?: number): Promise<TimedRun> {
  const scripts = (JSON.parse(readFileSync(path.join(root, "package.json"), "utf8")) as { scripts?: Record<string, string> }).scripts;
  const command = scripts?.[name];
  if (!command) throw new Error(`package.json has no "${name}" script`);
  const env = { ...childEnv, PATH: `${path.join(root, "node_modules/.bin")}${path.delimiter}${process.env.PATH ?? ""}` };
  return runTimed("sh", ["-c", [command, ...args].join(" ")], { cwd: root, env, timeoutMs });
}

export interface JsonChild<Hello> {
  hello: Hello;
  child: ChildProcess;
  /** Resolves with the next JSON line the child prints after the hello. */
  nextMessage<T>(timeoutMs: number): Promise<T>;
  /** Ends the child (closing its stdin) and waits for it to exit. */
  stop(): Promise<void>;
}

/**
 * Starts `node --import tsx <script> <json argument>`. The child prints JSON lines on stdout, the first of which
 * is its hello; it exits when its stdin closes, so it cannot outlive the bench.
 */
export async function startJsonChild<Hello>(
  script: string,
  argument: unknown,
  { timeoutMs = 30_000, nodeArgs = [] }: { timeoutMs?: number; nodeArgs?: readonly string[] } = {},
): Promise<JsonChild<Hello>> {
  const child = spawn(process.execPath, [...nodeArgs, "--import", "tsx", script, JSON.stringify(argument)], {
    cwd: repoRoot,
    env: childEnv,
    stdio: ["pipe", "pipe", "inherit"],
  });
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const pending: string[] = [];
  const waiters: ((line: string) => void)[] = [];
  const lines = createInterface({ input: child.stdout! });
  lines.on("line", (line) => {
    const waiter = waiters.shift();
    if (waiter) waiter(line);
    else pending.push(line);
  });

  function nextMessage<T>(waitMs: number): Promise<T> {
    const queued = pending.shift();
    if (queued !== undefined) return Promise.resolve(JSON.parse(queued) as T);
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`${path.basename(script)}: no message within ${waitMs} ms`)), waitMs);
      const onExit = (): void => reject(new Error(`${path.basename(script)} exited before answering`));
      child.once("exit", onExit);
      waiters.push((line) => {
        clearTimeout(timer);
        child.off("exit", onExit);
        resolve(JSON.parse(line) as T);
      });
    });
  }

  async function stop(): Promise<void> {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.stdin!.end();
    const killer = setTimeout(() => child.kill("SIGKILL"), 5_000);
    await exited;
    clearTimeout(killer);
  }

  try {
    const hello = await nextMessage<Hello>(timeoutMs);
    return { hello, child, nextMessage, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

/** In a child started by startJsonChild: exit when the parent closes stdin, or after `maxLifetimeMs` whatever happens. */
export function exitWhenParentLeaves(onExit: () => Promise<void> | void, maxLifetimeMs = 10 * 60_000): void {
  const leave = (): void => {
    void Promise.resolve(onExit()).finally(() => process.exit(0));
  };
  process.stdin.on("end", leave);
  process.stdin.resume();
  setTimeout(leave, maxLifetimeMs).unref();
}

export function sendJson(message: unknown): void {
  process.stdout.write(`${JSON.stringify(message)}\n`);
}

export interface SandboxProcess {
  url: string;
  apiKey: string;
  stop(): Promise<void>;
}

/** A sandbox server in its own process (see sandbox-server.ts), so it never shares an event loop with the client. */
export async function startSandboxProcess(options: Record<string, unknown>): Promise<SandboxProcess> {
  const script = path.join(repoRoot, "scripts/bench/sandbox-server.ts");
  const child = await startJsonChild<{ url: string; apiKey: string }>(script, options);
  return { url: child.hello.url, apiKey: child.hello.apiKey, stop: child.stop };
}

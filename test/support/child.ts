// Child processes for tests that spawn a command the way a person or CI runs it: every wait is
// bounded (a hang fails the test with the output so far), and whatever is still running when the
// test file ends is killed by `stopAll()` (call it in afterAll).
import { spawn, type ChildProcess, type SpawnOptions } from "node:child_process";

export interface Child {
  readonly process: ChildProcess;
  /** Everything written so far. */
  readonly stdout: () => string;
  readonly stderr: () => string;
  /** Resolves with the first match of `pattern` in stdout; rejects after `ms` or if the process exits first. */
  waitFor(pattern: RegExp, ms: number): Promise<RegExpMatchArray>;
  /** Resolves with the exit code (or the signal's name); rejects after `ms`. */
  exited(ms: number): Promise<number | string>;
}

const running = new Set<ChildProcess>();

export function start(command: string, args: readonly string[], options: SpawnOptions = {}): Child {
  const child = spawn(command, args, { stdio: ["ignore", "pipe", "pipe"], ...options });
  running.add(child);
  let stdout = "";
  let stderr = "";
  child.stdout?.setEncoding("utf8").on("data", (chunk: string) => (stdout += chunk));
  child.stderr?.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
  const exit = new Promise<number | string>((resolve) => {
    child.once("error", (error) => {
      stderr += String(error);
      resolve(-1);
    });
    // "close", not "exit": it comes after the output pipes are drained, so nothing printed is lost.
    child.once("close", (code, signal) => {
      running.delete(child);
      resolve(code ?? signal ?? -1);
    });
  });
  const describe = () => `stdout:\n${stdout}\nstderr:\n${stderr}`;
  const bounded = <T>(promise: Promise<T>, ms: number, what: string): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`${command} ${args.join(" ")}: no ${what} within ${ms} ms\n${describe()}`)), ms);
      promise.then(
        (value) => (clearTimeout(timer), resolve(value)),
        (error: unknown) => (clearTimeout(timer), reject(error)),
      );
    });
  return {
    process: child,
    stdout: () => stdout,
    stderr: () => stderr,
    waitFor(pattern, ms) {
      const found = new Promise<RegExpMatchArray>((resolve, reject) => {
        const check = () => {
          const match = stdout.match(pattern);
          if (match) {
            child.stdout?.off("data", check);
            resolve(match);
          }
        };
        child.stdout?.on("data", check);
        check();
        void exit.then((code) => reject(new Error(`${command} exited (${code}) before printing ${pattern}\n${describe()}`)));
      });
      return bounded(found, ms, `output matching ${pattern}`);
    },
    exited: (ms) => bounded(exit, ms, "exit"),
  };
}

/** Runs a command to its end within `ms`. */
export async function runToEnd(command: string, args: readonly string[], ms: number, options: SpawnOptions = {}): Promise<{ code: number | string; stdout: string; stderr: string }> {
  const child = start(command, args, options);
  const code = await child.exited(ms);
  return { code, stdout: child.stdout(), stderr: child.stderr() };
}

/** Kills every child still running (afterAll, even when a test failed). */
export function stopAll(): void {
  for (const child of running) child.kill("SIGKILL");
  running.clear();
}

// Child processes of the release (and of the corpus and registry helpers): each runs in its own
// process group with a time bound, so a timeout, a failure elsewhere or the release's own exit
// ends the whole tree (npm → sh → node …), never just its first process.
import { spawn, type ChildProcess } from "node:child_process";

export interface CommandResult {
  code: number;
  stdout: string;
  stderr: string;
  /** The command ran past its time bound and was killed. */
  timedOut: boolean;
}

export interface CommandOptions {
  cwd: string;
  env?: NodeJS.ProcessEnv;
  /** Default 120 s. */
  timeoutMs?: number;
  /** Copy the child's output to this process's stderr as it comes (long steps such as the tests). */
  echo?: boolean;
  /** Run `command` through `sh -c` (a user-given test command). */
  shell?: boolean;
}

/** A command the release needs failed or answered nonsense: the release refuses with its output. */
export class CommandFailed extends Error {}

const live = new Set<ChildProcess>();

/** Kills the process group of every child still running. Idempotent. */
export function killAllChildren(): void {
  for (const child of live) killTree(child);
}

function killTree(child: ChildProcess, signal: NodeJS.Signals = "SIGKILL"): void {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    child.kill(signal); // the group is gone already; make sure the leader is too
  }
}

/** SIGTERM first, so a child that owns processes of its own (the release itself) can end them; SIGKILL after a grace period. */
function terminate(child: ChildProcess): void {
  killTree(child, "SIGTERM");
  setTimeout(() => killTree(child), TERM_GRACE_MS).unref();
}

const TERM_GRACE_MS = 5_000;

process.once("exit", killAllChildren);

/** Runs a command to completion; never rejects (a spawn error becomes exit code 127 with its message). */
export function runCommand(command: string, args: readonly string[], options: CommandOptions): Promise<CommandResult> {
  const timeoutMs = options.timeoutMs ?? 120_000;
  return new Promise((resolve) => {
    const child = options.shell
      ? spawn("sh", ["-c", [command, ...args].join(" ")], { cwd: options.cwd, env: options.env ?? process.env, detached: true, stdio: ["ignore", "pipe", "pipe"] })
      : spawn(command, args, { cwd: options.cwd, env: options.env ?? process.env, detached: true, stdio: ["ignore", "pipe", "pipe"] });
    live.add(child);
    let stdout = "";
    let stderr = "";
    let timedOut = false;
    child.stdout!.on("data", (chunk: Buffer) => {
      stdout += chunk.toString();
      if (options.echo) process.stderr.write(chunk);
    });
    child.stderr!.on("data", (chunk: Buffer) => {
      stderr += chunk.toString();
      if (options.echo) process.stderr.write(chunk);
    });
    const timer = setTimeout(() => {
      timedOut = true;
      terminate(child);
    }, timeoutMs);
    const finish = (code: number, extra = ""): void => {
      clearTimeout(timer);
      live.delete(child);
      resolve({ code, stdout, stderr: stderr + extra, timedOut });
    };
    child.once("error", (error) => finish(127, `\n${error.message}`));
    // A leader that exits may leave processes of its group holding the pipes open: end them, so
    // "close" (all output read) follows promptly.
    // (After a timeout's SIGTERM, the rest of the group gets its grace period to clean up first.)
    child.once("exit", () => {
      const pid = child.pid;
      if (pid === undefined) return;
      const killGroup = () => {
        try {
          process.kill(-pid, "SIGKILL");
        } catch {
          // no process left in the group
        }
      };
      if (timedOut) setTimeout(killGroup, TERM_GRACE_MS).unref();
      else killGroup();
    });
    child.once("close", (code, signal) => {
      finish(code ?? (signal ? 128 + (signalNumbers[signal] ?? 0) : 1), timedOut ? `\n(killed after ${Math.round(timeoutMs / 1000)} s)` : "");
    });
  });
}

const signalNumbers: Partial<Record<NodeJS.Signals, number>> = { SIGHUP: 1, SIGINT: 2, SIGKILL: 9, SIGTERM: 15 };

/** The last `lines` lines of a command's output, for a refusal message. */
export function outputTail(result: CommandResult, lines = 30): string {
  return `${result.stdout}\n${result.stderr}`.trim().split("\n").slice(-lines).join("\n");
}

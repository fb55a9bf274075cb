// The one owner of a command's process lifetime. Every npm script entry (generate, check:generated,
// lint:spec, docs) runs through runCommand(): strict flags, then the command, then, on every outcome
// (success, spec problems, usage error, thrown error, SIGINT/SIGTERM), it releases what keeps the
// process alive (the codegen worker, spec watchers, a child process) and lets the process exit.
// Whatever starts such a resource registers its release here with holdOpen(), where it starts it.
import { constants } from "node:os";
import { parseArgs } from "node:util";

export const EXIT = {
  ok: 0,
  /** The spec (or redocly.yaml) has problems, or generated/ drifted: located lines say where. */
  problems: 1,
  /** An unknown flag or a stray argument: the usage lists the flags. */
  usage: 2,
  /** A bug or a broken install: the stack is printed. */
  internal: 3,
} as const;

export interface Flag {
  type: "boolean" | "string";
  description: string;
}

type FlagValues<F extends Record<string, Flag>> = { [K in keyof F]: F[K]["type"] extends "boolean" ? boolean : string | undefined };

export interface RunContext {
  /**
   * Resolves on SIGINT or SIGTERM. A command that awaits it stops gracefully and returns its exit
   * code (watch mode: 0). Any other command is ended by a signal at once: resources released,
   * exit 128 + the signal's number, as a shell reports it.
   */
  untilStopped(): Promise<NodeJS.Signals>;
}

export interface Command<F extends Record<string, Flag>> {
  /** As a person types it, e.g. `npm run generate`. */
  name: string;
  /** One line for the usage text. */
  summary: string;
  flags: F;
  /** What exit code 1 means for this command, in the usage text (default: spec problems). */
  problemsMean?: string;
  run(flags: FlagValues<F>, context: RunContext): Promise<number>;
}

/** A release that does not settle within this is abandoned (and reported) so the exit stays prompt. */
const RELEASE_TIMEOUT_MS = 5_000;
/** After everything was released the process should end by itself; if it has not by then, it is ended. */
const BACKSTOP_MS = 2_000;

interface Held {
  name: string;
  release: () => unknown;
}

const held = new Set<Held>();

/**
 * Registers something that keeps the process alive. `release` ends it (idempotent is best); the
 * returned function unregisters it when it ended by itself. Commands release everything at the end;
 * in-process callers (tests) may call releaseAll() themselves.
 */
export function holdOpen(name: string, release: () => unknown): () => void {
  const entry: Held = { name, release };
  held.add(entry);
  return () => void held.delete(entry);
}

/** Releases every registered resource, newest first (a watcher before the worker its runs use). */
export async function releaseAll(): Promise<void> {
  for (const entry of [...held].reverse()) {
    held.delete(entry);
    try {
      await withTimeout(Promise.resolve().then(entry.release), RELEASE_TIMEOUT_MS);
    } catch (error) {
      console.error(`warning: could not release the ${entry.name}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
}

/** Runs `command` with process.argv's flags, then exits with its code; resolves once the exit code is set. */
export async function runCommand<F extends Record<string, Flag>>(command: Command<F>, argv = process.argv.slice(2)): Promise<void> {
  const parsed = parseFlags(command, argv);
  if (parsed.kind === "usage") {
    console.error(`${command.name}: ${parsed.message}\n\n${usage(command)}`);
    return finish(EXIT.usage);
  }
  if (parsed.kind === "help") {
    console.log(usage(command));
    return finish(EXIT.ok);
  }

  let stopRequested: ((signal: NodeJS.Signals) => void) | undefined;
  const stopped = new Promise<NodeJS.Signals>((resolve) => (stopRequested = resolve));
  let graceful = false;
  let signalled = false;
  const onSignal = (signal: NodeJS.Signals): void => {
    // npm forwards the terminal's signal to the script, which the terminal signalled too: one stop.
    if (signalled) return;
    signalled = true;
    if (graceful) stopRequested?.(signal);
    else abandon(128 + (constants.signals[signal] ?? 0));
  };
  const onCrash = (error: unknown): void => {
    printInternalError(command, error);
    abandon(EXIT.internal);
  };
  // Kept to the end: a signal or a crash while releasing still ends the process with its code.
  process.on("SIGINT", onSignal).on("SIGTERM", onSignal).on("uncaughtException", onCrash).on("unhandledRejection", onCrash);

  const context: RunContext = {
    untilStopped: () => {
      graceful = true;
      return stopped;
    },
  };
  let code: number;
  try {
    code = await command.run(parsed.values, context);
  } catch (error) {
    printInternalError(command, error);
    code = EXIT.internal;
  }
  return finish(code);
}

let finishing: Promise<void> | undefined;

/** Releases everything and sets the exit code; the process then ends by itself (backstop: BACKSTOP_MS). */
function finish(code: number): Promise<void> {
  return (finishing ??= (async () => {
    await releaseAll();
    process.exitCode = code;
    setTimeout(() => {
      const alive = process.getActiveResourcesInfo(); // without this timer: it has fired
      console.error(`warning: still running after everything was released (${alive.join(", ") || "nothing known"}): exiting anyway.`);
      process.exit(code);
    }, BACKSTOP_MS).unref();
  })());
}

/**
 * A signal or a crash mid-run: the run's remaining work is dropped. Every release is started (a
 * worker's terminate, a child's kill, a watcher's close all begin synchronously) and the process
 * exits at once, so the abandoned run cannot print half-results (e.g. "the worker exited") meanwhile.
 */
function abandon(code: number): void {
  for (const entry of [...held].reverse()) {
    held.delete(entry);
    try {
      void Promise.resolve(entry.release()).catch(() => {});
    } catch {
      // exiting anyway
    }
  }
  process.exit(code);
}

function printInternalError(command: Command<Record<string, Flag>>, error: unknown): void {
  console.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
  console.error(`${command.name}: internal error (a bug, or a broken install: \`npm ci\` may fix it); the stack above says where.`);
}

type Parsed<F extends Record<string, Flag>> = { kind: "run"; values: FlagValues<F> } | { kind: "help" } | { kind: "usage"; message: string };

function parseFlags<F extends Record<string, Flag>>(command: Command<F>, argv: string[]): Parsed<F> {
  const options = Object.fromEntries(Object.entries(command.flags).map(([name, flag]) => [name, { type: flag.type }]));
  try {
    const { values } = parseArgs({ args: argv, options: { ...options, help: { type: "boolean", short: "h" } }, strict: true, allowPositionals: false });
    const given: Record<string, string | boolean | undefined> = values;
    if (given.help) return { kind: "help" };
    const withDefaults = Object.fromEntries(Object.entries(command.flags).map(([name, flag]) => [name, given[name] ?? (flag.type === "boolean" ? false : undefined)]));
    return { kind: "run", values: withDefaults as FlagValues<F> };
  } catch (error) {
    return { kind: "usage", message: usageMessage(error) };
  }
}

/** parseArgs' messages suggest `--` tricks that do not apply to npm scripts: say it plainly. */
function usageMessage(error: unknown): string {
  const { code, message } = error as { code?: string; message?: string };
  const quoted = /'([^']*)'/.exec(message ?? "")?.[1];
  if (code === "ERR_PARSE_ARGS_UNKNOWN_OPTION" && quoted) return `unknown flag ${quoted}`;
  if (code === "ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL" && quoted) return `unexpected argument "${quoted}" (this command takes flags only)`;
  return message ?? String(error);
}

function usage(command: Command<Record<string, Flag>>): string {
  const rows: [string, string][] = [
    ...Object.entries(command.flags).map(([name, flag]): [string, string] => [`--${name}${flag.type === "string" ? " <value>" : ""}`, flag.description]),
    ["-h, --help", "print this help"],
  ];
  const width = Math.max(...rows.map(([left]) => left.length));
  const flagArgs = Object.keys(command.flags).length > 0 ? " [-- <flags>]" : "";
  return [
    `Usage: ${command.name}${flagArgs}`,
    `  ${command.summary}`,
    "Flags:",
    ...rows.map(([left, right]) => `  ${left.padEnd(width)}  ${right}`),
    `Exit codes: 0 success, 1 ${command.problemsMean ?? "spec problems (listed as file:line:col lines)"}, 2 usage error, 3 internal error.`,
  ].join("\n");
}

async function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

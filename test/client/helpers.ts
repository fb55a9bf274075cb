// Shared test fixtures: a sandbox per test file and a logger that remembers what it was told.
import { afterAll, beforeAll, beforeEach } from "vitest";
import { AymaraAI, type ClientOptions, type Logger, type LogLevel } from "../../src/index.js";
import type { SandboxOptions, SandboxServer } from "../../src/testing/index.js";
import { startSandbox as startCheckedSandbox } from "../support/sandbox.js";

export interface LogLine {
  level: Exclude<LogLevel, "off">;
  message: string;
  args: unknown[];
}

export interface MemoryLogger extends Logger {
  readonly lines: LogLine[];
}

export function memoryLogger(): MemoryLogger {
  const lines: LogLine[] = [];
  const at = (level: LogLine["level"]) => (message: string, ...args: unknown[]): void => {
    lines.push({ level, message, args });
  };
  return { lines, error: at("error"), warn: at("warn"), info: at("info"), debug: at("debug") };
}

export async function startSandbox(options: SandboxOptions = {}): Promise<SandboxServer> {
  return startCheckedSandbox({ runs: 30, ...options });
}

/**
 * One sandbox for the calling test file: started before its tests, closed after them, with faults
 * and recorded requests cleared before each test. Call the result to get the running server.
 */
export function useSandbox(options: SandboxOptions = {}): () => SandboxServer {
  let sandbox: SandboxServer | undefined;
  beforeAll(async () => {
    sandbox = await startSandbox(options);
  });
  afterAll(() => sandbox?.close());
  beforeEach(() => {
    sandbox?.faults.clear();
    sandbox?.clearRequests();
  });
  return () => {
    if (!sandbox) throw new Error("useSandbox(): the sandbox is not running (call it at the top of a test file)");
    return sandbox;
  };
}

/** A client for `sandbox`, with a memory logger and no surprises from the environment. */
export function sandboxClient(sandbox: SandboxServer, options: ClientOptions = {}): { client: AymaraAI; logger: MemoryLogger } {
  const logger = memoryLogger();
  const client = new AymaraAI({ apiKey: sandbox.apiKey, baseURL: sandbox.url, logger, logLevel: "info", ...options });
  return { client, logger };
}

/** The error of class `type` that `run` throws; fails when it returns or throws something else. */
export function thrownBy<E extends Error>(run: () => unknown, type: new (...args: never[]) => E): E {
  try {
    run();
  } catch (error) {
    if (error instanceof type) return error;
    throw error;
  }
  throw new Error(`expected a ${type.name}`);
}

/** Resolves to what `promise` rejects with; fails when it resolves. */
export async function rejectionOf(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error("expected the promise to reject");
}

/** The delay, in ms, that the client's "Retrying …" info lines announced. */
export function announcedRetryDelays(logger: MemoryLogger): number[] {
  return logger.lines
    .filter((line) => line.level === "info" && line.message.startsWith("Retrying"))
    .map((line) => Number(/ in (\d+) ms/.exec(line.message)?.[1]));
}

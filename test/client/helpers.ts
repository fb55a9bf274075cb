// Shared test fixtures: a sandbox per test file and a logger that remembers what it was told.
import { AymaraAI, type ClientOptions, type Logger, type LogLevel } from "../../src/index.js";
import { createSandboxServer, type SandboxOptions, type SandboxServer } from "../../src/testing/index.js";

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
  return createSandboxServer({ runs: 30, ...options });
}

/** A client for `sandbox`, with a memory logger and no surprises from the environment. */
export function sandboxClient(sandbox: SandboxServer, options: ClientOptions = {}): { client: AymaraAI; logger: MemoryLogger } {
  const logger = memoryLogger();
  const client = new AymaraAI({ apiKey: sandbox.apiKey, baseURL: sandbox.url, logger, logLevel: "info", ...options });
  return { client, logger };
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

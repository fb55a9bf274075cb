// Levelled, pluggable logging. Disabled levels become no-ops once, at construction,
// so a request pays nothing for `debug` lines when the level is `warn`.

/** A console-like sink. `console` itself fits. */
export interface Logger {
  error(message: string, ...args: unknown[]): void;
  warn(message: string, ...args: unknown[]): void;
  info(message: string, ...args: unknown[]): void;
  debug(message: string, ...args: unknown[]): void;
}

export type LogLevel = "off" | "error" | "warn" | "info" | "debug";

/** Levels from quietest to loudest; a level enables itself and every level before it. */
export const logLevels: readonly LogLevel[] = ["off", "error", "warn", "info", "debug"];

export const isLogLevel = (value: unknown): value is LogLevel =>
  typeof value === "string" && (logLevels as readonly string[]).includes(value);

/** A `Logger` filtered by level; `enabled` lets callers skip building messages nobody will see. */
export interface LevelledLogger extends Logger {
  readonly level: LogLevel;
  enabled(level: Exclude<LogLevel, "off">): boolean;
}

const noop = (): void => {};

export function createLevelledLogger(sink: Logger, level: LogLevel): LevelledLogger {
  const rank = logLevels.indexOf(level);
  const on = (l: Exclude<LogLevel, "off">): boolean => logLevels.indexOf(l) <= rank;
  const logger = { level, enabled: on } as LevelledLogger;
  // Bound once so sinks that rely on `this` (console in some runtimes, class loggers) keep working.
  for (const l of ["error", "warn", "info", "debug"] as const) logger[l] = on(l) ? sink[l].bind(sink) : noop;
  return logger;
}

/** Headers that carry credentials: never logged, never kept on an error. */
export const secretHeaders: ReadonlySet<string> = new Set(["x-api-key", "authorization", "cookie", "set-cookie", "proxy-authorization"]);

/** Headers as a plain object fit for a log line, with secrets replaced. */
export function redactHeaders(headers: Headers): Record<string, string> {
  const out: Record<string, string> = {};
  headers.forEach((value, name) => {
    out[name] = secretHeaders.has(name) ? "[REDACTED]" : value;
  });
  return out;
}

/** A copy of response headers (empty without any) without anything secret a misbehaving server might echo back. */
export function withoutSecrets(headers: Headers | undefined): Headers {
  const copy = new Headers(headers);
  for (const name of secretHeaders) copy.delete(name);
  return copy;
}

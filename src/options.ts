// The client's options: what can be given, the environment fallbacks and defaults, and the checks that
// make a bad option fail at construction with a message naming it. `withOptions()` starts from the
// resolved values, so a derived client never re-reads the environment.
import { apiInfo } from "../generated/metadata.js";
import { checkApiKey } from "./api-key.js";
import { AymaraAIError } from "./errors.js";
import { fetchOptionsRule, splitFetchOptions, type SplitFetchOptions } from "./fetch-options.js";
import { createLevelledLogger, isLogLevel, logLevels, type Logger, type LogLevel } from "./logger.js";
import { checkNotInBrowser, readEnv, resolveFetch } from "./runtime.js";
import { checkTimingOptions } from "./validate.js";

export interface ClientOptions {
  /** Defaults to the `AYMARA_AI_API_KEY` environment variable. */
  apiKey?: string;
  /** Defaults to `AYMARA_AI_BASE_URL`, else the spec's first server. */
  baseURL?: string;
  /** Retries after the first attempt, for connection errors, timeouts, 408, 409, 429 and 5xx. Default 2. */
  maxRetries?: number;
  /** Per-attempt timeout in milliseconds. Default 60 000. */
  timeout?: number;
  /** A fetch implementation (default `globalThis.fetch`; construction fails when neither exists). */
  fetch?: typeof globalThis.fetch;
  /**
   * Merged into every fetch the client makes: e.g. `dispatcher` (an undici proxy agent), `keepalive`, `cache`.
   * `method`, `body` and `signal` are the SDK's and refused here; `headers` are added to every request's
   * headers (over `defaultHeaders`), except the API key's header, which is refused.
   */
  fetchOptions?: RequestInit;
  /** Headers sent with every request. */
  defaultHeaders?: Record<string, string>;
  /** Default `AYMARA_AI_LOG`, else `warn`. */
  logLevel?: LogLevel;
  /** Where log lines go (default `console`). */
  logger?: Logger;
  /** Allow a non-loopback `http://` baseURL, which sends the API key in clear text. */
  allowInsecureHttp?: boolean;
  /**
   * Allow construction in a web page (`window`, `document` and `navigator` defined). Off by default:
   * anyone who opens the page can read the key. Only for a key the user supplied, or a short-lived one.
   */
  dangerouslyAllowBrowser?: boolean;
}

const API_KEY_ENV = "AYMARA_AI_API_KEY";
const BASE_URL_ENV = "AYMARA_AI_BASE_URL";
const LOG_LEVEL_ENV = "AYMARA_AI_LOG";
const DEFAULT_MAX_RETRIES = 2;
const DEFAULT_TIMEOUT_MS = 60_000;
const DEFAULT_LOG_LEVEL: LogLevel = "warn";

/**
 * Every option with its effective value (environment and defaults applied), checked and copied. Holds the
 * key: keep it private. `fetchOptions` keeps its headers apart, as the client merges them.
 */
export interface ResolvedOptions extends Omit<ClientOptions, "fetchOptions"> {
  readonly apiKey: string;
  readonly baseURL: string;
  readonly maxRetries: number;
  readonly timeout: number;
  readonly fetch: typeof globalThis.fetch;
  readonly fetchOptions: SplitFetchOptions | undefined;
  readonly logLevel: LogLevel;
  readonly logger: Logger;
}

export function resolveOptions(options: ClientOptions): ResolvedOptions {
  checkNotInBrowser(options.dangerouslyAllowBrowser);
  const logger = options.logger ?? console;
  const logLevel = resolveLogLevel(options.logLevel, logger);
  const timing = { maxRetries: options.maxRetries ?? DEFAULT_MAX_RETRIES, timeout: options.timeout ?? DEFAULT_TIMEOUT_MS };
  checkTimingOptions(timing, (name, value, rule) => invalidOption(`${name} option ${String(value)}`, rule));
  return {
    ...options,
    ...timing,
    fetch: resolveFetch(options.fetch),
    apiKey: checkApiKey(options.apiKey ?? readEnv(API_KEY_ENV), API_KEY_ENV),
    baseURL: resolveBaseURL(options.baseURL ?? readEnv(BASE_URL_ENV) ?? apiInfo.servers[0], options.allowInsecureHttp === true, createLevelledLogger(logger, logLevel)),
    fetchOptions: options.fetchOptions && splitFetchOptions(options.fetchOptions, (field) => invalidOption(`fetchOptions.${field}`, fetchOptionsRule)),
    defaultHeaders: options.defaultHeaders && { ...options.defaultHeaders },
    logLevel,
    logger,
  };
}

/**
 * The options of a client derived from `current`: every option given in `overrides` (and not undefined)
 * wins; the rest keep `current`'s effective values, so the environment is not read again.
 */
export function derivedOptions(current: ResolvedOptions, overrides: ClientOptions): ClientOptions {
  const { fetchOptions } = current;
  const options: Record<string, unknown> = { ...current, fetchOptions: fetchOptions && { ...fetchOptions.init, headers: fetchOptions.headers } };
  for (const [name, value] of Object.entries(overrides)) if (value !== undefined) options[name] = value;
  return options;
}

/** "Invalid timeout option 0: expected a number of milliseconds > 0 ...": a construction error naming the option. */
const invalidOption = (what: string, rule: string): AymaraAIError => new AymaraAIError(`Invalid ${what}: expected ${rule}.`);

function resolveLogLevel(option: LogLevel | undefined, sink: Logger): LogLevel {
  const rule = `one of ${logLevels.join(", ")}`;
  if (option !== undefined && !isLogLevel(option)) throw invalidOption(`logLevel option ${String(option)}`, rule);
  const level = option ?? readEnv(LOG_LEVEL_ENV);
  if (level === undefined || isLogLevel(level)) return level ?? DEFAULT_LOG_LEVEL;
  sink.warn(`Ignoring ${LOG_LEVEL_ENV}=${JSON.stringify(level)}: expected ${rule}.`);
  return DEFAULT_LOG_LEVEL;
}

function resolveBaseURL(raw: string, allowInsecureHttp: boolean, logger: Logger): string {
  let url: URL | undefined;
  try {
    url = new URL(raw);
  } catch {
    // Refused below, with the protocols that are not http(s).
  }
  if (!url || !/^https?:$/.test(url.protocol)) throw new AymaraAIError(`Invalid baseURL ${JSON.stringify(raw)}: expected an absolute http(s) URL.`);
  if (url.protocol === "http:" && !isLoopback(url.hostname)) {
    if (!allowInsecureHttp) {
      throw new AymaraAIError(`Refusing insecure baseURL ${url.origin}: the API key would travel in clear text. Use https://, or pass allowInsecureHttp: true if you really mean it.`);
    }
    logger.warn(`allowInsecureHttp: sending the API key in clear text to ${url.origin}.`);
  }
  return raw.replace(/\/+$/, "");
}

function isLoopback(hostname: string): boolean {
  return hostname === "localhost" || hostname.endsWith(".localhost") || hostname === "[::1]" || /^127(\.\d{1,3}){3}$/.test(hostname);
}

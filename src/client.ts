// `new AymaraAI(options)`: resolves options (with environment fallbacks), builds the transport
// and the typed openapi-fetch client, and exposes resources with the official SDK's names.
import createClient, { type Client } from "openapi-fetch";
import { apiInfo, securitySchemes } from "../generated/metadata.js";
import type { paths } from "../generated/types.js";
import { AymaraAIError } from "./errors.js";
import { createLevelledLogger, isLogLevel, logLevels, type LevelledLogger, type Logger, type LogLevel } from "./logger.js";
import { EvalRuns } from "./resources/eval-runs.js";
import { checkNotInBrowser, readEnv, resolveFetch } from "./runtime.js";
import { Transport } from "./transport.js";
import { isValidMaxRetries, isValidTimeout, maxRetriesRule, timeoutRule } from "./validate.js";
import { VERSION } from "./version.js";

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

export const API_KEY_ENV = "AYMARA_AI_API_KEY";
export const BASE_URL_ENV = "AYMARA_AI_BASE_URL";
export const LOG_LEVEL_ENV = "AYMARA_AI_LOG";
const DEFAULT_MAX_RETRIES = 2;
const DEFAULT_TIMEOUT_MS = 60_000;
const DEFAULT_LOG_LEVEL: LogLevel = "warn";

// The header the spec's apiKey security scheme names (x-api-key).
const apiKeyHeader = Object.values(securitySchemes).find((s) => s.type === "apiKey" && s.in === "header")?.name ?? "x-api-key";

export class AymaraAI {
  readonly baseURL: string;
  readonly maxRetries: number;
  readonly timeout: number;
  /** The typed openapi-fetch client, with the SDK's auth, retries and timeouts, for raw typed calls. */
  readonly api: Client<paths>;
  readonly evals: { readonly runs: EvalRuns };
  readonly #logger: LevelledLogger;

  constructor(options: ClientOptions = {}) {
    checkNotInBrowser(options.dangerouslyAllowBrowser);
    const fetchImpl = resolveFetch(options.fetch);
    const apiKey = options.apiKey ?? readEnv(API_KEY_ENV);
    if (!apiKey) {
      throw new AymaraAIError(`Missing API key: pass the apiKey option (new AymaraAI({ apiKey })) or set the ${API_KEY_ENV} environment variable.`);
    }
    // Checked here so a bad key fails with a message that does not quote it (fetch's would).
    if (typeof apiKey !== "string" || !/^[\x21-\x7e]+$/.test(apiKey)) {
      throw new AymaraAIError("Invalid API key: the apiKey option must be printable ASCII with no spaces or line breaks.");
    }
    this.#logger = createLevelledLogger(options.logger ?? console, resolveLogLevel(options.logLevel, options.logger ?? console));
    this.baseURL = resolveBaseURL(options.baseURL ?? readEnv(BASE_URL_ENV) ?? apiInfo.servers[0], options.allowInsecureHttp === true, this.#logger);
    this.maxRetries = checkOption("maxRetries", options.maxRetries ?? DEFAULT_MAX_RETRIES, isValidMaxRetries, maxRetriesRule);
    this.timeout = checkOption("timeout", options.timeout ?? DEFAULT_TIMEOUT_MS, isValidTimeout, timeoutRule);

    const transport = new Transport({
      fetch: fetchImpl,
      timeout: this.timeout,
      maxRetries: this.maxRetries,
      logger: this.#logger,
    });
    // The key lives only in this closure-held header set: never a property of the client.
    this.api = createClient<paths>({
      baseUrl: this.baseURL,
      fetch: transport.fetch,
      headers: { "user-agent": `aymara-eval-runs/${VERSION}`, ...options.defaultHeaders, [apiKeyHeader]: apiKey },
    });
    this.evals = Object.freeze({ runs: new EvalRuns(this.api, transport, this.#logger) });
  }

  /** What `util.inspect` and `console.log` show: settings, never the key. */
  [Symbol.for("nodejs.util.inspect.custom")](_depth: number, options: object, inspect: (value: unknown, options: object) => string): string {
    return `AymaraAI ${inspect(this.toJSON(), options)}`;
  }

  toJSON(): Record<string, unknown> {
    return { baseURL: this.baseURL, maxRetries: this.maxRetries, timeout: this.timeout, logLevel: this.#logger.level, apiKey: "[REDACTED]" };
  }
}

function checkOption<T>(name: string, value: unknown, isValid: (v: unknown) => v is T, rule: string): T {
  if (!isValid(value)) throw new AymaraAIError(`Invalid ${name} option ${String(value)}: expected ${rule}.`);
  return value;
}

function resolveLogLevel(option: LogLevel | undefined, sink: Logger): LogLevel {
  if (option !== undefined) {
    return checkOption("logLevel", option, isLogLevel, `one of ${logLevels.join(", ")}`);
  }
  const fromEnv = readEnv(LOG_LEVEL_ENV);
  if (fromEnv === undefined) return DEFAULT_LOG_LEVEL;
  if (isLogLevel(fromEnv)) return fromEnv;
  sink.warn(`Ignoring ${LOG_LEVEL_ENV}=${JSON.stringify(fromEnv)}: expected one of ${logLevels.join(", ")}.`);
  return DEFAULT_LOG_LEVEL;
}

function resolveBaseURL(raw: string, allowInsecureHttp: boolean, logger: Logger): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch (error) {
    throw new AymaraAIError(`Invalid baseURL ${JSON.stringify(raw)}: expected an absolute http(s) URL.`, { cause: error });
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") {
    throw new AymaraAIError(`Invalid baseURL ${JSON.stringify(raw)}: expected an http(s) URL.`);
  }
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

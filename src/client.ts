// `new AymaraAI(options)`: resolves the options (options.ts), builds the transport and the typed
// openapi-fetch client, and exposes resources with the official SDK's names.
import createClient, { type Client } from "openapi-fetch";
import type { paths } from "../generated/types.js";
import { createLevelledLogger, type LevelledLogger } from "./logger.js";
import { apiKeyHeader } from "./api-key.js";
import { derivedOptions, resolveOptions, type ClientOptions, type ResolvedOptions } from "./options.js";
import { EvalRuns } from "./resources/eval-runs.js";
import { Transport } from "./transport.js";
import { VERSION } from "./version.js";


export class AymaraAI {
  readonly baseURL: string;
  readonly maxRetries: number;
  readonly timeout: number;
  /** The typed openapi-fetch client, with the SDK's auth, retries and timeouts, for raw typed calls. */
  readonly api: Client<paths>;
  readonly evals: { readonly runs: EvalRuns };
  readonly #logger: LevelledLogger;
  /** The effective options, key included: private, for `withOptions()` only. */
  readonly #options: ResolvedOptions;

  constructor(options: ClientOptions = {}) {
    const resolved = resolveOptions(options);
    this.#options = resolved;
    this.#logger = createLevelledLogger(resolved.logger, resolved.logLevel);
    this.baseURL = resolved.baseURL;
    this.maxRetries = resolved.maxRetries;
    this.timeout = resolved.timeout;

    const transport = new Transport({
      fetch: resolved.fetch,
      fetchInit: resolved.fetchOptions?.init,
      timeout: this.timeout,
      maxRetries: this.maxRetries,
      logger: this.#logger,
    });
    // The key lives only in this header set and in #options: never a visible property of the client.
    this.api = createClient<paths>({
      baseUrl: this.baseURL,
      fetch: transport.fetch,
      headers: {
        "user-agent": `aymara-eval-runs/${VERSION}`,
        ...resolved.defaultHeaders,
        ...resolved.fetchOptions?.headers,
        [apiKeyHeader]: resolved.apiKey,
      },
    });
    this.evals = Object.freeze({ runs: new EvalRuns(this.api, transport, this.#logger) });
  }

  /**
   * A new client with `options` over this one's effective settings. Options left out (or undefined) keep
   * this client's values as resolved at its construction, environment fallbacks included: the environment
   * is not read again. Nothing mutable is shared (headers and fetch options are copied); the functions and
   * objects you passed in (`fetch`, `logger`, a `dispatcher`) are the same ones.
   */
  withOptions(options: ClientOptions): AymaraAI {
    return new AymaraAI(derivedOptions(this.#options, options));
  }

  /** What `util.inspect` and `console.log` show: settings, never the key. */
  [Symbol.for("nodejs.util.inspect.custom")](_depth: number, options: object, inspect: (value: unknown, options: object) => string): string {
    return `AymaraAI ${inspect(this.toJSON(), options)}`;
  }

  toJSON(): Record<string, unknown> {
    return { baseURL: this.baseURL, maxRetries: this.maxRetries, timeout: this.timeout, logLevel: this.#logger.level, apiKey: "[REDACTED]" };
  }
}

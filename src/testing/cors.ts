// CORS for the sandbox, so browser apps (and the browser ecosystem test) can call it from a page
// served elsewhere: answers preflights and marks every answer for the origins it allows.
import { operations, securitySchemes } from "../../generated/metadata.js";

/** `true` allows any origin; a list allows exactly those origins (e.g. "http://localhost:5173"). */
export type CorsOption = boolean | readonly string[];

// What a browser script may send: the spec's API-key header(s) and what the SDK and Prism-style
// clients add (`prefer` picks an answer, see prefer.ts).
const ALLOWED_REQUEST_HEADERS = [
  ...Object.values(securitySchemes).flatMap((scheme) => (scheme.type === "apiKey" && scheme.in === "header" ? [scheme.name.toLowerCase()] : [])),
  "accept",
  "content-type",
  "prefer",
  "user-agent",
];

// What a browser script may read: the request id the SDK's errors quote, and what its retries obey.
const EXPOSED_RESPONSE_HEADERS = [
  "x-request-id",
  "retry-after",
  "retry-after-ms",
  "x-should-retry",
  "ratelimit-limit",
  "ratelimit-remaining",
  "ratelimit-reset",
  "x-ratelimit-limit",
  "x-ratelimit-remaining",
  "x-ratelimit-reset",
];

const ALLOWED_METHODS = [...new Set(Object.values(operations).map((operation) => operation.method))];
const PREFLIGHT_MAX_AGE_S = 600;

export interface CorsPolicy {
  /** Headers for an actual (non-preflight) answer to a request from `origin`. */
  responseHeaders(origin: string | undefined): Record<string, string>;
  /** True for a CORS preflight: OPTIONS with an Origin and Access-Control-Request-Method. */
  isPreflight(method: string | undefined, origin: string | undefined, requestMethod: string | undefined): boolean;
  /** Headers of the 204 answering a preflight (no Access-Control-Allow-* for a disallowed origin). */
  preflightHeaders(origin: string | undefined): Record<string, string>;
}

function checkOrigin(origin: unknown): string {
  let parsed: URL | undefined;
  try {
    parsed = typeof origin === "string" ? new URL(origin) : undefined;
  } catch {
    parsed = undefined;
  }
  if (!parsed || parsed.origin === "null" || parsed.origin !== origin) {
    throw new TypeError(`createSandboxServer: cors origins must be origins such as "http://localhost:5173" (scheme, host, port; no path or trailing slash), got ${JSON.stringify(origin)}`);
  }
  return origin;
}

/** The policy for a `cors` option; undefined when CORS is off (no CORS headers at all). */
export function corsPolicy(option: CorsOption | undefined): CorsPolicy | undefined {
  if (option === undefined || option === false) return undefined;
  if (option !== true && !Array.isArray(option)) throw new TypeError(`createSandboxServer: cors must be true, false or a list of origins, got ${JSON.stringify(option)}`);
  const allowed = option === true ? undefined : new Set(option.map(checkOrigin));
  const allows = (origin: string | undefined): origin is string => origin !== undefined && (allowed === undefined || allowed.has(origin));
  // Every answer varies by Origin once CORS is on, so a shared cache never serves one origin's answer to another.
  const vary = { vary: "Origin" };

  return {
    responseHeaders(origin) {
      if (!allows(origin)) return vary;
      return { ...vary, "access-control-allow-origin": origin, "access-control-expose-headers": EXPOSED_RESPONSE_HEADERS.join(", ") };
    },
    isPreflight(method, origin, requestMethod) {
      return method === "OPTIONS" && origin !== undefined && requestMethod !== undefined;
    },
    preflightHeaders(origin) {
      if (!allows(origin)) return { ...vary, "content-length": "0" };
      return {
        ...vary,
        "access-control-allow-origin": origin,
        "access-control-allow-methods": ALLOWED_METHODS.join(", "),
        "access-control-allow-headers": ALLOWED_REQUEST_HEADERS.join(", "),
        "access-control-max-age": String(PREFLIGHT_MAX_AGE_S),
        "content-length": "0",
      };
    },
  };
}

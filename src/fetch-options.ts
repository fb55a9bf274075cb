// `fetchOptions`: a RequestInit merged into every fetch the SDK makes (a proxy `dispatcher`, `keepalive`,
// `cache`, ...). The SDK owns the method, the body, the signal and the API key's header, so those are
// refused rather than silently dropped; `headers` are added to the request's headers instead of replacing
// them (a RequestInit's own `headers` would replace every header of the request, the key's among them).
import { apiKeyHeader } from "./api-key.js";

/** A `fetchOptions` value taken apart: what goes to fetch as is, and the headers to merge (lower-case names). */
export interface SplitFetchOptions {
  readonly init: RequestInit;
  readonly headers: Record<string, string> | undefined;
}

/** How to refuse `fetchOptions`: where, the rule broken, and what was given (never a header value: it may be a key). */
export type RefuseFetchOptions = (where: string, rule: string, given: unknown) => Error;

export function splitFetchOptions(value: unknown, where: string, refuse: RefuseFetchOptions): SplitFetchOptions {
  if (typeof value !== "object" || value === null) throw refuse(where, "a RequestInit object", value);
  const { headers, ...init } = value as RequestInit;
  const owned = (["method", "body", "signal"] as const).filter((name) => init[name] !== undefined);
  if (owned.length > 0) throw refuse(where, "no method, body or signal: the SDK sets those (pass signal as a request option)", owned.join(", "));
  if (headers === undefined) return { init, headers };
  const record: Record<string, string> = {};
  try {
    new Headers(headers).forEach((headerValue, name) => {
      record[name] = headerValue;
    });
  } catch (error) {
    throw refuse(`${where}.headers`, "valid header names and values", (error as Error).message);
  }
  if (apiKeyHeader in record) throw refuse(`${where}.headers`, `no ${apiKeyHeader}: the API key goes in the apiKey option`, "[REDACTED]");
  return { init, headers: record };
}

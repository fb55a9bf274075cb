// `fetchOptions`: a RequestInit merged into every fetch the SDK makes (a proxy `dispatcher`, `keepalive`,
// `cache`, ...). The SDK owns the method, the body, the signal and the API key's header: setting one here
// is refused, not silently dropped. `headers` are added to the request's headers instead of replacing them
// (a RequestInit's own `headers` would replace every header of the request, the key's among them).
import { apiKeyHeader } from "./api-key.js";

/** A `fetchOptions` value taken apart: what goes to fetch as is, and the headers to merge (lower-case names). */
export interface SplitFetchOptions {
  readonly init: RequestInit;
  readonly headers: Record<string, string> | undefined;
}

export const fetchOptionsRule = `no method, body, signal or ${apiKeyHeader} header: the SDK sets those (pass signal and apiKey as options)`;

/** Throws `refuse(field)` for a field the SDK owns (the field's name only: a header's value may be a key). */
export function splitFetchOptions(fetchOptions: RequestInit, refuse: (field: string) => Error): SplitFetchOptions {
  const { headers, ...init } = fetchOptions;
  for (const field of ["method", "body", "signal"] as const) if (init[field] != null) throw refuse(field);
  if (headers === undefined) return { init, headers };
  const record: Record<string, string> = {};
  new Headers(headers).forEach((value, name) => {
    record[name] = value;
  });
  if (apiKeyHeader in record) throw refuse(`headers.${apiKeyHeader}`);
  return { init, headers: record };
}

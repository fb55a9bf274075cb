// The query string of an operation's request. openapi-fetch sends every array exploded (`?tag=a&tag=b`);
// a parameter the spec declares with `explode: false` goes as `?tag=a,b`, as the spec says the server reads it.
import { createQuerySerializer, serializeArrayParam } from "openapi-fetch";
import type { QueryParamSpec } from "./validate.js";

export type QuerySerializer = (query: Record<string, unknown>) => string;

/** Undefined when no parameter needs it: openapi-fetch's own serialiser then applies, at no cost per request. */
export function querySerializerFor(params: Readonly<Record<string, QueryParamSpec>>): QuerySerializer | undefined {
  // The pipeline emits `explode` for array parameters only (generated/metadata.ts).
  const commaSeparated = new Set(Object.keys(params).filter((name) => params[name]!.explode === false));
  if (commaSeparated.size === 0) return undefined;
  const serialize = createQuerySerializer();
  return (query) => {
    const parts: string[] = [];
    for (const name in query) {
      const value = query[name];
      // An empty array sends nothing, as openapi-fetch does for exploded ones.
      const part = commaSeparated.has(name) && Array.isArray(value) ? value.length === 0 ? "" : serializeArrayParam(name, value, { style: "form", explode: false }) : serialize({ [name]: value });
      if (part) parts.push(part);
    }
    return parts.join("&");
  };
}

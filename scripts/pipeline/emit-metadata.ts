// Step 5: runtime constants from the spec (server URL, auth header, parameter constraints,
// status codes, enum values), so src/ never hand-copies a fact the spec already states.
import { deref, isIdentifier, isObject, listOperations, numericStatuses, objectAt, type Json, type JsonObject } from "./spec.js";

/** Schema keywords copied into `queryParams`; `required` is always added. */
const PARAM_KEYS = ["type", "format", "minimum", "maximum", "default", "enum"] as const;
const SECURITY_KEYS = ["type", "in", "name", "scheme", "bearerFormat", "openIdConnectUrl"] as const;

export function emitMetadata(doc: JsonObject, header: string): string {
  const info = objectAt(doc, "info");
  const servers = Array.isArray(doc.servers) ? doc.servers : [];
  const apiInfo = {
    title: info.title ?? null,
    version: info.version ?? null,
    servers: servers.map((server) => (isObject(server) ? (server.url ?? null) : null)),
  };

  const securitySchemes: JsonObject = {};
  for (const [name, raw] of Object.entries(objectAt(objectAt(doc, "components"), "securitySchemes"))) {
    securitySchemes[name] = pick(deref(doc, raw), SECURITY_KEYS);
  }

  const operations: JsonObject = {};
  for (const op of listOperations(doc)) {
    const statuses = numericStatuses(op.operation);
    const successStatus = statuses.find((code) => code >= 200 && code < 300);
    if (successStatus === undefined) throw new Error(`Operation "${op.id}" has no 2xx response.`);
    const queryParams: JsonObject = {};
    for (const param of op.parameters.filter((p) => p.in === "query")) {
      const { type, ...rest } = pick(deref(doc, param.schema), PARAM_KEYS);
      // `type` first, then `required`, then the constraints: reads like the spec.
      queryParams[String(param.name)] = {
        ...(type !== undefined && { type }),
        required: param.required === true,
        ...rest,
      };
    }
    operations[op.id] = {
      method: op.method.toUpperCase(),
      path: op.path,
      queryParams,
      successStatus,
      errorStatuses: statuses.filter((code) => code >= 400),
    };
  }

  const enums: JsonObject = {};
  for (const [name, schema] of Object.entries(objectAt(objectAt(doc, "components"), "schemas"))) {
    if (isObject(schema) && Array.isArray(schema.enum)) enums[name] = schema.enum;
  }

  return [
    header,
    `export const apiInfo = ${literal(apiInfo)} as const;`,
    `export const securitySchemes = ${literal(securitySchemes)} as const;`,
    `export const operations = ${literal(operations)} as const;`,
    `export const enums = ${literal(enums)} as const;`,
    "",
    "export type OperationId = keyof typeof operations;",
    "export type EnumName = keyof typeof enums;",
    "export type SecuritySchemeName = keyof typeof securitySchemes;",
    "",
  ].join("\n");
}

function pick(source: JsonObject, keys: readonly string[]): JsonObject {
  const picked: JsonObject = {};
  for (const key of keys) if (source[key] !== undefined) picked[key] = source[key];
  return picked;
}

/** A TypeScript literal: like JSON, but keys unquoted where they are identifiers. */
function literal(value: Json): string {
  if (Array.isArray(value)) return `[${value.map(literal).join(", ")}]`;
  if (!isObject(value)) return JSON.stringify(value);
  const entries = Object.entries(value).map(
    ([key, v]) => `${isIdentifier(key) ? key : JSON.stringify(key)}: ${literal(v)}`,
  );
  return `{ ${entries.join(", ")} }`;
}

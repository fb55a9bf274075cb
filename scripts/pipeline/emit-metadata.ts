// Step 5: runtime constants from the spec (server URL, auth header, parameter constraints,
// status codes, enum values), so src/ never hand-copies a fact the spec already states.
// Each operation and each enum is also a constant of its own (`<operationId>Operation`, `<Schema>Values`):
// bundlers cannot drop unused properties of one object, but they drop unused constants, so an app
// ships only the facts the SDK reads.
import { deref, isIdentifier, isObject, listOperations, numericStatuses, objectAt, pascalCase, type Json, type JsonObject } from "./spec.js";

/** Schema keywords copied into `queryParams` (and, for arrays, into `items`); `required` is always added. */
const PARAM_KEYS = [
  "type", "format", "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "multipleOf",
  "minLength", "maxLength", "pattern", "minItems", "maxItems", "uniqueItems", "default", "enum",
] as const;
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
      const schema = deref(doc, param.schema);
      const { type, ...rest } = pick(schema, PARAM_KEYS);
      // `type` first, then `required`, then the constraints: reads like the spec.
      queryParams[String(param.name)] = {
        ...(type !== undefined && { type }),
        required: param.required === true,
        ...rest,
        ...(type === "array" && arraySerialization(doc, param, schema)),
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

  const constants = new Map<string, string>();
  return [
    header,
    `export const apiInfo = ${literal(apiInfo)} as const;`,
    `export const securitySchemes = ${literal(securitySchemes)} as const;`,
    ...namedConstants(operations, (id) => `${pascalCase(id).replace(/^./, (c) => c.toLowerCase())}Operation`, constants),
    `export const operations = ${aggregate(operations, constants)} as const;`,
    ...namedConstants(enums, (name) => `${pascalCase(name)}Values`, constants),
    `export const enums = ${aggregate(enums, constants)} as const;`,
    "",
    "export type OperationId = keyof typeof operations;",
    "export type EnumName = keyof typeof enums;",
    "export type SecuritySchemeName = keyof typeof securitySchemes;",
    "",
  ].join("\n");
}

/** One `export const <name> = ...` per entry of `table`, remembering each entry's constant in `constants`. */
function namedConstants(table: JsonObject, nameOf: (key: string) => string, constants: Map<string, string>): string[] {
  return Object.entries(table).map(([key, value]) => {
    const name = nameOf(key);
    if ([...constants.values()].includes(name) || ["apiInfo", "securitySchemes", "operations", "enums"].includes(name)) {
      throw new Error(`"${key}" and another operation or enum both become the constant ${name} in metadata.ts: rename one of them in the spec.`);
    }
    constants.set(key, name);
    return `export const ${name} = ${literal(value)} as const;`;
  });
}

/** `{ key: <its constant>, ... }`: the table as one object, made of the named constants. */
function aggregate(table: JsonObject, constants: Map<string, string>): string {
  const entries = Object.keys(table).map((key) => `${isIdentifier(key) ? key : JSON.stringify(key)}: ${constants.get(key)}`);
  return `{ ${entries.join(", ")} }`;
}

/**
 * How an array query parameter is read: its items' constraints, and the spec's `style` and
 * `explode` with OpenAPI's defaults for a query (form, explode: `?tag=a&tag=b`; explode false: `?tag=a,b`).
 */
function arraySerialization(doc: JsonObject, param: JsonObject, schema: JsonObject): JsonObject {
  const style = typeof param.style === "string" ? param.style : "form";
  if (style !== "form") throw new Error(`Query parameter "${String(param.name)}": style "${style}" is not supported (use form).`);
  return {
    items: pick(deref(doc, schema.items), PARAM_KEYS),
    style,
    explode: typeof param.explode === "boolean" ? param.explode : true,
  };
}

function pick(source: JsonObject, keys: readonly string[]): JsonObject {
  const picked: JsonObject = {};
  for (const key of keys) if (source[key] !== undefined) picked[key] = source[key];
  return picked;
}

/** A TypeScript literal: like JSON, but keys unquoted where they are identifiers. */
export function literal(value: Json): string {
  if (Array.isArray(value)) return `[${value.map(literal).join(", ")}]`;
  if (!isObject(value)) return JSON.stringify(value);
  const entries = Object.entries(value).map(
    ([key, v]) => `${isIdentifier(key) ? key : JSON.stringify(key)}: ${literal(v)}`,
  );
  return `{ ${entries.join(", ")} }`;
}

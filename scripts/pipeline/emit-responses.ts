// Step 5c: generated/responses.ts, what a mock of the spec needs beyond metadata.ts: the named
// examples of every response (by operation and status), and, for operations that list items, the
// page property holding them and each item field's type. Kept out of metadata.ts so the SDK's
// bundle does not carry them: only the sandbox (aymara-eval-runs/testing) imports this module.
import { literal } from "./emit-metadata.js";
import { deref, isObject, listOperations, numericStatuses, objectAt, type Json, type JsonObject } from "./spec.js";

/** What a field of a listed item may hold, resolved through `$ref`, `anyOf` and `oneOf`. */
type FieldShape = { type: string[]; enum?: Json[]; format?: string };

function shapeOf(doc: JsonObject, node: unknown, seen = new Set<unknown>()): FieldShape {
  const schema = deref(doc, node);
  if (seen.has(schema)) return { type: [] };
  seen.add(schema);
  const arms = [...(Array.isArray(schema.anyOf) ? schema.anyOf : []), ...(Array.isArray(schema.oneOf) ? schema.oneOf : [])];
  const shape: FieldShape = { type: [] };
  const add = (type: unknown) => {
    if (typeof type === "string" && !shape.type.includes(type)) shape.type.push(type);
  };
  if (Array.isArray(schema.type)) schema.type.forEach(add);
  else if (typeof schema.type === "string") add(schema.type);
  else if (isObject(schema.properties) || schema.additionalProperties !== undefined) add("object");
  if (Array.isArray(schema.enum)) shape.enum = schema.enum;
  if (typeof schema.format === "string") shape.format = schema.format;
  for (const arm of arms) {
    const armShape = shapeOf(doc, arm, seen);
    armShape.type.forEach(add);
    if (armShape.enum) shape.enum = [...(shape.enum ?? []), ...armShape.enum.filter((value) => !(shape.enum ?? []).includes(value))];
    if (shape.format === undefined && armShape.format !== undefined) shape.format = armShape.format;
  }
  if (shape.enum && shape.type.includes("null") && !shape.enum.includes(null)) shape.enum.push(null);
  return shape;
}

/** The page property holding a list response's items (the first array of a schema'd object), if any. */
function listItemsOf(doc: JsonObject, successSchema: unknown): JsonObject | undefined {
  const page = deref(doc, successSchema);
  for (const [property, raw] of Object.entries(objectAt(page, "properties"))) {
    const prop = deref(doc, raw);
    if (prop.type !== "array" || !isObject(prop.items)) continue;
    const ref = prop.items.$ref;
    const item = deref(doc, prop.items);
    const required = new Set(Array.isArray(item.required) ? item.required : []);
    const fields: JsonObject = {};
    for (const [name, field] of Object.entries(objectAt(item, "properties"))) {
      fields[name] = { ...shapeOf(doc, field), required: required.has(name) };
    }
    const schema = typeof ref === "string" && ref.startsWith("#/components/schemas/") ? ref.slice("#/components/schemas/".length) : null;
    return { property, schema, fields };
  }
  return undefined;
}

export function emitResponses(doc: JsonObject, header: string): string {
  const examples: JsonObject = {};
  const listItems: JsonObject = {};
  for (const op of listOperations(doc)) {
    const byStatus: JsonObject = {};
    for (const status of numericStatuses(op.operation)) {
      const json = objectAt(objectAt(deref(doc, objectAt(op.operation, "responses")[String(status)]), "content"), "application/json");
      const named: JsonObject = {};
      for (const [name, example] of Object.entries(objectAt(json, "examples"))) {
        const value = deref(doc, example).value;
        if (value !== undefined) named[name] = value;
      }
      if (Object.keys(named).length === 0 && json.example !== undefined) named.example = json.example;
      byStatus[String(status)] = named;
      if (status >= 200 && status < 300 && !listItems[op.id]) {
        const items = listItemsOf(doc, json.schema);
        if (items) listItems[op.id] = items;
      }
    }
    examples[op.id] = byStatus;
  }
  return [
    header,
    "/** The spec's named examples, by operation, then status, then example name (as in `Prefer: example=NAME`). */",
    `export const responseExamples = ${literal(examples)} as const;`,
    "",
    "/**",
    " * For operations that return a page of items: the page property holding them, the item schema's",
    " * name, and each item field's JSON types (through $ref/anyOf/oneOf), enum values and format.",
    " */",
    `export const listItems = ${literal(listItems)} as const;`,
    "",
  ].join("\n");
}

// Names for the reason line: which parameter, response field, schema or operation a change is about,
// read from where the change is used (its usage path) and from the bundled specs.
import { deref, HTTP_METHODS, isObject, type JsonObject } from "../pipeline/spec.js";
import { decodePointer, type Delta } from "./delta.js";

export interface Subject {
  /** `GET /v2/eval-runs`, when the change is inside an operation. */
  operation?: string;
  /** The parameter the change is in or is (`limit`), and where it goes (`query`). */
  parameter?: { name: string; in: string };
  /** The response status the change is under. */
  status?: string;
  /** A field inside a schema: `items[].status`. */
  field?: string;
  /** The component schema a `$ref` led to, when the changed node is one (`EvalRunStatus`). */
  schema?: string;
  /** The language of the code sample a change is in. */
  codeSample?: string;
  /** The URL of the server a change is in. */
  server?: string;
  /** Code-formatted name for sentences: "`limit`", "`items[].status`", "`EvalRunStatus` (`items[].status`)". */
  label: string;
}

export interface Specs {
  base: JsonObject;
  head: JsonObject;
}

export function subjectOf(delta: Delta, specs: Specs): Subject {
  const { usage } = delta;
  const subject: Omit<Subject, "label"> = {};
  if (usage[0] === "paths" && usage[1] !== undefined) {
    const method = usage[2];
    subject.operation = HTTP_METHODS.includes(method as never) ? `${method!.toUpperCase()} ${usage[1]}` : usage[1];
  }
  const p = usage.indexOf("parameters");
  if (p >= 0 && usage[p + 1] !== undefined) {
    const own = usage.length === p + 2 ? (delta.after ?? delta.before) : undefined;
    const param = isObject(own) ? own : lookup(specs, usage.slice(0, p + 2), delta.kind === "removed");
    if (typeof param?.name === "string") subject.parameter = { name: param.name, in: String(param.in ?? "query") };
  }
  const r = usage.indexOf("responses");
  if (r >= 0 && usage[r + 1] !== undefined) subject.status = usage[r + 1];
  const field = fieldPath(usage);
  if (field) subject.field = field;
  if (usage[0] === "servers" && usage[1] !== undefined) {
    const url = lookup(specs, usage.slice(0, 2), delta.kind === "removed")?.url;
    if (typeof url === "string") subject.server = url;
  }
  const sample = usage.indexOf("x-codeSamples");
  if (sample >= 0 && usage[sample + 1] !== undefined) {
    const lang = lookup(specs, usage.slice(0, sample + 2), delta.kind === "removed")?.lang;
    if (typeof lang === "string") subject.codeSample = lang;
  }
  const target = decodePointer(delta.pointer);
  if (usage.includes("$ref") && target[0] === "components" && target[1] === "schemas") subject.schema = target[2];
  return { ...subject, label: labelOf(subject, delta) };
}

function labelOf(s: Omit<Subject, "label">, delta: Delta): string {
  const code = (text: string) => `\`${text}\``;
  if (s.schema && s.field) return `${code(s.schema)} (${code(s.field)})`;
  if (s.field) return code(s.field);
  if (s.parameter) return code(s.parameter.name);
  if (s.schema) return code(s.schema);
  if (s.server) return code(s.server);
  if (s.status) return `response ${s.status}${s.operation ? ` of ${s.operation}` : ""}`;
  const path = decodePointer(delta.pointer);
  if (path[0] === "components" && path[2] !== undefined) return code(path[2]);
  if (s.operation) return s.operation;
  // Outside operations and components: the object that holds the changed key (`info`), or the key itself.
  const holder = path.length > 1 && path.at(-1) === (delta.property ?? delta.usage.at(-1)) ? path.slice(0, -1) : path;
  return code(holder.join(".") || "(root)");
}

/** `.../schema/properties/items/items/properties/status/$ref` → `items[].status`. */
function fieldPath(usage: readonly string[]): string | undefined {
  const start = usage.indexOf("schema");
  if (start < 0) return undefined;
  let field = "";
  for (let i = start + 1; i < usage.length; i++) {
    const part = usage[i]!;
    if (part === "properties" && usage[i + 1] !== undefined) field += `${field ? "." : ""}${usage[++i]}`;
    else if (part === "items") field += "[]";
    else if (part === "additionalProperties") field += `${field ? "." : ""}*`;
  }
  return field || undefined;
}

/** The node at `segments` in the head spec (base for a removal), following `$ref`s on the way. */
function lookup(specs: Specs, segments: readonly string[], inBase: boolean): JsonObject | undefined {
  for (const doc of inBase ? [specs.base, specs.head] : [specs.head, specs.base]) {
    let node: unknown = doc;
    for (const key of segments) {
      const next = typeof node === "object" && node !== null ? (node as Record<string, unknown>)[key] : undefined;
      node = isObject(next) ? deref(doc, next) : next;
    }
    if (isObject(node)) return node;
  }
  return undefined;
}

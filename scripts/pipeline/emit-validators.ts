// Step 5b: generated/validators.ts, JSON Schema validators for every component schema and every
// JSON response of the spec, compiled ahead of time by ajv's standalone code generation. The
// module needs nothing at run time (ajv's runtime helpers and the format checks are inlined:
// validator-inlines.ts), so the package gains no dependency and the sandbox never compiles.
// ajv costs ~0.3 s to load and compile, so the result is remembered by the schemas it came from:
// a spec edit that leaves the schemas alone (descriptions, examples) reuses it.
import { createHash } from "node:crypto";
import * as fs from "node:fs";
import { createRequire } from "node:module";
import * as path from "node:path";
import { fileURLToPath } from "node:url";
import { deref, isIdentifier, isObject, listOperations, numericStatuses, objectAt, type Json, type JsonObject } from "./spec.js";
import { AJV_RUNTIME, FORMAT_CHECKS, type InlineFunction } from "./validator-inlines.js";

const require = createRequire(import.meta.url);
const MEMO_FILE = fileURLToPath(new URL("../../node_modules/.cache/pipeline/validators-memo.json", import.meta.url));
// The memo is only valid for this emitter and its inlines as they are.
const EMITTER_SOURCES = ["emit-validators.ts", "validator-inlines.ts"].map((name) => fileURLToPath(new URL(`./${name}`, import.meta.url)));

/** Keywords that only document a schema: dropped, so the module does not carry the docs. */
const DOC_KEYS = new Set(["description", "summary", "title", "examples", "example", "externalDocs", "deprecated", "readOnly", "writeOnly", "xml"]);
/** Keywords whose value is data, not a schema: copied as they are. */
const VALUE_KEYS = new Set(["enum", "const", "default"]);
const ID_BASE = "https://spec.invalid/";
const COMPONENT_PREFIX = "#/components/schemas/";

/** One validator to compile: a component schema, or a response schema that is not a bare `$ref`. */
interface Target {
  readonly id: string;
  readonly schema: Json;
}

/** The component a `#/components/schemas/<name>[/...]` reference names (unescaped). */
function componentOf(ref: unknown): string | undefined {
  if (typeof ref !== "string" || !ref.startsWith(COMPONENT_PREFIX)) return undefined;
  return ref.slice(COMPONENT_PREFIX.length).split("/")[0]!.replace(/~1/g, "/").replace(/~0/g, "~");
}

const componentId = (name: string) => `${ID_BASE}${encodeURIComponent(name)}`;

/** Drops documentation keywords and points `#/components/schemas/X` references at X's own id. */
function prepare(node: Json, inProperties = false): Json {
  if (Array.isArray(node)) return node.map((item) => prepare(item));
  if (!isObject(node)) return node;
  const out: JsonObject = {};
  for (const [key, value] of Object.entries(node)) {
    // Under `properties` the keys are property names: a property may be called "description".
    if (inProperties) out[key] = prepare(value);
    else if (VALUE_KEYS.has(key)) out[key] = value;
    else if (DOC_KEYS.has(key) || key.startsWith("x-")) continue;
    else if (key === "$ref" && componentOf(value) !== undefined) {
      const rest = (value as string).slice(COMPONENT_PREFIX.length).split("/").slice(1);
      out[key] = `${componentId(componentOf(value)!)}${rest.length > 0 ? `#/${rest.join("/")}` : ""}`;
    } else out[key] = prepare(value, key === "properties" || key === "patternProperties" || key === "$defs");
  }
  return out;
}

function formatsUsed(node: Json, found: Set<string>): Set<string> {
  if (Array.isArray(node)) for (const item of node) formatsUsed(item, found);
  else if (isObject(node)) {
    for (const [key, value] of Object.entries(node)) {
      if (key === "format" && typeof value === "string") found.add(value);
      else formatsUsed(value, found);
    }
  }
  return found;
}

export function emitValidators(doc: JsonObject, header: string): string {
  const schemas = objectAt(objectAt(doc, "components"), "schemas");
  const names = Object.keys(schemas);
  const targets: Target[] = names.map((name) => ({ id: componentId(name), schema: prepare(schemas[name]!) }));
  // operation → status → the id of the validator for that response's JSON body.
  const responses = new Map<string, Array<{ status: number; id: string }>>();
  for (const op of listOperations(doc)) {
    const byStatus: Array<{ status: number; id: string }> = [];
    for (const status of numericStatuses(op.operation)) {
      const response = deref(doc, objectAt(op.operation, "responses")[String(status)]);
      const schema = objectAt(objectAt(response, "content"), "application/json").schema;
      if (schema === undefined) continue;
      // A bare `$ref` to a whole component reuses that component's validator.
      const bareRef = isObject(schema) && Object.keys(schema).length === 1 ? schema.$ref : undefined;
      const component = names.find((name) => bareRef === `${COMPONENT_PREFIX}${name.replace(/~/g, "~0").replace(/\//g, "~1")}`);
      if (component !== undefined) {
        byStatus.push({ status, id: componentId(component) });
      } else {
        const id = `${ID_BASE}responses/${encodeURIComponent(op.id)}/${status}`;
        targets.push({ id, schema: prepare(schema) });
        byStatus.push({ status, id });
      }
    }
    if (byStatus.length > 0) responses.set(op.id, byStatus);
  }

  const memoKey = createHash("sha256")
    .update(JSON.stringify([ajvVersion(), header, targets, [...responses], names, EMITTER_SOURCES.map((file) => fs.readFileSync(file, "utf8"))]))
    .digest("hex");
  const remembered = recall(memoKey);
  if (remembered !== undefined) return remembered;

  const { code, functionOf, formats } = compile(targets);
  const key = (name: string) => (isIdentifier(name) ? name : JSON.stringify(name));
  const schemaEntries = names.map((name) => `  ${key(name)}: ${functionOf.get(componentId(name))},`);
  const responseEntries = [...responses].map(([operation, list]) => `  ${key(operation)}: {\n${list.map(({ status, id }) => `    ${status}: ${functionOf.get(id)},`).join("\n")}\n  },`);
  const responseType = [...responses].map(([operation, list]) => `readonly ${key(operation)}: Readonly<Record<${list.map(({ status }) => status).join(" | ")}, SchemaValidator>>`);

  const text = [
    header,
    "// JSON Schema 2020-12 validators compiled by ajv (standalone code); imports nothing at run time.",
    "// Not formatted by prettier (see scripts/pipeline/format.ts). The typed exports are at the end.",
    "// @ts-nocheck: ajv's output is plain JavaScript.",
    "",
    ...formats.map((inline) => inline.source),
    code,
    "",
    "/** One reason a value does not match its schema, as ajv reports it. */",
    "export interface ValidationIssue {",
    '  /** JSON Pointer to the offending value, e.g. `/items/0/status` ("" for the value itself). */',
    "  readonly instancePath: string;",
    "  /** The schema keyword that failed: type, required, enum, format, additionalProperties, ... */",
    "  readonly keyword: string;",
    "  readonly params: Readonly<Record<string, unknown>>;",
    "  readonly message?: string;",
    "  readonly schemaPath: string;",
    "}",
    "",
    "/** True when `data` matches; otherwise false, with the first issue in `errors`. */",
    "export interface SchemaValidator {",
    "  (data: unknown): boolean;",
    "  errors?: readonly ValidationIssue[] | null;",
    "}",
    "",
    `export type SchemaName = ${names.map((name) => JSON.stringify(name)).join(" | ") || "never"};`,
    "",
    "/** A validator per component schema. */",
    `export const schemaValidators: Readonly<Record<SchemaName, SchemaValidator>> = {\n${schemaEntries.join("\n")}\n};`,
    "",
    "/** A validator per operation and status, for the JSON body of that response. */",
    `export const responseValidators: { ${responseType.join("; ")} } = {\n${responseEntries.join("\n")}\n};`,
    "",
    "/** The format checks the validators use, by format name. */",
    `export const formatCheckers: Readonly<Record<string, (value: string) => boolean>> = formats;`,
    "",
  ].join("\n");
  remember(memoKey, text);
  return text;
}

/** ajv's standalone code for `targets`, made self-contained, one statement per line. */
function compile(targets: readonly Target[]): { code: string; functionOf: Map<string, string>; formats: InlineFunction[] } {
  const { default: Ajv2020 } = require("ajv/dist/2020") as typeof import("ajv/dist/2020.js");
  const { default: standaloneCode } = require("ajv/dist/standalone") as typeof import("ajv/dist/standalone/index.js");
  const { _ } = require("ajv") as typeof import("ajv");

  const used = [...formatsUsed(targets.map((target) => target.schema), new Set())].sort();
  const unknown = used.filter((format) => !FORMAT_CHECKS[format]);
  if (unknown.length > 0) {
    throw new Error(`The spec uses format ${unknown.map((f) => `"${f}"`).join(", ")}, which generated/validators.ts cannot check: add a check to FORMAT_CHECKS in scripts/pipeline/validator-inlines.ts (known: ${Object.keys(FORMAT_CHECKS).join(", ")}).`);
  }
  const problems: string[] = [];
  const report = (...args: unknown[]) => void problems.push(args.map(String).join(" "));
  const ajv = new Ajv2020({
    // OpenAPI's own keywords (discriminator, ...) are not JSON Schema: ignored, but anything ajv
    // would skip with a warning (a keyword it cannot apply) fails the run instead.
    strict: false,
    logger: { log: () => undefined, warn: report, error: report },
    // One function per schema, called by reference: inlining would copy a schema into every user.
    inlineRefs: false,
    code: { source: true, esm: true, formats: _`formats` },
  });
  for (const format of used) ajv.addFormat(format, () => true); // checked by the inlined functions
  for (const target of targets) ajv.addSchema(target.schema as object, target.id);
  const exportNames = new Map(targets.map((target, i) => [`v${i}`, target.id]));
  let code = standaloneCode(ajv, Object.fromEntries(exportNames));
  if (problems.length > 0) throw new Error(`ajv cannot compile the spec's schemas as written:\n${problems.join("\n")}`);

  // ajv's `export const vN = validateM;` lines become the typed exports of emitValidators.
  const functionOf = new Map<string, string>();
  code = code.replace(/^"use strict";/, "").replace(/export const (v\d+) = (\w+);/g, (_match, name: string, fn: string) => {
    functionOf.set(exportNames.get(name)!, fn);
    return "";
  });
  const runtimes: InlineFunction[] = [];
  code = code.replace(/require\("([^"]+)"\)\.default/g, (_match, module: string) => {
    const inline = AJV_RUNTIME[module];
    if (!inline) throw new Error(`ajv's compiled code needs ${module} at run time: inline it in AJV_RUNTIME (scripts/pipeline/validator-inlines.ts).`);
    if (!runtimes.includes(inline)) runtimes.push(inline);
    return inline.name;
  });
  if (/\brequire\(|\bimport\(|^import /m.test(code)) throw new Error("ajv's compiled code still loads a module at run time; generated/validators.ts must import nothing.");
  code = code.replace(/;(?=const (?:schema|formats|func)\d+ = |function validate\d+\(|validate\d+\.evaluated = )/g, ";\n");

  const formatInlines = new Set<InlineFunction>();
  const addFormat = (format: string) => {
    const inline = FORMAT_CHECKS[format]!;
    for (const need of inline.needs ?? []) addFormat(need);
    formatInlines.add(inline);
  };
  used.forEach(addFormat);
  const formatsLine = `const formats = { ${used.map((format) => `${JSON.stringify(format)}: ${FORMAT_CHECKS[format]!.name}`).join(", ")} };`;
  return { code: [...runtimes.map((inline) => inline.source), formatsLine, code].join("\n"), functionOf, formats: [...formatInlines] };
}

function ajvVersion(): string {
  return (require("ajv/package.json") as { version: string }).version;
}

let memo: { key: string; text: string } | undefined;

function recall(key: string): string | undefined {
  if (!memo) {
    try {
      memo = JSON.parse(fs.readFileSync(MEMO_FILE, "utf8")) as { key: string; text: string };
    } catch {
      memo = { key: "", text: "" };
    }
  }
  return memo.key === key ? memo.text : undefined;
}

/** Best effort and atomic: a read-only cache only costs speed. */
function remember(key: string, text: string): void {
  memo = { key, text };
  try {
    fs.mkdirSync(path.dirname(MEMO_FILE), { recursive: true });
    const tmp = `${MEMO_FILE}.${process.pid}.tmp`;
    fs.writeFileSync(tmp, JSON.stringify(memo));
    fs.renameSync(tmp, MEMO_FILE);
  } catch {
    // ignore
  }
}

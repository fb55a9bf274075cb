import { describe, expect, test } from "vitest";
import { enums } from "../../generated/metadata.js";
import type { EvalRunResult } from "../../generated/types.js";
import { DEFAULT_RUN_COUNT, generateEvalRuns, makeEvalRun } from "../../src/testing/index.js";
import { schemaValidator, spec, validationErrors } from "./helpers.js";

// Coverage is derived from the bundled spec: for every property path of EvalRunResult, the
// kinds its schema allows (null, string, object, empty and non-empty arrays, each enum value,
// true and false, and "absent" for optional keys) must all occur in the generated data.

type Schema = { $ref?: string; type?: string | string[]; enum?: unknown[]; anyOf?: Schema[]; properties?: Record<string, Schema>; required?: string[]; items?: Schema };
const schemas = spec.components.schemas as Record<string, Schema>;

function resolve(schema: Schema): Schema {
  return schema.$ref ? resolve(schemas[schema.$ref.split("/").pop()!]!) : schema;
}

function add(map: Map<string, Set<string>>, path: string, kind: string): void {
  map.set(path, (map.get(path) ?? new Set()).add(kind));
}

function expected(schema: Schema, path: string, out: Map<string, Set<string>>, depth = 0): void {
  const resolved = resolve(schema);
  for (const arm of resolved.anyOf ?? []) expected(arm, path, out, depth);
  for (const value of resolved.enum ?? []) add(out, path, `enum:${String(value)}`);
  const types = [resolved.type ?? []].flat();
  for (const type of types) {
    if (type === "boolean") ["true", "false"].forEach((kind) => add(out, path, kind));
    else if (type === "array") ["array:empty", "array:non-empty"].forEach((kind) => add(out, path, kind));
    else add(out, path, type === "integer" ? "number" : type);
  }
  if (types.includes("array") && resolved.items) expected(resolved.items, `${path}[]`, out, depth + 1);
  for (const [name, child] of Object.entries(resolved.properties ?? {})) {
    if (!resolved.required?.includes(name)) add(out, `${path}.${name}`, "absent");
    expected(child, `${path}.${name}`, out, depth + 1);
  }
}

function observe(value: unknown, path: string, schema: Schema, out: Map<string, Set<string>>): void {
  if (value === null) return add(out, path, "null");
  if (Array.isArray(value)) {
    add(out, path, value.length === 0 ? "array:empty" : "array:non-empty");
    const items = [resolve(schema), ...(resolve(schema).anyOf ?? []).map(resolve)].find((s) => s.items)?.items;
    for (const item of value) observe(item, `${path}[]`, items ?? {}, out);
    return;
  }
  if (typeof value === "boolean") return add(out, path, String(value));
  if (typeof value === "string") add(out, path, `enum:${value}`);
  add(out, path, typeof value);
  if (typeof value !== "object") return;
  const withProperties = [resolve(schema), ...(resolve(schema).anyOf ?? []).map(resolve)].find((s) => s.properties);
  for (const [name, child] of Object.entries(withProperties?.properties ?? {})) {
    const record = value as Record<string, unknown>;
    if (!(name in record)) add(out, `${path}.${name}`, "absent");
    else observe(record[name], `${path}.${name}`, child, out);
  }
}

const root: Schema = { $ref: "#/components/schemas/EvalRunResult" };

function missingCoverage(runs: readonly EvalRunResult[]): string[] {
  const want = new Map<string, Set<string>>();
  const seen = new Map<string, Set<string>>();
  expected(root, "run", want);
  for (const run of runs) observe(run, "run", root, seen);
  return [...want].flatMap(([path, kinds]) => [...kinds].filter((kind) => !seen.get(path)?.has(kind)).map((kind) => `${path}: ${kind}`));
}

describe("generated eval runs", () => {
  const runs = generateEvalRuns();

  test("the default data set has 250 runs, each valid against the spec's EvalRunResult", () => {
    expect(DEFAULT_RUN_COUNT).toBe(250);
    expect(runs).toHaveLength(250);
    const validate = schemaValidator("EvalRunResult");
    for (const run of runs) expect(validate(run), validationErrors(validate)).toBe(true);
  });

  test("covers every property, nullable, enum, union arm and optional key of the schema", () => {
    expect(missingCoverage(runs)).toEqual([]);
  });

  test("covers the schema within the first 120 runs, for several seeds", () => {
    for (const seed of [1, 2, 99, 123_456]) expect(missingCoverage(generateEvalRuns(120, seed)), `seed ${seed}`).toEqual([]);
  });

  test("uses every value of the generated enums for status, modality and example type", () => {
    expect(new Set(runs.map((run) => run.status))).toEqual(new Set(enums.EvalRunStatus));
    expect(new Set(runs.flatMap((run) => run.responses ?? []).map((response) => response.content_type))).toEqual(new Set([...enums.ContentType, undefined]));
    const examples = runs.flatMap((run) => run.evaluation?.prompt_examples ?? []);
    expect(new Set(examples.map((example) => example.type))).toEqual(new Set([...enums.PromptExampleType, undefined]));
  });

  test("eval_run_uuids are unique and created_at strictly decreases (newest first)", () => {
    expect(new Set(runs.map((run) => run.eval_run_uuid)).size).toBe(runs.length);
    const created = runs.map((run) => Date.parse(run.created_at));
    created.slice(1).forEach((at, i) => expect(at).toBeLessThan(created[i]!));
    expect(Date.parse(makeEvalRun(999_999).created_at)).toBeLessThan(Date.parse(makeEvalRun(999_998).created_at));
    expect(makeEvalRun(999_999).eval_run_uuid).not.toBe(makeEvalRun(999_998).eval_run_uuid);
  });

  test("is deterministic: run i depends only on (i, seed)", () => {
    expect(generateEvalRuns(250)).toEqual(runs);
    expect(makeEvalRun(137)).toEqual(runs[137]);
    expect(generateEvalRuns(5, 7)).toEqual(generateEvalRuns(5, 7));
    expect(generateEvalRuns(5, 7)).not.toEqual(generateEvalRuns(5, 8));
  });

  test("several runs share each eval and workspace, so filters select real subsets", () => {
    const evals = new Set(runs.map((run) => run.eval_uuid));
    const workspaces = new Set(runs.map((run) => run.workspace_uuid).filter((uuid) => typeof uuid === "string"));
    expect(evals.size).toBeGreaterThan(1);
    expect(evals.size).toBeLessThan(20);
    expect(workspaces.size).toBeGreaterThan(1);
  });

  test("rejects a negative or fractional index or count", () => {
    expect(() => makeEvalRun(-1)).toThrow(RangeError);
    expect(() => makeEvalRun(1.5)).toThrow(RangeError);
    expect(() => generateEvalRuns(-3)).toThrow(RangeError);
  });
});

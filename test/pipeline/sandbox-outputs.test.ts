import * as fs from "node:fs/promises";
import * as path from "node:path";
import { pathToFileURL } from "node:url";
import { Ajv2020 } from "ajv/dist/2020.js";
import addFormats from "ajv-formats";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { parseDocument } from "yaml";
import { runPipeline } from "../../scripts/pipeline/index.js";
import { makeProject, type TempProject } from "./helpers.js";

// What the pipeline generates for the sandbox (metadata of array parameters, responses.ts,
// validators.ts), on the fixture spec with one parameter and one field of each kind added.

interface Validator {
  (data: unknown): boolean;
  errors?: Array<{ instancePath: string; keyword: string; params: Record<string, unknown> }> | null;
}

let project: TempProject;
let metadata: { operations: { listWidgets: { queryParams: Record<string, unknown> } } };
let validators: { schemaValidators: Record<string, Validator>; responseValidators: Record<string, Record<number, Validator>>; formatCheckers: Record<string, (value: string) => boolean> };
let responses: { responseExamples: Record<string, Record<number, Record<string, unknown>>>; listItems: Record<string, unknown> };
let validatorsText: string;

beforeAll(async () => {
  project = await makeProject();
  const spec = parseDocument(await fs.readFile(project.specPath, "utf8"));
  const op = ["paths", "/v1/widgets", "get"];
  spec.addIn([...op, "parameters"], { name: "tag", in: "query", description: "Tags, repeated.", schema: { type: "array", items: { type: "string", enum: ["red", "blue"] }, maxItems: 3 } });
  spec.addIn([...op, "parameters"], { name: "sizes", in: "query", explode: false, description: "Sizes, comma-separated.", schema: { type: "array", items: { type: "integer", minimum: 1 } } });
  spec.addIn([...op, "parameters"], { name: "weight", in: "query", description: "Weight.", schema: { type: "number", exclusiveMinimum: 0, multipleOf: 0.5 } });
  spec.setIn([...op, "responses", "404", "content", "application/json", "examples"], { missing: { summary: "No such kind.", value: { message: "No such kind." } } });
  spec.setIn(["components", "schemas", "Problem", "additionalProperties"], false);
  spec.setIn(["components", "schemas", "WidgetPage", "properties", "items", "description"], "The widgets.");
  const props = ["components", "schemas", "Problem", "properties"];
  spec.setIn([...props, "at"], { type: "string", format: "date-time", description: "When." });
  spec.setIn([...props, "on"], { type: "string", format: "date", description: "Which day." });
  spec.setIn([...props, "trace"], { type: ["string", "null"], format: "uuid", description: "Trace id." });
  spec.setIn([...props, "code"], { type: "string", maxLength: 3, description: "Short code." });
  await fs.writeFile(project.specPath, spec.toString());
  const result = await runPipeline(project.options);
  expect(result.problems).toEqual([]);
  const load = async (name: string) => import(pathToFileURL(path.join(project.outDir, name)).href);
  [metadata, validators, responses] = await Promise.all([load("metadata.ts"), load("validators.ts"), load("responses.ts")]);
  validatorsText = await fs.readFile(path.join(project.outDir, "validators.ts"), "utf8");
}, 120_000);
afterAll(() => project?.remove());

describe("pipeline outputs for the sandbox", () => {
  test("metadata.ts gives array parameters their items, style and explode (OpenAPI's defaults when unset)", () => {
    const params = metadata.operations.listWidgets.queryParams;
    expect(params.tag).toEqual({ type: "array", required: false, maxItems: 3, items: { type: "string", enum: ["red", "blue"] }, style: "form", explode: true });
    expect(params.sizes).toEqual({ type: "array", required: false, items: { type: "integer", minimum: 1 }, style: "form", explode: false });
    expect(params.weight).toEqual({ type: "number", required: false, exclusiveMinimum: 0, multipleOf: 0.5 });
  });

  test("responses.ts holds the named examples by status and the listed items' fields", () => {
    expect(responses.responseExamples.listWidgets).toEqual({ 200: {}, 400: {}, 404: { missing: { message: "No such kind." } } });
    expect(responses.listItems.listWidgets).toEqual({
      property: "items",
      schema: "Widget",
      fields: {
        id: { type: ["string"], required: true },
        kind: { type: ["string"], enum: ["gear", "spring"], required: true },
        color: { type: ["string"], required: false },
      },
    });
  });

  test("validators.ts imports nothing, and checks every schema and response with the failing path", () => {
    expect(validatorsText).not.toMatch(/\bimport\b[\s{*]|\brequire\(|\bimport\(/);
    const widget = validators.schemaValidators.Widget!;
    expect(widget({ id: "w1", kind: "gear" })).toBe(true);
    expect(widget({ id: "w1", kind: "sprocket" })).toBe(false);
    expect(widget.errors?.[0]).toMatchObject({ instancePath: "/kind", keyword: "enum" });
    const notFound = validators.responseValidators.listWidgets![404]!;
    expect(notFound).toBe(validators.schemaValidators.Problem);
    expect(notFound({ message: "x", extra: 1 })).toBe(false);
    expect(notFound.errors?.[0]).toMatchObject({ keyword: "additionalProperties", params: { additionalProperty: "extra" } });
    expect(notFound({ message: "x", code: "😀😀😀", trace: null })).toBe(true); // code points, not UTF-16 units
    expect(notFound({ message: "x", code: "😀😀😀😀" })).toBe(false);
    expect(notFound({ message: "x", trace: "not-a-uuid" })).toBe(false);
    expect(notFound.errors?.[0]).toMatchObject({ instancePath: "/trace", keyword: "format" });
    expect(validators.responseValidators.listWidgets![200]!({ items: [{ id: "a", kind: "spring" }] })).toBe(true);
    expect(validators.responseValidators.listWidgets![200]!({ items: [{ id: "a" }] })).toBe(false);
  });

  test("the inlined format checks agree with ajv-formats", () => {
    const ajv = new Ajv2020();
    addFormats.default(ajv);
    const samples: Record<string, string[]> = {
      "date-time": ["2025-06-01T12:00:00Z", "2025-06-01T12:00:00.123+02:00", "2024-02-29t23:59:60z", "2025-02-29T12:00:00Z", "2025-06-01T24:00:00Z", "2025-06-01T12:00:00", "2025-06-01", "2025-13-01T00:00:00Z", "2025-06-01T12:00:00+25:00", "2025-06-01 12:00:00Z", "x"],
      date: ["2025-06-01", "2024-02-29", "2025-02-29", "2025-04-31", "2025-6-1", "2025-06-01T00:00:00Z", ""],
      uuid: ["3f1c2a9e-8d4b-4c1e-b6a2-9e0d7f5c4b3a", "3F1C2A9E-8D4B-4C1E-B6A2-9E0D7F5C4B3A", "urn:uuid:3f1c2a9e-8d4b-4c1e-b6a2-9e0d7f5c4b3a", "3f1c2a9e8d4b4c1eb6a29e0d7f5c4b3a", "3f1c2a9e-8d4b-4c1e-b6a2-9e0d7f5c4b3", "eval.3f1c2a9e"],
    };
    expect(Object.keys(validators.formatCheckers).sort()).toEqual(["date", "date-time", "uuid"]);
    for (const [format, values] of Object.entries(samples)) {
      const reference = ajv.compile({ type: "string", format });
      for (const value of values) expect(validators.formatCheckers[format]!(value), `${format} ${JSON.stringify(value)}`).toBe(reference(value));
    }
  });

  test("a parameter style the sandbox cannot read is a pipeline problem naming it", async () => {
    const copy = await makeProject();
    try {
      const spec = parseDocument(await fs.readFile(copy.specPath, "utf8"));
      spec.addIn(["paths", "/v1/widgets", "get", "parameters"], { name: "ids", in: "query", style: "pipeDelimited", description: "Ids.", schema: { type: "array", items: { type: "string" } } });
      await fs.writeFile(copy.specPath, spec.toString());
      const result = await runPipeline({ ...copy.options, write: false });
      expect(result.ok).toBe(false);
      expect(result.problems.map((problem) => problem.message).join("\n")).toMatch(/"ids": style "pipeDelimited" is not supported/);
    } finally {
      await copy.remove();
    }
  });
});

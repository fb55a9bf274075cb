import { describe, expect, test } from "vitest";
import Ajv2020 from "ajv/dist/2020.js";
import addFormats from "ajv-formats";
import spec from "../../generated/openapi.json" with { type: "json" };

// Every named example in the spec must be a valid instance of its media type's schema,
// so the docs never show a body the API (or the sandbox) could not send.

type Ref = { $ref: string };
type Example = { summary?: string; value: unknown };
type MediaType = { schema: object; examples?: Record<string, Example | Ref> };
type Response = { content?: Record<string, MediaType> };

const ajv = new Ajv2020.default({ strict: false, allErrors: true });
addFormats.default(ajv);
ajv.addSchema({ ...spec, $id: "spec.json" });

function resolve<T>(node: T | Ref): T {
  if (node && typeof node === "object" && "$ref" in node) {
    const path = node.$ref.replace(/^#\//, "").split("/");
    return path.reduce<unknown>((at, key) => (at as Record<string, unknown>)[key], spec) as T;
  }
  return node as T;
}

const cases: [string, MediaType["schema"], unknown][] = [];
for (const [path, item] of Object.entries(spec.paths)) {
  for (const [method, operation] of Object.entries(item)) {
    const responses = (operation as { responses: Record<string, Response> }).responses;
    for (const [status, response] of Object.entries(responses)) {
      for (const [mediaType, media] of Object.entries(resolve(response).content ?? {})) {
        for (const [name, example] of Object.entries(media.examples ?? {})) {
          cases.push([`${method.toUpperCase()} ${path} ${status} ${mediaType} "${name}"`, media.schema, resolve(example).value]);
        }
      }
    }
  }
}

describe("spec examples", () => {
  test("the spec has a 200 example and examples for several error statuses", () => {
    const statuses = new Set(cases.map(([label]) => label.split(" ")[2]));
    expect(statuses.has("200")).toBe(true);
    expect([...statuses].filter((s) => /^[45]/.test(s!)).length).toBeGreaterThanOrEqual(5);
  });

  test.each(cases)("%s validates against its schema", (_label, schema, value) => {
    const validate = ajv.compile({ $ref: `spec.json${(schema as Ref).$ref}` });
    expect(validate(value), ajv.errorsText(validate.errors)).toBe(true);
  });

  test("an invalid body is rejected by the same check", () => {
    const [, schema] = cases.find(([label]) => label.includes(" 200 "))!;
    const validate = ajv.compile({ $ref: `spec.json${(schema as Ref).$ref}` });
    expect(validate({ items: [{ eval_run_uuid: "x", status: "done" }] })).toBe(false);
  });
});

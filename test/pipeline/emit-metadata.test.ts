// emitMetadata on hand-made documents: the named constants it adds beside `operations` and `enums`.
import { describe, expect, test } from "vitest";
import { emitMetadata } from "../../scripts/pipeline/emit-metadata.js";
import type { Json, JsonObject } from "../../scripts/pipeline/spec.js";

const doc = (schemas: Record<string, Json>): JsonObject => ({
  openapi: "3.1.0",
  info: { title: "T", version: "1" },
  paths: { "/things": { get: { operationId: "list-things", responses: { "200": { description: "ok" } } } } },
  components: { schemas },
});

describe("emitMetadata", () => {
  test("names an operation's constant in camelCase and an enum's in PascalCase", () => {
    const source = emitMetadata(doc({ "thing-kind": { type: "string", enum: ["a", "b"] } }), "// header");
    expect(source).toContain('export const listThingsOperation = { method: "GET", path: "/things"');
    expect(source).toContain('export const ThingKindValues = ["a", "b"] as const;');
    expect(source).toContain('export const enums = { "thing-kind": ThingKindValues } as const;');
  });

  test("refuses two enums that would share one constant, naming both the constant and the fix", () => {
    const clash = doc({ "thing-kind": { type: "string", enum: ["a"] }, ThingKind: { type: "string", enum: ["b"] } });
    expect(() => emitMetadata(clash, "// header")).toThrow('"ThingKind" and another operation or enum both become the constant ThingKindValues in metadata.ts: rename one of them in the spec.');
  });
});

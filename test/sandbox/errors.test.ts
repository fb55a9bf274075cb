import { describe, expect, test } from "vitest";
import { enums, operations } from "../../generated/metadata.js";
import type { ErrorResponse } from "../../generated/types.js";
import { codeForStatus, errorEnvelope } from "../../src/testing/errors.js";
import { spec } from "./helpers.js";

type Ref = { $ref: string };
type Example = { value: ErrorResponse };
type SpecResponses = Record<string, { content?: Record<string, { examples?: Record<string, Ref | Example> }> }>;

function deref<T>(node: T | Ref): T {
  if (node && typeof node === "object" && "$ref" in node) return node.$ref.slice(2).split("/").reduce<unknown>((at, key) => (at as Record<string, unknown>)[key], spec) as T;
  return node as T;
}

// The codes the spec's own examples give each error status.
function exampleCodes(status: number): string[] {
  const responses = spec.paths["/v2/eval-runs"].get.responses as unknown as SpecResponses;
  const examples = Object.values(responses[String(status)]?.content?.["application/json"]?.examples ?? {});
  return examples.map((example) => deref(example).value.error.code);
}

describe("sandbox error envelope", () => {
  test.each(operations.listEvalRuns.errorStatuses.map((status) => [status]))("status %i carries the code of the spec's example for it", (status) => {
    const codes = exampleCodes(status);
    expect(codes.length).toBeGreaterThan(0);
    expect(codes).toContain(codeForStatus(status));
  });

  test("every code is one of the generated ErrorCode values, for any status", () => {
    for (let status = 400; status < 600; status++) expect(enums.ErrorCode).toContain(codeForStatus(status));
    expect(codeForStatus(418)).toBe("validation.invalid_request");
    expect(codeForStatus(504)).toBe("server.internal_error");
  });

  test("the envelope has a message and empty details by default, and the request id", () => {
    expect(errorEnvelope({ status: 429 }, "req_1")).toEqual({
      error: { code: "quota.limit_exceeded", message: expect.stringContaining("Retry-After"), details: {} },
      request_id: "req_1",
    });
  });
});

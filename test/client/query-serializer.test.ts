import { describe, expect, test } from "vitest";
import { operations } from "../../generated/metadata.js";
import { querySerializerFor } from "../../src/query-serializer.js";

describe("the query string of a request", () => {
  test("is openapi-fetch's own when no parameter is a comma-separated array (today's spec)", () => {
    expect(querySerializerFor(operations.listEvalRuns.queryParams)).toBeUndefined();
    expect(querySerializerFor({ tags: { type: "array", required: false, items: { type: "string" }, explode: true } })).toBeUndefined();
  });

  test("sends an `explode: false` array as one comma-separated value, and everything else as openapi-fetch does, in order", () => {
    const serialize = querySerializerFor({
      labels: { type: "array", required: false, items: { type: "string" }, explode: false },
      region: { type: "array", required: false, items: { type: "string" }, explode: true },
      limit: { type: "integer", required: false },
    })!;
    expect(serialize({ limit: 10, labels: ["gpu", "a b"], region: ["eu", "us"], extra: true, skipped: undefined })).toBe(
      "limit=10&labels=gpu,a%20b&region=eu&region=us&extra=true",
    );
    expect(serialize({ labels: [] })).toBe("");
  });
});

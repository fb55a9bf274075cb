import { describe, expect, test } from "vitest";
import { operations } from "../../generated/metadata.js";
import { RequestValidationError } from "../../src/errors.js";
import { compileQueryValidator } from "../../src/validate.js";
import { thrownBy } from "./helpers.js";

const validateListQuery = compileQueryValidator(operations.listEvalRuns.queryParams);

const rejection = (run: () => void): RequestValidationError => thrownBy(run, RequestValidationError);

describe("query validation from generated metadata", () => {
  test.each([
    [{}],
    [undefined],
    [{ limit: 1, offset: 0 }],
    [{ eval_uuid: "eval.1", workspace_uuid: "ws & #1", limit: 100, offset: 5 }],
    [{ limit: undefined }],
  ])("accepts %j", (query) => {
    expect(() => validateListQuery(query)).not.toThrow();
  });

  test.each([
    ["limit", { limit: 0 }, 0, ">= 1"],
    ["limit", { limit: 1.5 }, 1.5, "integer"],
    ["limit", { limit: "10" }, "10", "integer"],
    ["limit", { limit: Number.NaN }, Number.NaN, "integer"],
    ["offset", { offset: -1 }, -1, ">= 0"],
    ["offset", { offset: 0.5 }, 0.5, "integer"],
    ["eval_uuid", { eval_uuid: 42 }, 42, "string"],
    ["workspace_uuid", { workspace_uuid: null }, null, "string"],
    ["page", { page: 2 }, 2, "limit, offset"],
  ])("refuses %s in %j, naming the parameter, the value and the rule", (parameter, query, value, ruleFragment) => {
    const error = rejection(() => validateListQuery(query));
    expect(error.parameter).toBe(parameter);
    expect(error.value).toEqual(value);
    expect(error.rule).toContain(ruleFragment);
    expect(error.message).toContain(parameter);
    expect(error.message).toContain(ruleFragment);
  });

  test("refuses a query that is not an object", () => {
    expect(rejection(() => validateListQuery("limit=5")).parameter).toBe("query");
    expect(rejection(() => validateListQuery([1])).parameter).toBe("query");
  });

  test("honours maximum, enum and required when the metadata has them", () => {
    const validate = compileQueryValidator({
      size: { type: "integer", required: true, minimum: 1, maximum: 10 },
      order: { type: "string", required: false, enum: ["asc", "desc"] },
      ratio: { type: "number", required: false },
      flag: { type: "boolean", required: false },
    });
    expect(() => validate({ size: 10, order: "asc", ratio: 0.5, flag: true })).not.toThrow();
    expect(rejection(() => validate({ size: 11 })).rule).toBe("an integer between 1 and 10");
    expect(rejection(() => validate({ size: 1, order: "up" })).rule).toBe('a string, one of: "asc", "desc"');
    expect(rejection(() => validate({ order: "asc" })).rule).toContain("required");
    expect(rejection(() => validate(undefined)).parameter).toBe("size");
    expect(rejection(() => validate({ size: 1, ratio: Infinity })).parameter).toBe("ratio");
    expect(rejection(() => validate({ size: 1, flag: "yes" })).parameter).toBe("flag");
  });
});

describe("array query parameters (a spec that declares them)", () => {
  const validate = compileQueryValidator({
    tags: { type: "array", required: false, items: { type: "string", enum: ["eu", "us"] }, explode: true },
    ids: { type: "array", required: false, items: { type: "integer", minimum: 0 }, explode: false },
  });

  test.each([[{ tags: [] }], [{ tags: ["eu", "us"] }], [{ ids: [0, 7] }]])("accepts %j", (query) => {
    expect(() => validate(query)).not.toThrow();
  });

  test.each([
    ["tags", { tags: "eu" }, "an array of strings, one of: \"eu\", \"us\""],
    ["tags", { tags: ["eu", "mars"] }, "an array of strings, one of: \"eu\", \"us\""],
    ["ids", { ids: [1, -1] }, "an array of integers >= 0"],
    ["ids", { ids: [1.5] }, "an array of integers >= 0"],
  ])("refuses %s in %j: every item is checked against the spec's items", (parameter, query, rule) => {
    const error = rejection(() => validate(query));
    expect(error.parameter).toBe(parameter);
    expect(error.rule).toBe(rule);
  });
});

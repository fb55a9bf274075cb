import { describe, expect, test } from "vitest";
import { parseParams, type QueryParam } from "../../src/testing/query.js";

// The query reader on a parameter table with one parameter of each kind the metadata can
// describe, in the shape generated/metadata.ts gives them. test/sandbox/fixture-spec.test.ts
// shows the same through a regenerated spec and a running sandbox.

const PARAMS: Record<string, QueryParam> = {
  name: { type: "string", required: false, minLength: 2, maxLength: 5 },
  code: { type: "string", required: false, pattern: "^[A-Z]{3}$" },
  since: { type: "string", required: false, format: "date-time" },
  live: { type: "boolean", required: false },
  size: { type: "integer", required: false, minimum: 1, maximum: 10 },
  ratio: { type: "number", required: false, exclusiveMinimum: 0, exclusiveMaximum: 1, multipleOf: 0.25 },
  status: { type: "string", required: false, enum: ["created", "finished"] },
  tag: { type: "array", required: false, items: { type: "string", enum: ["eu", "us"] }, explode: true, maxItems: 2 },
  ids: { type: "array", required: false, items: { type: "integer", minimum: 0 }, explode: false, uniqueItems: true },
  org: { type: "string", required: true },
};

function parse(query: string) {
  return parseParams(PARAMS, new URLSearchParams(`org=acme&${query}`));
}

describe("query parameters by schema type", () => {
  test.each([
    ["name=abc", "name", "abc"],
    ["code=ABC", "code", "ABC"],
    ["since=2025-06-01T12:00:00Z", "since", "2025-06-01T12:00:00Z"],
    ["live=true", "live", true],
    ["live=false", "live", false],
    ["size=10", "size", 10],
    ["ratio=0.75", "ratio", 0.75],
    ["status=finished", "status", "finished"],
    ["tag=eu&tag=us", "tag", ["eu", "us"]],
    ["tag=us", "tag", ["us"]],
    ["ids=3,1,2", "ids", [3, 1, 2]],
    ["ids=", "ids", []],
    ["size=2&size=7", "size", 7],
  ])("%s reads as %s = %j", (query, name, value) => {
    const parsed = parse(query);
    expect(parsed.ok && parsed.values.get(name)).toEqual(value);
  });

  test.each([
    ["name=a", "name", "String should have at least 2 characters"],
    ["name=abcdef", "name", "String should have at most 5 characters"],
    ["code=abc", "code", "String should match pattern '^[A-Z]{3}$'"],
    ["since=yesterday", "since", "Input should be a valid date-time string"],
    ["live=maybe", "live", "Input should be a valid boolean, unable to interpret input (true or false)"],
    ["live=1", "live", "Input should be a valid boolean, unable to interpret input (true or false)"],
    ["size=2.5", "size", "Input should be a valid integer, unable to parse string as an integer"],
    ["size=0", "size", "Input should be greater than or equal to 1"],
    ["size=11", "size", "Input should be less than or equal to 10"],
    ["ratio=x", "ratio", "Input should be a valid number, unable to parse string as a number"],
    ["ratio=0", "ratio", "Input should be greater than 0"],
    ["ratio=1", "ratio", "Input should be less than 1"],
    ["ratio=0.3", "ratio", "Input should be a multiple of 0.25"],
    ["status=bogus", "status", "Input should be 'created' or 'finished'"],
    ["tag=eu&tag=asia", "tag.1", "Input should be 'eu' or 'us'"],
    ["tag=eu,us", "tag.0", "Input should be 'eu' or 'us'"],
    ["tag=eu&tag=us&tag=eu", "tag", "List should have at most 2 items after validation, not 3"],
    ["ids=1,x", "ids.1", "Input should be a valid integer, unable to parse string as an integer"],
    ["ids=1,-1", "ids.1", "Input should be greater than or equal to 0"],
    ["ids=1,1", "ids", "List should have unique items"],
  ])("%s is a 422 validation.invalid_request: %s: %s", (query, location, rule) => {
    const parsed = parse(query);
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.error).toMatchObject({ status: 422, code: "validation.invalid_request", message: `${location}: ${rule}` });
    expect(parsed.error.details).toMatchObject({ parameter: location.split(".")[0] });
  });

  test("a required parameter that is missing is named; unknown parameters are left alone", () => {
    const missing = parseParams(PARAMS, new URLSearchParams("colour=blue"));
    expect(missing).toEqual({ ok: false, error: { status: 422, code: "validation.invalid_request", message: "org: Field required", details: { parameter: "org" } } });
    const parsed = parse("colour=blue");
    expect(parsed.ok && [...parsed.values.keys()]).toEqual(["org"]);
  });
});

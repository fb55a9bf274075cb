import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { operations } from "../../generated/metadata.js";
import { responseExamples } from "../../generated/responses.js";
import type { ErrorResponse } from "../../generated/types.js";
import type { SandboxServer } from "../../src/testing/index.js";
import { startSandbox } from "../support/sandbox.js";
import { get, schemaValidator, validationErrors } from "./helpers.js";

// The Prefer header, read as Stoplight Prism reads it: code=, example=, dynamic=, comma-separated.
// Expectations come from generated/responses.ts (the spec's examples), not from copies.

const operation = operations.listEvalRuns;
const examples: Readonly<Record<number, Readonly<Record<string, unknown>>>> = responseExamples.listEvalRuns;
const statuses = [operation.successStatus, ...operation.errorStatuses];
const validatePage = schemaValidator("EvalRunResultPage");
const validateError = schemaValidator("ErrorResponse");

let server: SandboxServer;
beforeAll(async () => {
  server = await startSandbox({ runs: 30 });
});
afterAll(() => server.close());

const prefer = (value: string, query = {}, headers: Record<string, string> = {}) => get(server, query, { headers: { "x-api-key": server.apiKey, prefer: value, ...headers } });

describe("Prefer", () => {
  test.each(statuses.map((status) => [status]))("code=%i answers that status with the spec's first example for it", async (status) => {
    const { response, body } = await prefer(`code=${status}`);
    expect(response.status).toBe(status);
    expect(response.headers.get("content-type")).toBe("application/json");
    expect(body).toEqual(Object.values(examples[status]!)[0]);
    const validate = status === operation.successStatus ? validatePage : validateError;
    expect(validate(body), validationErrors(validate)).toBe(true);
  });

  test.each(statuses.flatMap((status) => Object.keys(examples[status]!).map((name) => [name, status] as const)))("example=%s answers that example, with its status (%i)", async (name, status) => {
    const { response, body } = await prefer(`example=${name}`);
    expect(response.status).toBe(status);
    expect(body).toEqual(examples[status]![name]);
  });

  test("code and example combine; spacing, case and quotes are read as Prism reads them", async () => {
    const expired = await prefer('Code=401 ,  example="expiredKey"');
    expect(expired.response.status).toBe(401);
    expect((expired.body as ErrorResponse).error.code).toBe("auth.expired_key");
    const empty = await prefer("code=200, example=empty");
    expect(empty.body).toEqual({ items: [], count: 0 });
  });

  test("dynamic=true answers the sandbox's own data, or a generated envelope for an error status", async () => {
    const page = await prefer("dynamic=true", { limit: 4 });
    expect(page.response.status).toBe(200);
    expect(page.body).toEqual({ items: server.runs.slice(0, 4), count: 30 });
    const same = await prefer("code=200, dynamic=true", { limit: 4 });
    expect(same.body).toEqual(page.body);
    const unavailable = await prefer("code=503, dynamic=true");
    expect(unavailable.response.status).toBe(503);
    expect((unavailable.body as ErrorResponse).request_id).toBe(unavailable.response.headers.get("x-request-id"));
    expect((unavailable.body as ErrorResponse).error.code).toBe("server.internal_error");
    expect((await prefer("dynamic=false", { limit: 2 })).body).toMatchObject({ count: 30 });
  });

  test("Prefer applies before scripted faults, and leaves them for the next requests", async () => {
    server.faults.clear().next({ kind: "status", status: 500 });
    const rateLimited = await prefer("code=429");
    expect(rateLimited.response.status).toBe(429);
    expect(server.faults.pending).toBe(1);
    expect(server.requests.at(-1)?.fault).toBeUndefined();
    expect((await get(server)).response.status).toBe(500);
  });

  test("the key and the query are checked first, as Prism checks a request before mocking it", async () => {
    expect((await prefer("code=200", {}, { "x-api-key": "sk-wrong" })).response.status).toBe(401);
    expect((await prefer("code=429", { limit: 0 })).response.status).toBe(422);
  });

  test.each([
    ["code=418", /code=418 is not a status the spec declares for GET \/v2\/eval-runs/],
    ["code=abc", /code=abc is not a status/],
    ["example=nope", /no example named "nope"/],
    ["code=401, example=page", /no example named "page" for status 401 \(its examples: invalidKey, expiredKey\)/],
    ["dynamic=maybe", /dynamic=maybe must be true or false/],
    ["return=minimal", /unknown preference "return"/],
  ])("Prefer: %s gets 400 with the accepted values", async (value, problem) => {
    const { response, body } = await prefer(value);
    expect(response.status).toBe(400);
    const { error } = body as ErrorResponse;
    expect(error.code).toBe("validation.invalid_request");
    expect(error.message).toMatch(problem);
    expect(error.message).toContain(`Accepted (comma-separated): code=<${statuses.join("|")}>`);
    expect(error.details).toMatchObject({ header: "prefer", value, accepted: { code: statuses, dynamic: [true, false] } });
    expect((error.details as { accepted: { example: string[] } }).accepted.example).toEqual(expect.arrayContaining(["page", "expiredKey", "rateLimited"]));
  });

  test("an example is served as the spec wrote it, its request_id too; x-request-id is the sandbox's own", async () => {
    const { body, response } = await prefer("example=rateLimited");
    expect((body as ErrorResponse).request_id).toBe((examples[429]!.rateLimited as ErrorResponse).request_id);
    expect(response.headers.get("x-request-id")).toMatch(/^req_sandbox_/);
    expect((await prefer("example=page")).body).toEqual(examples[operation.successStatus]!.page);
  });
});

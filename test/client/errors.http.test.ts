import { afterAll, beforeEach, beforeAll, describe, expect, test } from "vitest";
import { enums, operations } from "../../generated/metadata.js";
import {
  APIError,
  AuthenticationError,
  BadRequestError,
  ConflictError,
  InternalServerError,
  NotFoundError,
  PermissionDeniedError,
  RateLimitError,
  ResponseValidationError,
  ServiceUnavailableError,
  UnprocessableEntityError,
  type AymaraAI,
} from "../../src/index.js";
import type { SandboxServer } from "../../src/testing/index.js";
import { rejectionOf, sandboxClient, startSandbox } from "./helpers.js";

// The class each status of the spec maps to. A status added to the spec fails the first test
// until it is given a class here (and, if needed, in src/errors.ts).
const expectedClass: Readonly<Record<number, typeof APIError>> = {
  400: BadRequestError,
  401: AuthenticationError,
  403: PermissionDeniedError,
  404: NotFoundError,
  409: ConflictError,
  422: UnprocessableEntityError,
  429: RateLimitError,
  500: InternalServerError,
  503: ServiceUnavailableError,
};
const specErrorStatuses = operations.listEvalRuns.errorStatuses;

let sandbox: SandboxServer;
let client: AymaraAI;
beforeAll(async () => {
  sandbox = await startSandbox();
  ({ client } = sandboxClient(sandbox, { maxRetries: 0 }));
});
afterAll(() => sandbox.close());
beforeEach(() => {
  sandbox.faults.clear();
  sandbox.clearRequests();
});

describe("HTTP errors", () => {
  test("every error status of the spec has an expected class", () => {
    expect(specErrorStatuses.filter((status) => !(status in expectedClass))).toEqual([]);
  });

  test.each(specErrorStatuses.map((status) => [status]))("maps HTTP status %i to its typed error, with code and request id", async (status) => {
    sandbox.faults.next({ kind: "status", status });
    const error = await rejectionOf(client.evals.runs.list());
    const ErrorClass = expectedClass[status] ?? APIError;
    expect(error).toBeInstanceOf(ErrorClass);
    expect(Object.getPrototypeOf(error)).toBe(ErrorClass.prototype);
    const apiError = error as APIError;
    const recorded = sandbox.requests[0];
    expect(apiError.status).toBe(status);
    expect(enums.ErrorCode).toContain(apiError.code);
    expect(apiError.requestId).toBe(recorded?.requestId);
    expect(apiError.message).toMatch(new RegExp(`^${status} ${apiError.code}: .+ \\(request_id ${recorded?.requestId}\\)$`));
    expect(apiError.headers.get("content-type")).toContain("application/json");
  });

  test("keeps the code, message and details the server sent", async () => {
    sandbox.faults.next({ kind: "status", status: 401, code: "auth.expired_key", message: "The key expired." });
    const error = (await rejectionOf(client.evals.runs.list())) as AuthenticationError;
    expect(error.code).toBe("auth.expired_key");
    expect(error.message).toContain("401 auth.expired_key: The key expired.");
    expect(error.details).toEqual({});
  });

  test("a status the spec does not list becomes a plain APIError", async () => {
    sandbox.faults.next({ kind: "status", status: 418 });
    const error = await rejectionOf(client.evals.runs.list());
    expect(Object.getPrototypeOf(error)).toBe(APIError.prototype);
    expect((error as APIError).status).toBe(418);
  });

  test("an empty error body gives the status's class, no code, and the request id from the header", async () => {
    sandbox.faults.next({ kind: "empty-body", status: 503 });
    const error = (await rejectionOf(client.evals.runs.list())) as ServiceUnavailableError;
    expect(error).toBeInstanceOf(ServiceUnavailableError);
    expect(error.code).toBeUndefined();
    expect(error.requestId).toBe(sandbox.requests[0]?.requestId);
    expect(error.message).toBe(`503 Service Unavailable: empty body (request_id ${error.requestId})`);
  });

  test("an HTML page from a proxy says so, quoting its title", async () => {
    sandbox.faults.next({ kind: "html", status: 502 });
    const error = (await rejectionOf(client.evals.runs.list())) as InternalServerError;
    expect(error).toBeInstanceOf(InternalServerError);
    expect(error.status).toBe(502);
    expect(error.code).toBeUndefined();
    expect(error.message).toContain("502 Bad Gateway: an HTML page instead of the API's JSON error envelope");
    expect(error.message).toContain('"502 Bad Gateway"');
  });

  test("a truncated JSON error body keeps its status's class and quotes the body", async () => {
    const wrongKey = sandboxClient(sandbox, { apiKey: "sk-wrong", maxRetries: 0 }).client;
    sandbox.faults.next({ kind: "truncated-json" });
    const error = (await rejectionOf(wrongKey.evals.runs.list())) as AuthenticationError;
    expect(error).toBeInstanceOf(AuthenticationError);
    expect(error.code).toBeUndefined();
    expect(error.message).toMatch(/^401 Unauthorized: body is not valid JSON, perhaps truncated \(application\/json\): \{"error":/);
  });
});

describe("2xx responses that are not a page", () => {
  test("a truncated JSON page is a ResponseValidationError with status, content type and excerpt", async () => {
    sandbox.faults.next({ kind: "truncated-json" });
    const error = (await rejectionOf(client.evals.runs.list())) as ResponseValidationError;
    expect(error).toBeInstanceOf(ResponseValidationError);
    expect(error.status).toBe(200);
    expect(error.contentType).toBe("application/json");
    expect(error.bodyExcerpt.startsWith('{"items":[')).toBe(true);
    expect(error.bodyExcerpt.length).toBeLessThanOrEqual(201);
    expect(error.message).toContain("body is not valid JSON");
  });

  test("an HTML page with status 200 is a ResponseValidationError", async () => {
    sandbox.faults.next({ kind: "html", status: 200 });
    const error = (await rejectionOf(client.evals.runs.list())) as ResponseValidationError;
    expect(error).toBeInstanceOf(ResponseValidationError);
    expect(error.contentType).toContain("text/html");
    expect(error.message).toContain("is an HTML page");
  });

  test("a JSON page served with a non-JSON content type is still accepted (the body decides)", async () => {
    sandbox.faults.next({ kind: "wrong-content-type" });
    const page = await client.evals.runs.list({ limit: 2 });
    expect(page.items).toHaveLength(2);
    expect(page.count).toBe(30);
  });

  test.each([
    ['{"data":[],"total":0}', "not a page"],
    ['{"items":{},"count":1}', "not a page"],
    ['{"items":[],"count":"1"}', "not a page"],
    ["[]", "not a page"],
    ["", "empty body"],
  ])("refuses the body %j", async (body, problem) => {
    // A fetch that answers like a misconfigured server; the client is otherwise unchanged.
    const fetch = async (): Promise<Response> => new Response(body, { status: 200, headers: { "content-type": "application/json" } });
    const odd = sandboxClient(sandbox, { fetch, maxRetries: 0 }).client;
    const error = await rejectionOf(odd.evals.runs.list());
    expect(error).toBeInstanceOf(ResponseValidationError);
    expect((error as ResponseValidationError).message).toContain(problem);
  });
});

import { inspect } from "node:util";
import { describe, expect, test } from "vitest";
import {
  APIConnectionError,
  APIConnectionTimeoutError,
  APIError,
  APIUserAbortError,
  AymaraAIError,
  InternalServerError,
  isAymaraAIError,
  RequestValidationError,
  ResponseValidationError,
  ServiceUnavailableError,
} from "../../src/errors.js";

const envelope = {
  error: { code: "auth.invalid_key", message: "The API key is invalid.", details: { hint: "x" } },
  request_id: "req_1",
};

describe("APIError.generate", () => {
  test("builds the message from status, code, message and request id", () => {
    const error = APIError.generate(401, envelope, new Headers());
    expect(error.message).toBe("401 auth.invalid_key: The API key is invalid. (request_id req_1)");
    expect(error).toMatchObject({ status: 401, code: "auth.invalid_key", requestId: "req_1", details: { hint: "x" }, name: "AuthenticationError" });
  });

  test("falls back to the x-request-id header when the body has no request id", () => {
    const error = APIError.generate(500, undefined, new Headers({ "x-request-id": "req_h" }), "empty body");
    expect(error.requestId).toBe("req_h");
    expect(error.code).toBeUndefined();
    expect(error.message).toBe("500 Internal Server Error: empty body (request_id req_h)");
  });

  test("keeps an error code the spec does not list in the message but not in `code`", () => {
    const error = APIError.generate(400, { error: { code: "future.code", message: "m" } }, new Headers());
    expect(error.code).toBeUndefined();
    expect(error.message).toBe("400 future.code: m");
    expect(error.details).toEqual({});
  });

  test.each([
    [418, APIError],
    [502, InternalServerError],
    [503, ServiceUnavailableError],
  ])("maps the unlisted status %i to %o", (status, ErrorClass) => {
    expect(APIError.generate(status, undefined, new Headers())).toBeInstanceOf(ErrorClass);
  });

  test("503 is also an InternalServerError", () => {
    expect(APIError.generate(503, undefined, new Headers())).toBeInstanceOf(InternalServerError);
  });

  test("drops secrets a server might echo in response headers", () => {
    const echoed = { "x-api-key": "sk-echoed", authorization: "Bearer sk-echoed", "proxy-authorization": "Basic x", cookie: "c=1", "set-cookie": "s=1" };
    const error = APIError.generate(401, envelope, new Headers({ ...echoed, "x-request-id": "r" }));
    for (const name of Object.keys(echoed)) expect(error.headers.get(name), name).toBeNull();
    expect(error.headers.get("x-request-id")).toBe("r");
    expect(inspect(error)).not.toContain("sk-echoed");
  });
});

describe("error hierarchy", () => {
  test.each([
    ["APIError", APIError.generate(404, undefined, new Headers())],
    ["APIConnectionError", new APIConnectionError()],
    ["APIConnectionTimeoutError", new APIConnectionTimeoutError()],
    ["APIUserAbortError", new APIUserAbortError()],
    ["RequestValidationError", new RequestValidationError("limit", 0, "an integer >= 1")],
    ["ResponseValidationError", new ResponseValidationError(200, "text/html", "<html>", "is an HTML page")],
  ])("%s is an AymaraAIError and an Error", (_name, error) => {
    expect(error).toBeInstanceOf(AymaraAIError);
    expect(error).toBeInstanceOf(Error);
    expect(isAymaraAIError(error)).toBe(true);
  });

  test("isAymaraAIError rejects foreign errors and non-errors", () => {
    expect(isAymaraAIError(new Error("x"))).toBe(false);
    expect(isAymaraAIError({ name: "AymaraAIError", message: "x" })).toBe(false);
    expect(isAymaraAIError(undefined)).toBe(false);
  });

  test("a timeout is a connection error; a user abort is not", () => {
    expect(new APIConnectionTimeoutError()).toBeInstanceOf(APIConnectionError);
    expect(new APIUserAbortError()).not.toBeInstanceOf(APIConnectionError);
  });

  test("connection errors keep their cause", () => {
    const cause = new TypeError("fetch failed");
    expect(new APIConnectionError("x", { cause }).cause).toBe(cause);
    expect(new APIUserAbortError(undefined, { cause }).cause).toBe(cause);
  });

  test("validation errors carry their data", () => {
    const request = new RequestValidationError("limit", 0, "an integer >= 1");
    expect(request.message).toBe('Invalid parameter limit: 0 breaks the rule "an integer >= 1". No request was sent.');
    const response = new ResponseValidationError(200, "text/plain", "oops", "body is not valid JSON");
    expect(response).toMatchObject({ status: 200, contentType: "text/plain", bodyExcerpt: "oops" });
    expect(response.message).toBe('200 response body is not valid JSON (content-type text/plain): "oops"');
  });

  test.each([
    [() => 1, "a function"],
    [10n, "10n"],
    [undefined, "undefined"],
    [Symbol("s"), "Symbol(s)"],
    ["x", '"x"'],
    [{ a: [1] }, '{"a":[1]}'],
  ])("a request validation message shows the value %s as %s", (value, shown) => {
    expect(new RequestValidationError("p", value, "r").message).toBe(`Invalid parameter p: ${shown} breaks the rule "r". No request was sent.`);
  });

  test("a value that cannot be JSON (a cycle) is shown by its type", () => {
    const cycle: Record<string, unknown> = {};
    cycle.self = cycle;
    expect(new RequestValidationError("p", cycle, "r").message).toContain("[object Object]");
  });
});

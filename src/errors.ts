// Every error the SDK throws. One root (`AymaraAIError`) so `instanceof` catches them all;
// HTTP errors come from one factory (`APIError.generate`) called from one place (the resource layer).
import { ErrorCodeValues } from "../generated/metadata.js";
import type { ErrorCode, ErrorResponse } from "../generated/types.js";
import { withoutSecrets } from "./logger.js";

/**
 * The spec's `ErrorResponse`, as checked at runtime: `code` may be a string the spec does not
 * list yet (a newer server), so it is only typed `ErrorCode` once checked against the enum.
 */
export type ErrorEnvelope = Omit<ErrorResponse, "error"> & {
  error: Omit<ErrorResponse["error"], "code"> & { code: string };
};

/** Root of everything the SDK throws. */
export class AymaraAIError extends Error {
  override name = "AymaraAIError";
}

/** Narrows an unknown caught value to an SDK error. */
export function isAymaraAIError(value: unknown): value is AymaraAIError {
  return value instanceof AymaraAIError;
}

const isErrorCode = (value: unknown): value is ErrorCode => (ErrorCodeValues as readonly unknown[]).includes(value);

/** The service answered with a non-2xx status. */
export class APIError extends AymaraAIError {
  override name = "APIError";
  // Declared, not initialised: the constructor copies them from `init` in one go.
  /** HTTP status of the response. */
  declare readonly status: number;
  /** The envelope's `error.code`; undefined when the body was not the API's error envelope. */
  declare readonly code: ErrorCode | undefined;
  /** The envelope's `error.details` (empty when absent). */
  declare readonly details: Readonly<Record<string, unknown>>;
  /** The envelope's `request_id`, else the `x-request-id` response header; quote it to support. */
  declare readonly requestId: string | undefined;
  /** Response headers (never the request's, so never the API key). */
  declare readonly headers: Headers;

  constructor(init: { status: number; message: string; code?: ErrorCode | undefined; details?: Record<string, unknown> | undefined; requestId?: string | undefined; headers: Headers }) {
    super(init.message);
    Object.assign(this, { code: undefined, requestId: undefined, ...init, details: init.details ?? {} });
  }

  /**
   * Builds the typed error for a non-2xx response.
   * `envelope` is the parsed body when it has the spec's `ErrorResponse` shape; otherwise
   * `bodyDescription` says what came instead (empty body, HTML page, non-JSON text).
   */
  static generate(status: number, envelope: ErrorEnvelope | undefined, headers: Headers, bodyDescription = "empty body"): APIError {
    const rawCode = envelope?.error.code;
    const code = isErrorCode(rawCode) ? rawCode : undefined;
    const requestId = (envelope?.request_id || undefined) ?? headers.get("x-request-id") ?? undefined;
    const detail = envelope
      ? `${envelope.error.code}: ${envelope.error.message}`
      : `${reasonPhrase(status)}: ${bodyDescription}`;
    const message = `${status} ${detail}${requestId ? ` (request_id ${requestId})` : ""}`;
    const init = { status, message, code, details: envelope?.error.details, requestId, headers: withoutSecrets(headers) };
    const ErrorClass = errorClassForStatus(status);
    return new ErrorClass(init);
  }
}

export class BadRequestError extends APIError { override name = "BadRequestError"; }
export class AuthenticationError extends APIError { override name = "AuthenticationError"; }
export class PermissionDeniedError extends APIError { override name = "PermissionDeniedError"; }
export class NotFoundError extends APIError { override name = "NotFoundError"; }
export class ConflictError extends APIError { override name = "ConflictError"; }
export class UnprocessableEntityError extends APIError { override name = "UnprocessableEntityError"; }
export class RateLimitError extends APIError { override name = "RateLimitError"; }
export class InternalServerError extends APIError { override name = "InternalServerError"; }
export class ServiceUnavailableError extends InternalServerError { override name = "ServiceUnavailableError"; }

const classByStatus: Readonly<Record<number, typeof APIError>> = {
  400: BadRequestError,
  401: AuthenticationError,
  403: PermissionDeniedError,
  404: NotFoundError,
  409: ConflictError,
  422: UnprocessableEntityError,
  429: RateLimitError,
  503: ServiceUnavailableError,
};

function errorClassForStatus(status: number): typeof APIError {
  return classByStatus[status] ?? (status >= 500 ? InternalServerError : APIError);
}

const reasonPhrases: Readonly<Record<number, string>> = {
  400: "Bad Request", 401: "Unauthorized", 403: "Forbidden", 404: "Not Found", 408: "Request Timeout",
  409: "Conflict", 422: "Unprocessable Entity", 429: "Too Many Requests", 500: "Internal Server Error",
  502: "Bad Gateway", 503: "Service Unavailable", 504: "Gateway Timeout",
};
const reasonPhrase = (status: number): string => reasonPhrases[status] ?? "HTTP error";

/** The request never got a response (DNS, refused, reset, TLS…). Retried. */
export class APIConnectionError extends AymaraAIError {
  override name = "APIConnectionError";
  constructor(message = "Connection error: the request got no response.", options?: { cause?: unknown }) {
    super(message, options);
  }
}

/** An attempt took longer than `timeout` milliseconds. Retried. */
export class APIConnectionTimeoutError extends APIConnectionError {
  override name = "APIConnectionTimeoutError";
  constructor(message = "Request timed out.", options?: { cause?: unknown }) {
    super(message, options);
  }
}

/** The caller's AbortSignal aborted the request (or a retry sleep). Never retried. */
export class APIUserAbortError extends AymaraAIError {
  override name = "APIUserAbortError";
  constructor(message = "Request was aborted.", options?: { cause?: unknown }) {
    super(message, options);
  }
}

/** The error for a caller's signal that aborted (its reason is the cause). */
export const abortedBy = (signal: { reason?: unknown } | undefined, message?: string): APIUserAbortError => new APIUserAbortError(message, { cause: signal?.reason });

/** Parameters break the spec's constraints; nothing was sent. */
export class RequestValidationError extends AymaraAIError {
  override name = "RequestValidationError";
  constructor(
    /** The offending parameter. */
    readonly parameter: string,
    /** The value given. */
    readonly value: unknown,
    /** The rule it breaks, e.g. "an integer >= 1". */
    readonly rule: string,
  ) {
    super(`Invalid parameter ${parameter}: ${describeValue(value)} breaks the rule "${rule}". No request was sent.`);
  }
}

/** A 2xx response whose body is not the JSON shape the spec promises. */
export class ResponseValidationError extends AymaraAIError {
  override name = "ResponseValidationError";
  constructor(
    readonly status: number,
    /** The response's content-type header ("" when missing). */
    readonly contentType: string,
    /** The first characters of the body. */
    readonly bodyExcerpt: string,
    problem: string,
  ) {
    super(`${status} response ${problem} (content-type ${contentType || "missing"}): ${JSON.stringify(bodyExcerpt)}`);
  }
}

/** A value as a message shows it: JSON where it can be, else its type (a cycle, a function). */
function describeValue(value: unknown): string {
  if (typeof value === "bigint") return `${value}n`;
  if (typeof value === "function") return "a function";
  try {
    // undefined and symbols have no JSON.
    return JSON.stringify(value) ?? String(value);
  } catch {
    return Object.prototype.toString.call(value);
  }
}

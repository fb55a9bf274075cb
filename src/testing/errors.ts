// The error envelope the sandbox answers with, in the shape and codes the spec defines.
import { STATUS_CODES } from "node:http";
import type { ErrorCode, ErrorResponse } from "../../generated/types.js";

// Which code each error status carries, as in the spec's examples for that status
// (test/sandbox/errors.test.ts checks this table against generated/openapi.json).
const CODE_BY_STATUS: Readonly<Record<number, ErrorCode>> = {
  400: "validation.invalid_request",
  401: "auth.invalid_key",
  403: "auth.insufficient_permissions",
  404: "resource.not_found",
  405: "validation.invalid_request",
  409: "resource.conflict",
  422: "validation.invalid_request",
  429: "quota.limit_exceeded",
  500: "server.internal_error",
  503: "server.internal_error",
};

// Typed by ErrorCode: a code added to the spec fails type-checking here until it has a message.
const MESSAGE_BY_CODE: Readonly<Record<ErrorCode, string>> = {
  "auth.invalid_key": "The API key is invalid. Check the x-api-key header.",
  "auth.expired_key": "The API key has expired. Create a new key in the Aymara dashboard.",
  "auth.insufficient_permissions": "The API key may not perform this request.",
  "validation.invalid_request": "The request is invalid.",
  "validation.invalid_format": "The request is malformed.",
  "resource.not_found": "The requested resource does not exist.",
  "resource.conflict": "A conflicting change is in progress. Retry the request.",
  "quota.limit_exceeded": "Rate limit exceeded. Retry after the time given in the Retry-After header.",
  "server.internal_error": "An internal error occurred.",
};

/** The error code an error status carries when none is given. */
export function codeForStatus(status: number): ErrorCode {
  return CODE_BY_STATUS[status] ?? (status >= 500 ? "server.internal_error" : "validation.invalid_request");
}

/** A message for an error status and code, for answers that do not bring their own. */
export function defaultMessage(status: number, code: ErrorCode): string {
  if (status === 503) return "The service is temporarily unavailable. Retry later.";
  if (code === "server.internal_error" && status !== 500) return `${status} ${STATUS_CODES[status] ?? "Server Error"}: the server could not answer.`;
  return MESSAGE_BY_CODE[code];
}

/** What went wrong, before it is wrapped in the envelope with the request's id. */
export interface ErrorAnswer {
  readonly status: number;
  readonly code?: ErrorCode;
  readonly message?: string;
  readonly details?: Record<string, unknown>;
  readonly headers?: Readonly<Record<string, string>>;
}

export function errorEnvelope(answer: ErrorAnswer, requestId: string): ErrorResponse {
  const code = answer.code ?? codeForStatus(answer.status);
  return {
    error: { code, message: answer.message ?? defaultMessage(answer.status, code), details: answer.details ?? {} },
    request_id: requestId,
  };
}

/** Request ids in the style of the spec's examples; sequential per server, so runs are reproducible. */
export function requestIdFactory(prefix = "req_sandbox_"): () => string {
  let next = 0;
  return () => `${prefix}${(++next).toString(36).toUpperCase().padStart(8, "0")}`;
}

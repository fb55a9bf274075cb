// The package's public surface: the client, its options, every error, and the spec's friendly types.
import { AymaraAI } from "./client.js";

export { AymaraAI };
export default AymaraAI;
export type { ClientOptions } from "./options.js";
export type { RequestOptions, EvalRunsPageBody } from "./resources/eval-runs.js";
export type { EvalRuns } from "./resources/eval-runs.js";
export type { Logger, LogLevel } from "./logger.js";
export type { AbortSignalLike } from "./signal.js";
export type { OffsetPageBody } from "./transport-response.js";
export type { ErrorEnvelope } from "./errors.js";
export { VERSION } from "./version.js";
export {
  AymaraAIError,
  APIError,
  BadRequestError,
  AuthenticationError,
  PermissionDeniedError,
  NotFoundError,
  ConflictError,
  UnprocessableEntityError,
  RateLimitError,
  InternalServerError,
  ServiceUnavailableError,
  APIConnectionError,
  APIConnectionTimeoutError,
  APIUserAbortError,
  RequestValidationError,
  ResponseValidationError,
  isAymaraAIError,
} from "./errors.js";
export { OffsetPage, PagePromise, PaginationError } from "./pagination/index.js";
export type { BaseRequestOptions, ListOptions, OffsetQuery, PageData, PageWithResponse } from "./pagination/index.js";
export type { ExtraQuery } from "./validate.js";
// Every friendly name the pipeline generates from the spec (one per schema, plus query/response types).
export type * from "../generated/types.js";

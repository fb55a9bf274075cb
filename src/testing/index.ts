/**
 * `aymara-eval-runs/testing`: a local, spec-conformant eval-runs API (GET /v2/eval-runs on
 * loopback) for tests, demos and benchmarks, with deterministic data and scriptable faults.
 *
 * @example
 * ```ts
 * const sandbox = await createSandboxServer({ runs: 120 });
 * const client = new AymaraAI({ apiKey: sandbox.apiKey, baseURL: sandbox.url });
 * sandbox.faults.next({ kind: "status", status: 503, retryAfter: 0 });
 * // ... exercise code that lists runs, then assert on sandbox.requests
 * await sandbox.close();
 * ```
 *
 * @packageDocumentation
 */
export { createSandboxServer, SANDBOX_API_KEY } from "./server.js";
export type { SandboxOptions, SandboxServer } from "./server.js";
export type { CorsOption } from "./cors.js";
export { InvalidRunError } from "./conformance.js";
export { DEFAULT_RUN_COUNT, DEFAULT_SEED, generateEvalRuns, makeEvalRun, sandboxEvalUuid, sandboxWorkspaceUuid } from "./data.js";
export { transientFaults } from "./faults.js";
export type {
  Fault,
  FaultKind,
  FaultPredicate,
  FaultRequest,
  RandomFaults,
  SandboxFaults,
  StatusFault,
  DelayFault,
  HangFault,
  ResetFault,
  TruncatedJsonFault,
  HtmlFault,
  EmptyBodyFault,
  WrongContentTypeFault,
  IgnoreOffsetFault,
} from "./faults.js";
export type { RecordedRequest, RequestOutcome } from "./recorder.js";

// What every runtime's run of fixtures/scenario.mjs must show, checked against what the sandbox
// served and recorded. The sandbox caps pages below the limit asked, so the SDK must page by the
// page it got, not by the limit it asked for.
import { expect } from "vitest";
import type { RecordedRequest, SandboxServer } from "../../src/testing/index.js";

export const RUN_COUNT = 45;
export const MAX_PAGE_SIZE = 7;
const LIMIT = 10;
const CONCURRENCY = 4;
const WRONG_API_KEY = "sk-ecosystem-wrong-key-0000";

/** The sandbox options every ecosystem file uses (plus its own, e.g. `cors`). */
export const sandboxOptions = { runs: RUN_COUNT, maxPageSize: MAX_PAGE_SIZE } as const;

/** The JSON the scenario is given: see fixtures/scenario.mjs. */
export interface ScenarioConfig {
  baseURL: string;
  apiKey: string;
  wrongApiKey: string;
  limit: number;
  concurrency: number;
  clientOptions: Record<string, unknown>;
}

interface Thrown {
  name: string;
  message: string;
  status?: number;
  code?: string;
  requestId?: string;
  parameter?: string;
  value?: unknown;
  classes?: string[];
}

/** The JSON the scenario returns. */
export interface ScenarioResult {
  runtime: string;
  ids: string[];
  unauthorized: Thrown;
  invalid: Thrown;
}

export function scenarioConfig(sandbox: SandboxServer, clientOptions: Record<string, unknown>): ScenarioConfig {
  return { baseURL: sandbox.url, apiKey: sandbox.apiKey, wrongApiKey: WRONG_API_KEY, limit: LIMIT, concurrency: CONCURRENCY, clientOptions };
}

/**
 * `requests`: what the sandbox recorded from this runtime alone, after its scenario finished.
 */
export function expectScenario(result: ScenarioResult, sandbox: SandboxServer, requests: readonly RecordedRequest[]): void {
  // (a) Every run the sandbox holds, in its order, each exactly once...
  const served = sandbox.runs.map((run) => run.eval_run_uuid);
  expect(new Set(served).size).toBe(RUN_COUNT);
  expect(result.ids).toEqual(served);
  // ...from one request per page: each offset a page ends at, once, all at the limit asked.
  const pages = requests.filter((request) => request.status === 200);
  const pageOffsets = Array.from({ length: Math.ceil(RUN_COUNT / MAX_PAGE_SIZE) }, (_, page) => String(page * MAX_PAGE_SIZE));
  expect(pages.map((request) => request.query.offset).sort((a, b) => Number(a) - Number(b))).toEqual(pageOffsets);
  expect(pages.every((request) => request.query.limit === String(LIMIT))).toBe(true);

  // (b) The wrong key: one request, answered 401, surfaced as the typed error with its data.
  const rejected = requests.filter((request) => request.status === 401);
  expect(rejected).toHaveLength(1);
  expect(result.unauthorized).toMatchObject({
    name: "AuthenticationError",
    status: 401,
    code: "auth.invalid_key",
    requestId: rejected[0]!.requestId,
    classes: ["AymaraAIError", "APIError", "AuthenticationError"],
  });
  expect(result.unauthorized.message).toContain(rejected[0]!.requestId);
  expect(result.unauthorized.message).not.toContain(WRONG_API_KEY);

  // (c) limit 0 breaks the spec's minimum: refused before sending, so the sandbox saw only (a) and (b).
  expect(result.invalid).toMatchObject({
    name: "RequestValidationError",
    parameter: "limit",
    value: 0,
    classes: ["AymaraAIError", "RequestValidationError"],
  });
  expect(result.invalid.message).toContain("No request was sent");
  expect(requests).toHaveLength(pages.length + rejected.length);
}

// Code a downstream test suite wrote against aymara-eval-runs 0.1.0's sandbox ("./testing"):
// every export of the entry, every option, every member of the server and of its fault script.
import {
  createSandboxServer,
  generateEvalRuns,
  InvalidRunError,
  makeEvalRun,
  sandboxEvalUuid,
  sandboxWorkspaceUuid,
  transientFaults,
  DEFAULT_RUN_COUNT,
  DEFAULT_SEED,
  SANDBOX_API_KEY,
  type CorsOption,
  type DelayFault,
  type EmptyBodyFault,
  type Fault,
  type FaultKind,
  type FaultPredicate,
  type FaultRequest,
  type HangFault,
  type HtmlFault,
  type IgnoreOffsetFault,
  type RandomFaults,
  type RecordedRequest,
  type RequestOutcome,
  type ResetFault,
  type SandboxFaults,
  type SandboxOptions,
  type SandboxServer,
  type StatusFault,
  type TruncatedJsonFault,
  type WrongContentTypeFault,
} from "aymara-eval-runs/testing";
import type { EvalRunResult } from "aymara-eval-runs/types";
import { assertNever } from "./check.js";

/** Every option of 0.1.0 (runs and virtualRuns exclude each other at run time, so two sets). */
export function sandboxOptions(runs: number): { stored: SandboxOptions; virtual: SandboxOptions } {
  const random: RandomFaults = { rate: 0, seed: 7, kinds: transientFaults };
  const stored: SandboxOptions = {
    port: 0,
    host: "127.0.0.1",
    apiKey: SANDBOX_API_KEY,
    runs: generateEvalRuns(runs, DEFAULT_SEED),
    seed: DEFAULT_SEED,
    maxPageSize: 25,
    latencyMs: 0,
    faultRate: random.rate,
    faultSeed: random.seed ?? 0,
    faultKinds: random.kinds ?? [],
    maxRecordedRequests: 1_000,
  };
  const virtual: SandboxOptions = { virtualRuns: runs, seed: DEFAULT_SEED };
  return { stored, virtual };
}

export async function startSandbox(runs: number): Promise<SandboxServer> {
  const server: SandboxServer = await createSandboxServer(sandboxOptions(runs).stored);
  const fields: [string, number, string, number] = [server.url, server.port, server.apiKey, server.inFlight];
  void fields;
  return server;
}

/** One fault of each kind, built the way a test scripts them. */
export function oneOfEachFault(): Fault[] {
  const status: StatusFault = { kind: "status", status: 503, retryAfter: 0, retryAfterMs: 0, headers: { "x-fault": "1" }, code: "server.internal_error", message: "try again" };
  const delay: DelayFault = { kind: "delay", ms: 1 };
  const hang: HangFault = { kind: "hang" };
  const reset: ResetFault = { kind: "reset", when: "mid-body" };
  const truncated: TruncatedJsonFault = { kind: "truncated-json" };
  const html: HtmlFault = { kind: "html", status: 502, headers: {} };
  const empty: EmptyBodyFault = { kind: "empty-body", status: 500, headers: {} };
  const wrongType: WrongContentTypeFault = { kind: "wrong-content-type", contentType: "text/plain" };
  const ignoreOffset: IgnoreOffsetFault = { kind: "ignore-offset" };
  return [status, delay, hang, reset, truncated, html, empty, wrongType, ignoreOffset];
}

/** Whether a fault ends in an answer the client can read (a test helper of the consumer). */
export function answers(kind: FaultKind): boolean {
  switch (kind) {
    case "hang":
    case "reset":
      return false;
    default:
      return true;
  }
}

/** Everything the fault script offers, used the way a test uses it. */
export function scriptFaults(faults: SandboxFaults, path: string): number {
  const onlyFirstAttempt: FaultPredicate = (request: FaultRequest) => request.path === path && request.attempt === 0 && request.index >= 0 && request.method === "GET" && request.url.length > 0 && typeof request.query === "object" && typeof request.headers === "object";
  const chained: SandboxFaults = faults.clear().on(onlyFirstAttempt, { kind: "status", status: 500 }, { times: 1 }).random({ rate: 0 }).clear().next({ kind: "delay", ms: 0 });
  const pending: number = chained.pending;
  chained.clear();
  return pending;
}

export function outcomeLabel(outcome: RequestOutcome): string {
  switch (outcome) {
    case "pending":
      return "open";
    case "completed":
      return "answered";
    case "reset":
      return "dropped by the sandbox";
    case "client-aborted":
      return "abandoned by the client";
    case "server-closed":
      return "closed by close()";
    default:
      return assertNever(outcome, "request outcome");
  }
}

/** What a test asserts on a recorded request. */
export function describeRecorded(request: RecordedRequest): string {
  const started: number = request.startedAt;
  const ended: number | undefined = request.endedAt;
  const status: number | undefined = request.status;
  const fault: Fault | undefined = request.fault;
  const id: string = request.requestId;
  return `${request.index}:${request.attempt} ${request.method} ${request.path} ${status ?? "-"} ${fault?.kind ?? "-"} ${outcomeLabel(request.outcome)} ${id.length > 0} ${ended === undefined || ended >= started}`;
}

/** Fixture data and the server's data-editing members. */
export function editRuns(server: SandboxServer): { count: number; evalUuid: string; workspaceUuid: string } {
  const extra: EvalRunResult = makeEvalRun(DEFAULT_RUN_COUNT + 1, DEFAULT_SEED);
  server.insert(extra, 0);
  const updated: EvalRunResult = server.update(extra.eval_run_uuid, { name: "renamed by the corpus" });
  const removed: boolean = server.remove(updated.eval_run_uuid);
  const all: readonly EvalRunResult[] = server.runs;
  if (!removed) throw new Error("remove() did not find the inserted run");
  return { count: all.length, evalUuid: sandboxEvalUuid(0, DEFAULT_SEED), workspaceUuid: sandboxWorkspaceUuid(0) };
}

/** Resets a server between test cases. */
export function resetServer(server: SandboxServer, runs: number | readonly EvalRunResult[]): void {
  server.seed(runs);
  server.faults.clear();
  server.clearRequests();
}

// Exports added after 0.1.0 (each export needs a use here; see ../README.md).

/** A sandbox a browser test page on `origin` may call. */
export function corsOptions(origin: string): SandboxOptions {
  const cors: CorsOption = [origin];
  return { ...sandboxOptions(10).stored, cors };
}

/** A fixture a test gets wrong is refused with where and why, not served. */
export function refusalOfInvalidRun(server: SandboxServer): { path: string; keyword: string } {
  const run = { ...makeEvalRun(DEFAULT_RUN_COUNT + 2, DEFAULT_SEED), status: "bogus" } as unknown as EvalRunResult;
  try {
    server.insert(run);
  } catch (error) {
    if (!(error instanceof InvalidRunError)) throw error;
    const fields: [string, string | undefined, string] = [error.run, error.uuid, error.rule];
    void fields;
    return { path: error.path, keyword: error.keyword };
  }
  throw new Error("the sandbox served a run the spec forbids");
}

export async function stopSandbox(server: SandboxServer): Promise<void> {
  await server.close();
}

// The corpus at run time: a downstream app lists runs from the sandbox through the SDK, meets the
// errors it must handle, and pages through every run. Exits non-zero on the first broken promise;
// prints one JSON summary line on success (the corpus runner and its test read it).
import assert from "node:assert/strict";
import { AuthenticationError, NotFoundError, RequestValidationError, ServiceUnavailableError, UnprocessableEntityError, type AymaraAIError } from "aymara-eval-runs";
import { clientFor, describeError, firstPageBody, firstPageWithMetadata, iterateAll, listOptions, logLevelRank, rawCount, sdkVersion, secondPageQuery, signalLike, syntheticErrors, walkPages } from "./root-entry.js";
import { answers, corsOptions, refusalOfInvalidRun, describeRecorded, editRuns, oneOfEachFault, resetServer, scriptFaults, startSandbox, stopSandbox } from "./testing-entry.js";
import { errorSummary, pageSize, queryFor, summarizeRun } from "./types-entry.js";

const RUNS = 60;

async function failure(promise: Promise<unknown>): Promise<AymaraAIError> {
  try {
    await promise;
  } catch (error) {
    return error as AymaraAIError;
  }
  throw new Error("expected the call to fail");
}

const sandbox = await startSandbox(RUNS);
try {
  const logLines: string[] = [];
  const client = clientFor(sandbox.url, sandbox.apiKey, logLines);
  const expected = sandbox.runs.map((run) => run.eval_run_uuid);
  const controller = new AbortController();

  // Every run exactly once, in server order, with four pages in flight.
  const seen: string[] = [];
  for await (const run of client.evals.runs.list({ limit: 10 }, listOptions(controller.signal, 4))) {
    assert.ok(summarizeRun(run).startsWith(run.eval_run_uuid));
    seen.push(run.eval_run_uuid);
  }
  assert.deepEqual(seen, expected);

  // Page by page with getNextPage(), then past the last page.
  const walk = await walkPages(client.evals.runs.list({ limit: 25 }));
  assert.deepEqual(walk.uuids, expected);
  assert.deepEqual(walk.offsets, [0, 25, 50]);
  assert.equal(walk.afterLast, "PaginationError");
  const iterated = await iterateAll(client.evals.runs.list(secondPageQuery({ limit: 20 }, 20)), 15);
  assert.deepEqual(iterated, { items: RUNS - 20, pages: 2, capped: 15 });

  // Filters, the raw page body and the typed openapi-fetch client.
  const filter = editRuns(sandbox);
  const filtered = await firstPageBody(client.evals.runs, queryFor(filter.evalUuid, filter.workspaceUuid));
  const matching = sandbox.runs.filter((run) => run.eval_uuid === filter.evalUuid && run.workspace_uuid === filter.workspaceUuid);
  assert.ok(matching.length > 0, "the filter matches no run: pick another eval/workspace pair");
  assert.equal(filtered.count, matching.length);
  assert.deepEqual(filtered.items.map((run) => run.eval_run_uuid), matching.slice(0, 50).map((run) => run.eval_run_uuid));
  assert.equal(pageSize(filtered).items, filtered.items.length);
  assert.equal(await rawCount(client), RUNS);

  // A wrong key: a typed 401 with the API's code and a request id.
  const unauthorized = await failure(clientFor(sandbox.url, "sk-not-the-sandbox-key", []).evals.runs.list());
  assert.ok(unauthorized instanceof AuthenticationError);
  assert.equal(unauthorized.status, 401);
  assert.equal(unauthorized.code, "auth.invalid_key");
  assert.ok(unauthorized.requestId);
  assert.ok(!unauthorized.message.includes(sandbox.apiKey));

  // A wrong base path: a typed 404.
  const notFound = await failure(clientFor(`${sandbox.url}/no-such-prefix`, sandbox.apiKey, []).evals.runs.list());
  assert.ok(notFound instanceof NotFoundError);
  assert.equal(notFound.code, "resource.not_found");

  // A 422 from the server: typed, not retried.
  sandbox.clearRequests();
  sandbox.faults.next({ kind: "status", status: 422, code: "validation.invalid_request", message: "rejected by the corpus" });
  const unprocessable = await failure(client.evals.runs.list({ limit: 5 }));
  assert.ok(unprocessable instanceof UnprocessableEntityError);
  assert.equal(unprocessable.code, "validation.invalid_request");
  assert.equal(sandbox.requests.length, 1);

  // A query that breaks the spec: refused before anything is sent.
  sandbox.clearRequests();
  const invalid = await failure(client.evals.runs.list({ limit: 0 }));
  assert.ok(invalid instanceof RequestValidationError);
  assert.equal(invalid.parameter, "limit");
  assert.equal(sandbox.requests.length, 0);

  // A 503 is retried once and the listing succeeds.
  sandbox.faults.next({ kind: "status", status: 503, retryAfter: 0 });
  const page = await client.evals.runs.list({ limit: 5 });
  assert.equal(page.items.length, 5);
  assert.deepEqual(sandbox.requests.map((request) => [request.attempt, request.status]), [[0, 503], [1, 200]]);
  assert.ok(sandbox.requests.every((request) => describeRecorded(request).includes(" GET /v2/eval-runs ")));
  assert.ok(describeError(new ServiceUnavailableError({ status: 503, message: "x", headers: new Headers() })).startsWith("service-unavailable"));

  // The sandbox's fault script and fixtures, as a test suite drives them.
  assert.equal(scriptFaults(sandbox.faults, "/v2/eval-runs"), 1);
  assert.deepEqual(oneOfEachFault().filter((fault) => !answers(fault.kind)).map((fault) => fault.kind), ["hang", "reset"]);
  // A polyfilled signal works like a native one; a sandbox can answer a browser page's preflights.
  const lookAlike = signalLike();
  assert.equal((await client.evals.runs.list({ limit: 2 }, { signal: lookAlike.signal })).items.length, 2);
  lookAlike.abort();
  assert.ok(describeError(await failure(client.evals.runs.list({ limit: 2 }, { signal: lookAlike.signal }))).startsWith("aborted"));
  // A parameter the spec does not list yet goes through extraQuery; the page carries its request id.
  sandbox.clearRequests();
  const withMetadata = await firstPageWithMetadata(client.evals.runs, { include_archived: true });
  assert.deepEqual({ status: withMetadata.status, items: withMetadata.items }, { status: 200, items: 3 });
  assert.equal(withMetadata.requestId, sandbox.requests[0]?.requestId);
  assert.equal(sandbox.requests[0]?.query.include_archived, "true");
  assert.deepEqual(corsOptions("http://localhost:5173").cors, ["http://localhost:5173"]);
  assert.deepEqual(refusalOfInvalidRun(sandbox), { path: "/status", keyword: "enum" });

  resetServer(sandbox, 3);
  assert.equal((await client.evals.runs.list()).count, 3);

  const errors = [unauthorized, notFound, unprocessable, invalid, ...syntheticErrors()].map(describeError);
  console.log(
    JSON.stringify({
      version: sdkVersion,
      runs: seen.length,
      pages: walk.offsets.length,
      errors,
      envelope: errorSummary({ error: { code: "quota.limit_exceeded", message: "slow down" }, request_id: "req_9" }),
      logLevel: logLevelRank("debug"),
      logLines: logLines.length,
    }),
  );
} finally {
  await stopSandbox(sandbox);
}

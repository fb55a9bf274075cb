// Property: whatever the data size, limit, page cap, concurrency and transient faults, iterating
// yields every run of an unchanging data set exactly once, in server order.
import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { type Fault } from "../../src/testing/index.js";
import { startSandbox } from "../support/sandbox.js";
import { collectUuids, listRuns, listWith, plainFetcher, sandboxClient, uuids } from "./helpers.js";

const transient = {
  "429": { kind: "status", status: 429, retryAfterMs: 0 },
  "503": { kind: "status", status: 503, retryAfterMs: 0 },
  reset: { kind: "reset", when: "before-body" },
  timeout: { kind: "hang" },
} satisfies Record<string, Fault>;
type TransientKind = keyof typeof transient;

const listing = (faultKinds: readonly TransientKind[], maxFaults: number) =>
  fc
    .record({
      size: fc.integer({ min: 0, max: 2000 }),
      limit: fc.oneof(fc.integer({ min: 1, max: 30 }), fc.integer({ min: 30, max: 400 })),
      // A server cap below (or above) the limit: pages come back shorter than asked.
      maxPageSize: fc.option(fc.integer({ min: 1, max: 150 }), { nil: undefined }),
      concurrency: fc.integer({ min: 1, max: 8 }),
      // Faults on the n-th request the server receives (first tries and retries alike).
      faults: fc.array(fc.record({ request: fc.nat({ max: 60 }), kind: fc.constantFrom(...faultKinds) }), { maxLength: maxFaults }),
    })
    // At most ~40 pages per run keeps the suite fast; small pages are covered by small sizes.
    .filter(({ size, limit, maxPageSize }) => size / Math.min(limit, maxPageSize ?? limit) <= 40);

async function withSandbox(
  { size, maxPageSize, faults }: { size: number; maxPageSize: number | undefined; faults: Array<{ request: number; kind: TransientKind }> },
  body: (sandbox: Awaited<ReturnType<typeof startSandbox>>) => Promise<void>,
): Promise<void> {
  const sandbox = await startSandbox({ runs: size, maxPageSize });
  try {
    for (const { request, kind } of faults) sandbox.faults.on((r) => r.index === request, transient[kind], { times: 1 });
    await body(sandbox);
  } finally {
    await sandbox.close();
  }
}

describe("exactly once, in order", () => {
  test("through a plain-fetch pager: any size, limit, cap, concurrency and transient faults", async () => {
    const property = fc.asyncProperty(listing(["429", "503", "reset", "timeout"], 6), async (params) => {
      await withSandbox(params, async (sandbox) => {
        const fetchPage = plainFetcher(sandbox, { attempts: 20, attemptTimeoutMs: 250 });
        const seen = await collectUuids(listWith(fetchPage, { limit: params.limit }, { concurrency: params.concurrency }));
        expect(seen).toEqual(uuids(sandbox.runs));
      });
    });
    await fc.assert(property, { numRuns: 40 });
  }, 120_000);

  test("through the real client: its retries of 429, 503, resets and timeouts", async () => {
    // The client backs off ~0.5 s after a reset or a timeout (no retry-after): few of those per run.
    const property = fc.asyncProperty(listing(["429", "503", "429", "503", "reset", "timeout"], 3), async (params) => {
      await withSandbox(params, async (sandbox) => {
        const client = sandboxClient(sandbox, { maxRetries: 10, timeout: 300 });
        const seen = await collectUuids(listRuns(client, { limit: params.limit }, { concurrency: params.concurrency }));
        expect(seen).toEqual(uuids(sandbox.runs));
      });
    });
    await fc.assert(property, { numRuns: 12 });
  }, 120_000);
});

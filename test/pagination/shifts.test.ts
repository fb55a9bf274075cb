// Data that changes while it is being listed: runs inserted at the head push the boundary run of
// a page into the next one; removals pull runs back across it. Neither may yield a run twice,
// and a removal must not make the pager skip a run that was there all along.
import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { makeEvalRun, type SandboxServer } from "../../src/testing/index.js";
import { startSandbox } from "../support/sandbox.js";
import { listRuns, sandboxClient, uuids, warnLogger, type WarnLogger } from "./helpers.js";

let sandbox: SandboxServer;
beforeEach(async () => {
  sandbox = await startSandbox({ runs: 50 });
});
afterEach(() => sandbox.close());

const limit = 10;
const newRun = (n: number) => ({ ...makeEvalRun(10_000 + n), eval_run_uuid: `inserted-${n}` });

/** Lists every run, calling `between(pageNumber)` when the consumer has finished each page. */
async function listChanging(concurrency: number, between: (pageNumber: number) => void, logger: WarnLogger): Promise<string[]> {
  const seen: string[] = [];
  let pageNumber = 0;
  for await (const run of listRuns(sandboxClient(sandbox, { logger, logLevel: "warn" }), { limit }, { concurrency })) {
    seen.push(run.eval_run_uuid);
    if (seen.length % limit === 0) between(++pageNumber);
  }
  return seen;
}

describe.each([1, 4])("data that changes between pages (concurrency %i)", (concurrency) => {
  test("a run inserted at the head is not yielded twice, and the count change is logged", async () => {
    const before = uuids(sandbox.runs);
    const logger = warnLogger();
    const seen = await listChanging(concurrency, (page) => page === 1 && sandbox.insert(newRun(1), 0), logger);
    expect(seen).toEqual(before);
    expect(logger.warnings).toHaveLength(1);
    expect(logger.warnings[0]).toMatch(/count changed from 50 to 51/);
  });

  test("a few runs inserted at the head after every page still give each run once", async () => {
    const before = uuids(sandbox.runs);
    const seen = await listChanging(concurrency, (page) => [0, 1, 2].forEach((k) => sandbox.insert(newRun(page * 10 + k), 0)), warnLogger());
    expect(seen).toEqual(before);
  });

  test("removing a run already yielded does not make the pager skip the next one", async () => {
    const before = uuids(sandbox.runs);
    const logger = warnLogger();
    const seen = await listChanging(concurrency, (page) => page === 2 && sandbox.remove(before[3] ?? ""), logger);
    expect(seen).toEqual(before);
    expect(logger.warnings[0]).toMatch(/count changed from 50 to 49/);
  });

  test("a run removed before it is reached is not yielded; nothing else is lost", async () => {
    const before = uuids(sandbox.runs);
    const seen = await listChanging(concurrency, (page) => page === 1 && sandbox.remove(before[25] ?? ""), warnLogger());
    expect(seen).toEqual(before.filter((uuid) => uuid !== before[25]));
  });

  test("a head insertion and a removal of a yielded run, which keep the count, lose nothing", async () => {
    const before = uuids(sandbox.runs);
    const logger = warnLogger();
    const seen = await listChanging(
      concurrency,
      (page) => {
        sandbox.insert(newRun(page), 0);
        sandbox.remove(before[page] ?? "");
      },
      logger,
    );
    expect(seen).toEqual(before);
    expect(logger.warnings).toEqual([]);
  });
});

describe("changes while prefetched pages are in flight", () => {
  // Page 2 (offset 10) answers late; the run is inserted or removed when the request for page 4
  // (offset 30) arrives. Whichever order the server answers in, pages seen in the old and in the
  // new state meet: the pager must still yield each run once.
  const changeWhenPage4Arrives = (change: () => void): void => {
    let done = false;
    sandbox.faults
      .on((r) => r.query.offset === "10" && r.attempt === 0, { kind: "delay", ms: 150 })
      .on((r) => {
        if (!done && r.query.offset === "30") {
          done = true;
          change();
        }
        return false;
      }, { kind: "delay", ms: 0 });
  };

  test("an insertion at the head", async () => {
    const before = uuids(sandbox.runs);
    changeWhenPage4Arrives(() => sandbox.insert(newRun(1), 0));
    const seen: string[] = [];
    for await (const run of listRuns(sandboxClient(sandbox), { limit }, { concurrency: 4 })) seen.push(run.eval_run_uuid);
    expect(seen).toEqual(before);
  });

  test("a removal of a run already yielded", async () => {
    const before = uuids(sandbox.runs);
    changeWhenPage4Arrives(() => sandbox.remove(before[2] ?? ""));
    const seen: string[] = [];
    for await (const run of listRuns(sandboxClient(sandbox), { limit }, { concurrency: 4 })) seen.push(run.eval_run_uuid);
    expect(seen).toEqual(before);
  });
});

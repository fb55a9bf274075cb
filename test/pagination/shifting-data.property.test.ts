// Property: while runs are inserted at the head and removed anywhere during iteration (a few
// changes, at random moments, with pages answered out of order), no run is yielded twice, runs
// come in server order, and every run present from start to end is yielded.
// Offset pagination only sees changes through `count`: with prefetching, an insertion and a
// removal between the fetches of two adjacent pages cancel out unseen and may cost a run. So
// with concurrency > 1 the changes of one scenario all go the same way (count moves one way).
import fc from "fast-check";
import { expect, test } from "vitest";
import { makeEvalRun } from "../../src/testing/index.js";
import { startSandbox } from "../support/sandbox.js";
import { collectUuids, listRuns, sandboxClient, uuids } from "./helpers.js";

const scenario = fc
  .record({
    size: fc.integer({ min: 0, max: 300 }),
    limit: fc.integer({ min: 2, max: 60 }),
    concurrency: fc.integer({ min: 1, max: 8 }),
    // Applied when the n-th request reaches the server, before it is answered.
    changes: fc.array(
      fc.record({ request: fc.nat({ max: 30 }), kind: fc.constantFrom("insert", "remove"), pick: fc.nat() }),
      { maxLength: 3 },
    ),
    // Requests answered late, so pages see the data at different moments.
    delays: fc.array(fc.record({ request: fc.nat({ max: 30 }), ms: fc.integer({ min: 1, max: 30 }) }), { maxLength: 4 }),
  })
  .filter(({ size, limit }) => size / limit <= 40)
  .filter(({ concurrency, changes }) => concurrency === 1 || new Set(changes.map((c) => c.kind)).size <= 1);

test("changing data: nothing twice, server order, nothing lost that stayed", async () => {
  const property = fc.asyncProperty(scenario, async ({ size, limit, concurrency, changes, delays }) => {
    const sandbox = await startSandbox({ runs: size });
    try {
      const initial = uuids(sandbox.runs);
      const inserted: string[] = [];
      const removed = new Set<string>();
      for (const { request, ms } of delays) sandbox.faults.on((r) => r.index === request, { kind: "delay", ms }, { times: 1 });
      // A predicate that never matches: the sandbox's hook to act when a given request arrives.
      sandbox.faults.on((r) => {
        for (const change of changes.filter((c) => c.request === r.index)) {
          if (change.kind === "insert") {
            const uuid = `inserted-${inserted.length}`;
            sandbox.insert({ ...makeEvalRun(100_000 + inserted.length), eval_run_uuid: uuid }, 0);
            inserted.unshift(uuid);
          } else if (sandbox.runs.length > 0) {
            const victim = sandbox.runs[change.pick % sandbox.runs.length]?.eval_run_uuid ?? "";
            sandbox.remove(victim);
            removed.add(victim);
          }
        }
        return false;
      }, { kind: "delay", ms: 0 });

      const seen = await collectUuids(listRuns(sandboxClient(sandbox), { limit }, { concurrency }));

      expect(new Set(seen).size).toBe(seen.length);
      const universe = [...inserted, ...initial];
      const rank = new Map(universe.map((uuid, i) => [uuid, i]));
      const ranks = seen.map((uuid) => rank.get(uuid) ?? -1);
      expect(ranks.every((r, i) => r >= 0 && (i === 0 || r > (ranks[i - 1] ?? -1)))).toBe(true);
      const stayed = initial.filter((uuid) => !removed.has(uuid));
      expect(stayed.filter((uuid) => !seen.includes(uuid))).toEqual([]);
    } finally {
      await sandbox.close();
    }
  });
  await fc.assert(property, { numRuns: 40 });
}, 120_000);

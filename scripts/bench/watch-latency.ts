// Watch-mode latency: from a spec save to the pipeline's last output written, through the pipeline's own
// programmatic watch API (debounce included, as a user gets it), on a temp copy of the project.
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { parseDocument } from "yaml";
import { startWatch } from "../pipeline/watch.js";
import type { PipelineResult } from "../pipeline/index.js";
import { msSince } from "./stats.js";

const RESULT_TIMEOUT_MS = 15_000;
/** Quiet time after each result, so late file events of one save never start the next measurement. */
const SETTLE_MS = 250;

/** Saves `edits` + `warmUps` changes to the spec of the project copy at `root`; returns the latencies after the warm-ups. */
export async function measureWatchLatency(root: string, warmUps: number, edits: number): Promise<number[]> {
  const specPath = path.join(root, "spec/openapi.yaml");
  const original = parseDocument(readFileSync(specPath, "utf8"));
  const description = String(original.getIn(["info", "description"]) ?? "");

  let waiting: ((result: PipelineResult) => void) | undefined;
  const watcher = startWatch({ rootDir: root, onResult: (result) => waiting?.(result) });
  const latencies: number[] = [];
  try {
    const first = await watcher.ready;
    if (!first.ok) throw new Error(`watch: the initial run failed: ${first.problems.map((p) => p.message).join("; ")}`);
    for (let i = 0; i < warmUps + edits; i++) {
      // A change every output reflects: the description reaches openapi.json and the types' comments.
      const marker = `Benchmark edit ${i}.`;
      const spec = parseDocument(readFileSync(specPath, "utf8"));
      spec.setIn(["info", "description"], `${description}\n${marker}\n`);
      const text = spec.toString();

      const result = new Promise<PipelineResult>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`watch: no result within ${RESULT_TIMEOUT_MS} ms of a save`)), RESULT_TIMEOUT_MS);
        waiting = (value) => {
          // A run started by a late event of the previous save cannot have seen this one: wait for the next.
          if (value.ok && !value.files.get("openapi.json")?.includes(marker)) return;
          clearTimeout(timer);
          waiting = undefined;
          resolve(value);
        };
      });
      const saved = process.hrtime.bigint();
      writeFileSync(specPath, text);
      const outcome = await result;
      const latency = msSince(saved);

      if (!outcome.ok) throw new Error(`watch: run after edit ${i} failed: ${outcome.problems.map((p) => p.message).join("; ")}`);
      if (i >= warmUps) latencies.push(latency);
      await sleep(SETTLE_MS);
    }
  } finally {
    waiting = undefined;
    await watcher.close();
  }
  return latencies;
}

// Child process: the iterating client of the memory benchmark, alone in its process so its RSS is its own.
// Argument: {url, apiKey, total}. Prints one JSON line (RSS baseline and peak, memory retained after GC), then exits.
import { setTimeout as sleep } from "node:timers/promises";
import { AymaraAI } from "../../src/index.js";
import { sendJson } from "./processes.js";

export interface MemoryClientInput {
  url: string;
  apiKey: string;
  total: number;
}

export interface MemoryClientResult {
  baselineBytes: number;
  peakBytes: number;
  /** JS heap + external memory still reachable after a full GC at the end, minus the same at the baseline. */
  retainedBytes: number;
  iterated: number;
  ms: number;
}

const SAMPLE_EVERY_MS = 20;
const WARM_UP_RUNS = 1_000;

const { url, apiKey, total } = JSON.parse(process.argv[2] ?? "{}") as MemoryClientInput;
const client = new AymaraAI({ apiKey, baseURL: url });

// Warm: the same code path for a few pages, so the baseline includes loaded modules, JIT code and sockets.
let warmed = 0;
for await (const run of client.evals.runs.list({ limit: 100 })) {
  if (run.eval_run_uuid && ++warmed >= WARM_UP_RUNS) break;
}
// Started with --expose-gc: collect what the warm-up left, so the baseline is low and the figure errs high.
const gc = (globalThis as { gc?: () => void }).gc;
gc?.();
await sleep(100);
gc?.();

const heldBytes = (): number => {
  const usage = process.memoryUsage();
  return usage.heapUsed + usage.external;
};
const baselineHeld = heldBytes();
const baselineBytes = process.memoryUsage().rss;
let peakBytes = baselineBytes;
const sampler = setInterval(() => {
  peakBytes = Math.max(peakBytes, process.memoryUsage().rss);
}, SAMPLE_EVERY_MS);

const start = performance.now();
let iterated = 0;
for await (const run of client.evals.runs.list({ limit: 100 })) {
  if (run.eval_run_uuid) iterated++;
}
const ms = performance.now() - start;
clearInterval(sampler);
peakBytes = Math.max(peakBytes, process.memoryUsage().rss);
// What iterating left behind: a leak grows this with the total, garbage does not.
gc?.();
await sleep(100);
gc?.();
const retainedBytes = heldBytes() - baselineHeld;

sendJson({ baselineBytes, peakBytes, retainedBytes, iterated, ms } satisfies MemoryClientResult);
process.exit(0);

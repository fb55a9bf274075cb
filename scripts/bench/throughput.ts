// Listing throughput: iterate 10,000 runs at limit 100 through the SDK, against a sandbox (own process) that
// waits 20 ms before every page, with concurrency 1, 4 and 8. Interleaved per round; speed-ups per round.
import { AymaraAI } from "../../src/index.js";
import { rounds, type BenchContext } from "./context.js";
import { startSandboxProcess, type SandboxProcess } from "./processes.js";
import type { Figure } from "./report.js";
import { PAGE_SIZE } from "./sandbox.js";
import { pairwiseRatios, summarize, timeMs } from "./stats.js";

const TOTAL_RUNS = 10_000;
const LATENCY_MS = 20;
const CONCURRENCIES = [1, 4, 8] as const;
/** Target: concurrency 8 takes at most 1/5 of the sequential wall time. */
const TARGET_SPEEDUP = 5;

async function listAll(sandbox: SandboxProcess, concurrency: number): Promise<number> {
  const client = new AymaraAI({ apiKey: sandbox.apiKey, baseURL: sandbox.url });
  let seen = 0;
  const ms = await timeMs(async () => {
    for await (const run of client.evals.runs.list({ limit: PAGE_SIZE }, { concurrency })) {
      if (run.eval_run_uuid) seen++;
    }
  });
  if (seen !== TOTAL_RUNS) throw new Error(`concurrency ${concurrency}: iterated ${seen} runs, expected ${TOTAL_RUNS}`);
  return ms;
}

export async function benchThroughput(ctx: BenchContext): Promise<Figure[]> {
  const sandbox = await startSandboxProcess({ runs: TOTAL_RUNS, latencyMs: LATENCY_MS });
  try {
    await listAll(sandbox, 8); // warm-up
    const walls: number[][] = CONCURRENCIES.map(() => []);
    const roundCount = rounds(ctx, 3, 1);
    for (let round = 0; round < roundCount; round++) {
      for (let k = 0; k < CONCURRENCIES.length; k++) {
        const index = (round + k) % CONCURRENCIES.length;
        walls[index]!.push(await listAll(sandbox, CONCURRENCIES[index]!));
      }
    }
    const [sequential, four, eight] = walls as [number[], number[], number[]];
    ctx.log(`throughput: wall ms c1 ${sequential.map(Math.round).join(", ")}; c4 ${four.map(Math.round).join(", ")}; c8 ${eight.map(Math.round).join(", ")}`);
    const speedup8 = summarize(pairwiseRatios(sequential, eight));
    const figures: Figure[] = CONCURRENCIES.flatMap((concurrency, i): Figure[] => [
      { bench: "throughput", name: `concurrency ${concurrency}: wall time for ${TOTAL_RUNS.toLocaleString("en-US")} runs`, unit: "ms", summary: summarize(walls[i]!) },
      { bench: "throughput", name: `concurrency ${concurrency}: runs per second`, unit: "runs/s", summary: summarize(walls[i]!.map((ms) => (TOTAL_RUNS / ms) * 1000)) },
    ]);
    return [
      ...figures,
      { bench: "throughput", name: "speed-up, concurrency 4 vs 1", unit: "x", summary: summarize(pairwiseRatios(sequential, four)) },
      {
        bench: "throughput",
        name: "speed-up, concurrency 8 vs 1",
        unit: "x",
        summary: speedup8,
        target: { text: `>= ${TARGET_SPEEDUP}x (1/${TARGET_SPEEDUP} of the time)`, met: speedup8.median >= TARGET_SPEEDUP },
        note: `${LATENCY_MS} ms server latency per page`,
      },
    ];
  } finally {
    await sandbox.stop();
  }
}

// Memory: peak RSS above a warm baseline of a client iterating every run of a sandbox that generates its runs
// on the fly. Client and server live in separate processes, so the client's RSS is measured alone.
import path from "node:path";
import { rounds, type BenchContext } from "./context.js";
import type { MemoryClientInput, MemoryClientResult } from "./memory-client.js";
import { repoRoot, startJsonChild, startSandboxProcess } from "./processes.js";
import type { Figure } from "./report.js";
import { summarize } from "./stats.js";

const TARGET_MB = 100;
/** "Flat as the total grows": at most this much more at 1,000,000 runs than at 100,000 (about 10 bytes a run). */
const FLAT_MB = 10;
const MB = 1_000_000;

async function peakAboveBaseline(total: number): Promise<MemoryClientResult> {
  const sandbox = await startSandboxProcess({ virtualRuns: total });
  try {
    const input: MemoryClientInput = { url: sandbox.url, apiKey: sandbox.apiKey, total };
    const client = await startJsonChild<MemoryClientResult>(path.join(repoRoot, "scripts/bench/memory-client.ts"), input, {
      timeoutMs: 150_000,
      nodeArgs: ["--expose-gc"],
    });
    await client.stop();
    if (client.hello.iterated !== total) throw new Error(`iterated ${client.hello.iterated} runs, expected ${total}`);
    return client.hello;
  } finally {
    await sandbox.stop();
  }
}

export async function benchMemory(ctx: BenchContext): Promise<Figure[]> {
  const totals = [100_000, rounds(ctx, 1_000_000, 300_000)] as const;
  const measure = async (total: number, count: number): Promise<number[]> => {
    const above: number[] = [];
    for (let round = 0; round < count; round++) {
      const result = await peakAboveBaseline(total);
      above.push((result.peakBytes - result.baselineBytes) / MB);
      ctx.log(
        `memory: ${total.toLocaleString("en-US")} runs in ${(result.ms / 1000).toFixed(1)} s, baseline ` +
          `${(result.baselineBytes / MB).toFixed(1)} MB, peak ${(result.peakBytes / MB).toFixed(1)} MB`,
      );
    }
    return above;
  };
  const small = await measure(totals[0], rounds(ctx, 3, 1));
  const large = await measure(totals[1], 1);
  const growth = summarize([summarize(large).median - summarize(small).median]);
  const label = (total: number): string => `peak RSS above baseline, iterating ${total.toLocaleString("en-US")} runs`;
  return [
    { bench: "memory", name: label(totals[0]), unit: "MB", summary: summarize(small) },
    {
      bench: "memory",
      name: label(totals[1]),
      unit: "MB",
      summary: summarize(large),
      target: { text: `< ${TARGET_MB} MB`, met: summarize(large).median < TARGET_MB },
    },
    {
      bench: "memory",
      name: `growth from ${totals[0].toLocaleString("en-US")} to ${totals[1].toLocaleString("en-US")} runs`,
      unit: "MB",
      summary: growth,
      target: { text: `<= ${FLAT_MB} MB (flat)`, met: growth.median <= FLAT_MB },
    },
  ];
}

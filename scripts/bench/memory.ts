// Memory: peak RSS above a warm baseline of a client iterating every run of a sandbox that generates its runs
// on the fly. Client and server live in separate processes, so the client's RSS is measured alone.
import path from "node:path";
import { rounds, type BenchContext } from "./context.js";
import type { MemoryClientInput, MemoryClientResult } from "./memory-client.js";
import { repoRoot, startJsonChild, startSandboxProcess } from "./processes.js";
import type { Figure } from "./report.js";
import { summarize } from "./stats.js";

const TARGET_MB = 100;
/**
 * "Flat as the total grows": memory still held after iterating 1,000,000 runs is at most this much more than after
 * 100,000 (a leak of 3 bytes a run would exceed it). Judged on retained memory, not peak RSS, because V8 sizes
 * its heap by allocation rate: peak RSS drifts up over a long run without anything being kept.
 */
const FLAT_MB = 2;
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

interface Measured {
  /** Peak RSS above baseline, MB. */
  peak: number[];
  /** Retained after a full GC, MB. */
  retained: number[];
}

export async function benchMemory(ctx: BenchContext): Promise<Figure[]> {
  const totals = [100_000, rounds(ctx, 1_000_000, 300_000)] as const;
  const measure = async (total: number, count: number): Promise<Measured> => {
    const measured: Measured = { peak: [], retained: [] };
    for (let round = 0; round < count; round++) {
      const result = await peakAboveBaseline(total);
      measured.peak.push((result.peakBytes - result.baselineBytes) / MB);
      measured.retained.push(result.retainedBytes / MB);
      ctx.log(
        `memory: ${total.toLocaleString("en-US")} runs in ${(result.ms / 1000).toFixed(1)} s, RSS baseline ` +
          `${(result.baselineBytes / MB).toFixed(1)} MB, peak ${(result.peakBytes / MB).toFixed(1)} MB; ` +
          `retained after GC ${(result.retainedBytes / MB).toFixed(1)} MB`,
      );
    }
    return measured;
  };
  const small = await measure(totals[0], rounds(ctx, 3, 1));
  const large = await measure(totals[1], 1);
  const count = (total: number): string => total.toLocaleString("en-US");
  const largePeak = summarize(large.peak);
  const retainedGrowth = summarize([summarize(large.retained).median - summarize(small.retained).median]);
  return [
    { bench: "memory", name: `peak RSS above baseline, iterating ${count(totals[0])} runs`, unit: "MB", summary: summarize(small.peak) },
    {
      bench: "memory",
      name: `peak RSS above baseline, iterating ${count(totals[1])} runs`,
      unit: "MB",
      summary: largePeak,
      note: "default concurrency (1), limit 100",
      target: { text: `< ${TARGET_MB} MB`, met: largePeak.median < TARGET_MB },
    },
    {
      bench: "memory",
      name: `peak RSS growth from ${count(totals[0])} to ${count(totals[1])} runs`,
      unit: "MB",
      summary: summarize([largePeak.median - summarize(small.peak).median]),
      note: "V8 grows its heap under sustained allocation; see retained memory for leaks",
    },
    { bench: "memory", name: `retained after full GC, ${count(totals[0])} runs`, unit: "MB", summary: summarize(small.retained) },
    { bench: "memory", name: `retained after full GC, ${count(totals[1])} runs`, unit: "MB", summary: summarize(large.retained) },
    {
      bench: "memory",
      name: `retained growth from ${count(totals[0])} to ${count(totals[1])} runs`,
      unit: "MB",
      summary: retainedGrowth,
      target: { text: `<= ${FLAT_MB} MB (flat)`, met: retainedGrowth.median <= FLAT_MB },
      note: "JS heap + external after a full GC, above the warm baseline",
    },
  ];
}

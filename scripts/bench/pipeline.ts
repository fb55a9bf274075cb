// Pipeline speed, as a user runs the commands: `tsx scripts/generate.ts` (one process, in-process pipeline)
// vs the same steps as a chain of CLIs, interleaved per round on the same spec; `tsx scripts/check-generated.ts`;
// and watch-mode latency. Everything runs on temp copies of the project: generated/ is never touched.
import { rmSync } from "node:fs";
import path from "node:path";
import { prepareChainDir, runCliChain, type ChainTimings } from "./cli-chain.js";
import { rounds, type BenchContext } from "./context.js";
import { binPath, runTimed } from "./processes.js";
import { copyProject, makeTempDir, removeTempDir } from "./project-copy.js";
import type { Figure } from "./report.js";
import { median, pairwiseRatios, summarize } from "./stats.js";
import { measureWatchLatency } from "./watch-latency.js";

const TARGET_GENERATE_MS = 1500;
const TARGET_SPEEDUP = 2.5;
const TARGET_CHECK_MS = 1200;
const TARGET_WATCH_MS = 150;

/** `tsx scripts/generate.ts` in the project copy, from an empty generated/ so every file is written, as the chain writes every file. */
async function generate(root: string): Promise<number> {
  rmSync(path.join(root, "generated"), { recursive: true, force: true });
  return runTimed(binPath("tsx"), ["scripts/generate.ts"], { cwd: root });
}

const check = (root: string): Promise<number> => runTimed(binPath("tsx"), ["scripts/check-generated.ts"], { cwd: root });

export async function benchPipeline(ctx: BenchContext): Promise<Figure[]> {
  const project = copyProject("pipeline");
  const chainDir = makeTempDir("cli-chain");
  try {
    prepareChainDir(chainDir);
    // Warm-up: tsx's transform cache, the OS file cache, and a check that each command succeeds at all.
    await generate(project);
    await check(project);
    await runCliChain(chainDir);

    const generateMs: number[] = [];
    const chains: ChainTimings[] = [];
    const checkMs: number[] = [];
    const roundCount = rounds(ctx, 3, 1);
    for (let round = 0; round < roundCount; round++) {
      // Alternate which side goes first, so neither always runs right after the other's disk writes.
      if (round % 2 === 0) {
        generateMs.push(await generate(project));
        chains.push(await runCliChain(chainDir));
      } else {
        chains.push(await runCliChain(chainDir));
        generateMs.push(await generate(project));
      }
      checkMs.push(await check(project));
    }
    const chainMs = chains.map((chain) => chain.total);
    ctx.log(`pipeline: generate ${generateMs.map(Math.round).join(", ")} ms; chain ${chainMs.map(Math.round).join(", ")} ms; check ${checkMs.map(Math.round).join(", ")} ms`);

    const watchMs = await measureWatchLatency(project, 2, rounds(ctx, 10, 3));
    ctx.log(`pipeline: watch latencies ${watchMs.map(Math.round).join(", ")} ms`);

    const generated = summarize(generateMs);
    const speedup = summarize(pairwiseRatios(chainMs, generateMs));
    const checked = summarize(checkMs);
    const watched = summarize(watchMs);
    const step = (name: keyof ChainTimings): string => `${name} ${Math.round(median(chains.map((chain) => chain[name])))}`;
    return [
      {
        bench: "pipeline",
        name: "`tsx scripts/generate.ts` (in-process pipeline), wall",
        unit: "ms",
        summary: generated,
        target: { text: `<= ${TARGET_GENERATE_MS / 1000} s`, met: generated.median <= TARGET_GENERATE_MS },
      },
      {
        bench: "pipeline",
        name: "CLI chain: redocly lint + redocly bundle + openapi-typescript + prettier --write, wall",
        unit: "ms",
        summary: summarize(chainMs),
        note: `median ms: ${(["lint", "bundle", "types", "format"] as const).map(step).join(", ")}`,
      },
      {
        bench: "pipeline",
        name: "speed-up, CLI chain / generate",
        unit: "x",
        summary: speedup,
        target: { text: `>= ${TARGET_SPEEDUP}x`, met: speedup.median >= TARGET_SPEEDUP },
      },
      {
        bench: "pipeline",
        name: "`tsx scripts/check-generated.ts`, wall",
        unit: "ms",
        summary: checked,
        target: { text: `<= ${TARGET_CHECK_MS / 1000} s`, met: checked.median <= TARGET_CHECK_MS },
      },
      {
        bench: "pipeline",
        name: "watch: spec save → last output written",
        unit: "ms",
        summary: watched,
        target: { text: `<= ${TARGET_WATCH_MS} ms`, met: watched.median <= TARGET_WATCH_MS },
        note: "programmatic watch API, default debounce",
      },
    ];
  } finally {
    removeTempDir(project);
    removeTempDir(chainDir);
  }
}

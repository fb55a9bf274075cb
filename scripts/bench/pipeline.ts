// Pipeline speed, as a user runs the commands: `npm run generate` (one process, in-process pipeline) vs the
// same steps as a chain of CLIs, interleaved per round on the same spec; `npm run check:generated`; and
// watch-mode latency. The npm scripts' own commands run (npm's start-up excluded, as for the CLIs), on temp
// copies of the project: generated/ is never touched.
import { rmSync } from "node:fs";
import path from "node:path";
import { CHAIN_STEPS, prepareChainDir, runCliChain, type ChainTimings } from "./cli-chain.js";
import { rounds, type BenchContext } from "./context.js";
import { runPackageScript } from "./processes.js";
import { copyProject, makeTempDir, removeTempDir } from "./project-copy.js";
import type { Figure } from "./report.js";
import { median, pairwiseRatios, summarize } from "./stats.js";
import { measureWatchLatency } from "./watch-latency.js";

const TARGET_GENERATE_MS = 1500;
const TARGET_SPEEDUP = 2.5;
const TARGET_CHECK_MS = 1200;
const TARGET_WATCH_MS = 150;

interface GenerateRun {
  ms: number;
  /** The step timings generate prints ("lint   772 ms"), by step. */
  steps: Map<string, number>;
}

/** `npm run generate` in the project copy, from an empty generated/ so every file is written, as the chain writes every file. */
async function generate(root: string, args: string[] = []): Promise<GenerateRun> {
  rmSync(path.join(root, "generated"), { recursive: true, force: true });
  const { ms, output } = await runPackageScript(root, "generate", args);
  const steps = new Map([...output.matchAll(/^(\S+)\s+(\d+) ms$/gm)].map((m): [string, number] => [m[1]!, Number(m[2])]));
  return { ms, steps };
}

async function check(root: string): Promise<number> {
  return (await runPackageScript(root, "check:generated")).ms;
}

const stepMedians = (runs: GenerateRun[]): string =>
  [...runs[0]!.steps.keys()].map((step) => `${step} ${Math.round(median(runs.map((run) => run.steps.get(step) ?? 0)))}`).join(", ");

const chainTotal = (chain: ChainTimings, withDocs: boolean): number =>
  CHAIN_STEPS.filter((step) => withDocs || step !== "docs").reduce((sum, step) => sum + (chain[step] ?? 0), 0);

/** Rows for one comparison: generate's wall time, the chain's, and the per-round speed-up. */
function comparison(label: string, generates: GenerateRun[], chains: ChainTimings[], withDocs: boolean): Figure[] {
  const generateMs = generates.map((run) => run.ms);
  const chainMs = chains.map((chain) => chainTotal(chain, withDocs));
  const generated = summarize(generateMs);
  const speedup = summarize(pairwiseRatios(chainMs, generateMs));
  const steps = CHAIN_STEPS.filter((step) => withDocs || step !== "docs")
    .map((step) => `${step} ${Math.round(median(chains.map((chain) => chain[step] ?? 0)))}`)
    .join(", ");
  const docs = withDocs ? " + redocly build-docs" : "";
  return [
    {
      bench: "pipeline",
      name: `${label}, wall`,
      unit: "ms",
      summary: generated,
      target: { text: `<= ${TARGET_GENERATE_MS / 1000} s`, met: generated.median <= TARGET_GENERATE_MS },
      note: `the script's command, without npm's start-up; its step report, median ms: ${stepMedians(generates)}`,
    },
    {
      bench: "pipeline",
      name: `CLI chain: redocly lint + redocly bundle + openapi-typescript + prettier --write${docs}, wall`,
      unit: "ms",
      summary: summarize(chainMs),
      note: `median ms: ${steps}`,
    },
    {
      bench: "pipeline",
      name: `speed-up, CLI chain${docs} / ${label}`,
      unit: "x",
      summary: speedup,
      target: { text: `>= ${TARGET_SPEEDUP}x`, met: speedup.median >= TARGET_SPEEDUP },
    },
  ];
}

export async function benchPipeline(ctx: BenchContext): Promise<Figure[]> {
  const project = copyProject("pipeline");
  const chainDir = makeTempDir("cli-chain");
  try {
    prepareChainDir(chainDir);
    // Warm-up, reported on its own: the first run in a fresh copy fills the copy's tool caches (a launcher's
    // bundle cache, tsx's transforms), as the first run after an edit of the scripts does.
    // When generate also renders docs, it is measured with docs (as `npm run generate` runs) against the chain
    // plus `redocly build-docs`, and with --no-docs against the four named CLIs: the same steps on both sides.
    const first = await generate(project);
    const withDocs = first.steps.has("docs");

    const full: GenerateRun[] = [];
    const noDocs: GenerateRun[] = [];
    const chains: ChainTimings[] = [];
    const checkMs: number[] = [];
    const tasks: (() => Promise<unknown>)[] = [
      async () => full.push(await generate(project)),
      async () => chains.push(await runCliChain(chainDir, withDocs)),
      ...(withDocs ? [async () => noDocs.push(await generate(project, ["--no-docs"]))] : []),
    ];
    const roundCount = rounds(ctx, 3, 1);
    for (let round = 0; round < roundCount; round++) {
      // Rotate the order, so no command always runs right after the same other one.
      for (let k = 0; k < tasks.length; k++) await tasks[(round + k) % tasks.length]!();
      checkMs.push(await check(project));
    }
    ctx.log(
      `pipeline: generate ${full.map((run) => Math.round(run.ms)).join(", ")} ms; --no-docs ${noDocs.map((run) => Math.round(run.ms)).join(", ")} ms; ` +
        `chain ${chains.map((chain) => Math.round(chain.total)).join(", ")} ms; check ${checkMs.map(Math.round).join(", ")} ms`,
    );

    const watchMs = await measureWatchLatency(project, 2, rounds(ctx, 10, 3));
    ctx.log(`pipeline: watch latencies ${watchMs.map(Math.round).join(", ")} ms`);

    const checked = summarize(checkMs);
    const watched = summarize(watchMs);
    return [
      ...(withDocs ? comparison("`npm run generate -- --no-docs`", noDocs, chains, false) : []),
      ...comparison("`npm run generate`", full, chains, withDocs),
      {
        bench: "pipeline",
        name: "`npm run generate`, first run in a fresh copy (tool caches empty), wall",
        unit: "ms",
        summary: summarize([first.ms]),
        note: `its own step report, ms: ${stepMedians([first])}`,
      },
      {
        bench: "pipeline",
        name: "`npm run check:generated`, wall",
        unit: "ms",
        summary: checked,
        target: { text: `<= ${TARGET_CHECK_MS / 1000} s`, met: checked.median <= TARGET_CHECK_MS },
        note: "the script's command, without npm's start-up",
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

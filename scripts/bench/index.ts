// `npm run bench [-- --only pipeline,request --quick]`: runs the benchmarks one after another (the machine is
// shared and has few cores), prints the machine and a Markdown table on stdout, writes bench-results.json.
import path from "node:path";
import { parseArgs } from "node:util";
import type { Bench, BenchContext } from "./context.js";
import { describeMachine, machineLine } from "./machine.js";
import { repoRoot } from "./processes.js";
import { renderMarkdown, writeJson, type BenchResults, type Figure, type Skipped } from "./report.js";
import { msSince } from "./stats.js";

// Loaded on demand: a benchmark whose code under test does not exist yet is reported as not run.
const benches: Record<string, () => Promise<Bench>> = {
  sandbox: async () => (await import("./sandbox.js")).benchSandbox,
  bundle: async () => (await import("./bundle.js")).benchBundle,
  pipeline: async () => (await import("./pipeline.js")).benchPipeline,
  "spec-diff": async () => (await import("./spec-diff.js")).benchSpecDiff,
  registry: async () => (await import("./registry.js")).benchRegistry,
  request: async () => (await import("./request.js")).benchRequest,
  throughput: async () => (await import("./throughput.js")).benchThroughput,
  memory: async () => (await import("./memory.js")).benchMemory,
};

const { values } = parseArgs({
  options: {
    only: { type: "string" },
    quick: { type: "boolean", default: false },
    out: { type: "string", default: path.join(repoRoot, "bench-results.json") },
  },
});

const selected = values.only ? values.only.split(",").map((name) => name.trim()).filter(Boolean) : Object.keys(benches);
const unknown = selected.filter((name) => !(name in benches));
if (unknown.length > 0) {
  console.error(`Unknown benchmark(s): ${unknown.join(", ")}. Known: ${Object.keys(benches).join(", ")}.`);
  process.exit(2);
}

const start = process.hrtime.bigint();
const machine = describeMachine();
const ctx: BenchContext = { quick: values.quick, log: (message) => console.error(`[bench] ${message}`) };
ctx.log(machineLine(machine));

const figures: Figure[] = [];
const skipped: Skipped[] = [];
for (const name of selected) {
  const benchStart = process.hrtime.bigint();
  ctx.log(`${name}: running`);
  try {
    const bench = await benches[name]!();
    figures.push(...(await bench(ctx)));
    ctx.log(`${name}: done in ${(msSince(benchStart) / 1000).toFixed(1)} s`);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const reason = message.split("\n").map((line) => line.trim()).filter(Boolean).slice(0, 2).join(" ").slice(0, 200);
    ctx.log(`${name}: failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    skipped.push({ bench: name, reason });
  }
}

const results: BenchResults = {
  date: new Date().toISOString(),
  quick: values.quick,
  machine,
  figures,
  skipped,
  durationS: Math.round(msSince(start) / 100) / 10,
};
console.log(renderMarkdown(results));
writeJson(values.out, results);
ctx.log(`wrote ${path.relative(process.cwd(), values.out) || values.out} in ${results.durationS} s total`);
if (skipped.length > 0) process.exitCode = 1;

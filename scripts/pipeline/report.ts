// Console output of the entry scripts: step timings, problems one per line, a one-line summary.
import { formatProblem, summarizeProblems, type Problem } from "./problems.js";
import type { PipelineResult } from "./index.js";
import { EXIT } from "./lifecycle.js";
import type { Drift } from "./write.js";

export function formatTimings(result: PipelineResult): string[] {
  const width = Math.max(...result.timings.map((t) => t.step.length));
  return result.timings.map((t) => `${t.step.padEnd(width)}  ${Math.round(t.ms).toString().padStart(5)} ms`);
}

/**
 * What `npm run generate` prints for one run (also each run of --watch). `startupMs`: time from
 * process start to the pipeline (Node, library preload, tsx), shown on a cold run only.
 */
export function printGenerate(result: PipelineResult, outDirName: string, startupMs?: number): void {
  if (startupMs !== undefined) result = { ...result, timings: [{ step: "startup", ms: startupMs }, ...result.timings] };
  for (const line of formatTimings(result)) console.log(line);
  const ms = Math.round(result.totalMs + (startupMs ?? 0));
  if (!result.ok) {
    if (isInternal(result)) console.error(result.error instanceof Error ? result.error.stack : String(result.error));
    // A failure after the write (the docs step) leaves outDir written: say so, not "unchanged".
    const outcome = result.drift
      ? `${outDirName}/ written (${changes(result.drift)}), but dist/docs/ is not up to date: run \`npm run docs\` once this is fixed`
      : `${outDirName}/ left unchanged`;
    printProblems(result.problems, `${outcome} (${ms} ms)`);
    return;
  }
  const docs = result.timings.some((t) => t.step === "docs") ? " + docs in dist/docs" : "";
  console.log(`generated ${result.files.size} files (${result.drift ? changes(result.drift) : "0 changed"})${docs} in ${ms} ms`);
}

/** "2 changed, 1 removed": what a write did to outDir. */
function changes(drift: Drift): string {
  const removed = drift.extra.length ? `, ${drift.extra.length} removed` : "";
  return `${drift.stale.length + drift.missing.length} changed${removed}`;
}

/** What `npm run check:generated` prints on drift. */
export function printDrift(drift: Drift, outDirName: string): void {
  const list = (label: string, names: string[]) => {
    for (const name of names) console.error(`  ${label.padEnd(8)}${outDirName}/${name}`);
  };
  console.error(`${outDirName}/ is out of date with the spec:`);
  list("stale", drift.stale);
  list("missing", drift.missing);
  list("extra", drift.extra);
  console.error("Run `npm run generate` and commit the result.");
}

/** Problems one per line (`file:line:col  severity  rule  message`), then the counts and `outcome`. */
export function printProblems(problems: readonly Problem[], outcome: string): void {
  for (const problem of problems) console.error(formatProblem(problem));
  console.error(`${summarizeProblems(problems)}: ${outcome}`);
}

/** A run's exit code: 1 for problems in the input, 3 when a step crashed (the stack was printed). */
export function exitCodeOf(result: PipelineResult): number {
  if (result.ok) return EXIT.ok;
  return isInternal(result) ? EXIT.internal : EXIT.problems;
}

/** A thrown error other than those reported well by their message alone (YAML syntax, missing files). */
function isInternal(result: PipelineResult): boolean {
  const { error } = result;
  if (error === undefined) return false;
  return !(error instanceof Error) || !["YamlParseError", "ResolveError"].includes(error.constructor.name);
}

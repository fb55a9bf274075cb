// `npm run spec:diff -- --json` as a person runs it (npm's start-up included), on a copy of the project whose
// working spec carries a few changes of each kind, beside the diff engine's own process (`redocly diff` on the
// same two files), measured in the same rounds: the gap is our loading, rules and reasons.
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { rounds, type BenchContext } from "./context.js";
import { childEnv, repoRoot, runTimed } from "./processes.js";
import { copyProject, removeTempDir } from "./project-copy.js";
import type { Figure } from "./report.js";
import { summarize } from "./stats.js";

const TARGET_MS = 1500;

/** A breaking, a non-breaking and a docs-only change, so every stage has work. */
function editSpec(root: string): void {
  const file = path.join(root, "spec/openapi.yaml");
  const edits: [string, string][] = [
    ["            minimum: 1\n", "            minimum: 1\n            maximum: 500\n"],
    ["        - failed\n", "        - failed\n        - cancelled\n"],
    ["Maximum number of eval runs to return in one page.", "How many eval runs one page holds at most."],
  ];
  let text = readFileSync(file, "utf8");
  for (const [from, to] of edits) {
    if (!text.includes(from)) throw new Error(`spec-diff bench: the spec no longer contains ${JSON.stringify(from)}`);
    text = text.replace(from, to);
  }
  writeFileSync(file, text);
}

export async function benchSpecDiff(ctx: BenchContext): Promise<Figure[]> {
  const project = copyProject("spec-diff");
  try {
    editSpec(project);
    const engine = [
      path.join(repoRoot, "node_modules/@redocly/cli/bin/cli.js"),
      ...["diff", "spec/released/openapi.yaml", "spec/openapi.yaml", "--config", "scripts/spec-diff/redocly-diff.yaml"],
      ...["--format", "json", "--fail-on", "none", "--lint-config", "off"],
    ];
    const env = { ...childEnv, REDOCLY_SUPPRESS_NOTIFICATIONS: "true" };
    // Warm-up: the first run bundles the entry into the copy's launcher cache.
    await runTimed("npm", ["run", "-s", "spec:diff", "--", "--json"], { cwd: project, env });
    const commandMs: number[] = [];
    const engineMs: number[] = [];
    for (let round = 0; round < rounds(ctx, 5, 2); round++) {
      commandMs.push((await runTimed("npm", ["run", "-s", "spec:diff", "--", "--json"], { cwd: project, env })).ms);
      engineMs.push((await runTimed(process.execPath, engine, { cwd: project, env })).ms);
    }
    ctx.log(`spec-diff: npm run ${commandMs.map(Math.round).join(", ")} ms; engine ${engineMs.map(Math.round).join(", ")} ms`);
    const command = summarize(commandMs);
    return [
      {
        bench: "spec-diff",
        name: "`npm run spec:diff -- --json`, wall (npm's start-up included; 3 changes)",
        unit: "ms",
        summary: command,
        target: { text: `<= ${TARGET_MS / 1000} s`, met: command.median <= TARGET_MS },
      },
      {
        bench: "spec-diff",
        name: "its diff engine alone: `redocly diff` on the same two files, wall",
        unit: "ms",
        summary: summarize(engineMs),
        note: "spec:diff runs it as a child process, in parallel with loading both specs",
      },
    ];
  } finally {
    removeTempDir(project);
  }
}

// The release, step by step. A dry run works in a scratch copy and prints the plan; a real release
// refuses a dirty tree, writes the release's files, runs the tests on the tree and the consumer
// corpus on the packed tarball, then commits and tags. Any refusal after writing puts every file
// back as HEAD has it, so a release happens entirely or not at all.
import { mkdtempSync, rmSync, writeFileSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { refreshApiReport } from "./api-report-cache.js";
import { corpusPassed, installTarball, runConsumerCorpus, uncoveredExports } from "./consumer-corpus.js";
import { CommandFailed, runCommand, outputTail } from "./exec.js";
import { withEntry } from "./changelog.js";
import { formatPlan, planRelease, type ReleasePlan } from "./plan.js";
import { commitAndTag, committerProblem, recordReleasedSurface, removeScratch, restore, scratchCopy, tagExists, uncommitted, writeVersion } from "./workspace.js";

export interface ReleaseOptions {
  root: string;
  dryRun: boolean;
  /** Run with `sh -c` in the repo; must exit 0. Default `npm test`. */
  testCommand: string;
  /** Progress lines (stderr). */
  log: (line: string) => void;
  /** The plan and the result (stdout). */
  print: (text: string) => void;
}

/** A release that cannot go ahead: the message says why and what to do. Exit code 1. */
export class Refusal extends Error {}

const MINUTE = 60_000;

/** What a signal or crash mid-release must undo: the files written to the work tree, a dry run's scratch copy. */
export const progress: { root: string; wrote: boolean; scratch: string | undefined } = { root: "", wrote: false, scratch: undefined };

export async function release(options: ReleaseOptions): Promise<void> {
  const { root, dryRun, log } = options;
  const dirty = await uncommitted(root);
  if (dirty.length > 0 && !dryRun) {
    throw new Refusal(`The work tree has uncommitted changes:\n${dirty.map((line) => `  ${line}`).join("\n")}\nCommit or stash them, then run npm run release again (npm run release -- --dry-run previews the release with them).`);
  }
  if (!dryRun) {
    const problem = await committerProblem(root);
    if (problem) throw new Refusal(`git cannot make the release commit here: ${problem}\nSet git config user.name and user.email, then run npm run release again.`);
  }
  if (dirty.length > 0) log(`note: ${dirty.length} uncommitted change(s) are included in this dry run; a real release refuses them.`);
  const workspace = dryRun ? await scratchCopy(root) : root;
  if (dryRun) progress.scratch = workspace;
  progress.root = root;
  try {
    // generated/ is what a release ships and diffs; the docs page (dist/docs) is not in the package.
    await step(log, "npm run generate -- --no-docs", workspace, ["run", "-s", "generate", "--", "--no-docs"], 3 * MINUTE, "fix the spec problems it reports, commit, and run npm run release again");
    progress.wrote = !dryRun;
    log("npm run api:update");
    if ((await refreshApiReport(workspace, root, 5 * MINUTE)).cached) log("npm run api:update: same sources as an earlier run, its report reused");
    log("npm run spec:diff -- --json, and each entry's API report against its released one");
    const outcome = await planRelease(workspace);
    if ("nothing" in outcome) throw new Refusal(outcome.nothing);
    const { plan } = outcome;
    options.print(formatPlan(plan));
    if (dryRun) {
      options.print(`Dry run: nothing was changed (generated/ and the API report were refreshed in a scratch copy). Run npm run release to release ${plan.next}.`);
      return;
    }
    if (await tagExists(root, `v${plan.next}`)) throw new Refusal(`Tag v${plan.next} already exists: ${plan.next} was released before. Check git log --tags, or delete the tag if it was made by mistake.`);
    await publishable(options, plan);
  } catch (error) {
    if (progress.wrote) {
      log("putting back every file the release wrote (git checkout HEAD)");
      await restore(root);
      progress.wrote = false;
    }
    if (error instanceof CommandFailed) throw new Refusal(`${error.message}\nNothing was released: fix what it reports, commit, and run npm run release again.`);
    throw error;
  } finally {
    if (dryRun) removeScratch(workspace);
    progress.scratch = undefined;
  }
}

/** Writes the release, proves it (tests on the tree, corpus on the tarball), commits and tags. */
async function publishable(options: ReleaseOptions, plan: ReleasePlan): Promise<void> {
  const { root, log } = options;
  log(`writing ${plan.next}: CHANGELOG.md, package.json, package-lock.json, src/version.ts, spec/released/openapi.yaml, test/api-report/released/`);
  writeFileSync(join(root, "CHANGELOG.md"), withEntry(readFileSync(join(root, "CHANGELOG.md"), "utf8"), plan.entry));
  await writeVersion(root, plan.next);
  recordReleasedSurface(root, plan.next, plan.apiVersion);

  log(`tests: ${options.testCommand}`);
  const tests = await runCommand(options.testCommand, [], { cwd: root, shell: true, echo: true, timeoutMs: 30 * MINUTE });
  if (tests.code !== 0) {
    throw new Refusal(`The tests failed (${options.testCommand} exited ${tests.code}${tests.timedOut ? ", killed after 30 minutes" : ""}); nothing was released.\nRun ${options.testCommand}, fix the failures, commit, and run npm run release again.`);
  }
  log("npm pack");
  const packed = await runCommand("npm", ["pack", "--json", "--pack-destination", root], { cwd: root, timeoutMs: 5 * MINUTE });
  if (packed.code !== 0) throw new Refusal(`npm pack exited ${packed.code}:\n${outputTail(packed)}\nFix the build (npm run build shows the errors), commit, and run npm run release again.`);
  // npm prints the prepack build's output first, then the JSON array.
  const tarball = join(root, (JSON.parse(packed.stdout.slice(packed.stdout.search(/^\[/m))) as { filename: string }[])[0]!.filename);
  try {
    await proveDownstream(options, plan, tarball);
    const commit = await commitAndTag(root, plan.next, plan.apiVersion, plan.entry);
    progress.wrote = false; // committed: nothing left to put back
    options.print(
      [
        `Released aymara-eval-runs ${plan.next} (API ${plan.apiVersion}): commit ${commit}, tag v${plan.next}.`,
        `Tarball: ${tarball}`,
        `Next: git push --follow-tags, then npm publish ${relative(root, tarball)}`,
      ].join("\n"),
    );
  } catch (error) {
    rmSync(tarball, { force: true });
    throw error;
  }
}

/** The consumer corpus, compiled and run against the tarball being released. */
async function proveDownstream(options: ReleaseOptions, plan: ReleasePlan, tarball: string): Promise<void> {
  const { root, log } = options;
  log(`consumer corpus (test/consumer-corpus/, written against ${plan.current}) against ${relative(root, tarball)}`);
  const consumer = mkdtempSync(join(tmpdir(), "aymara-release-corpus-"));
  try {
    await installTarball(consumer, tarball, root);
    const result = await runConsumerCorpus(consumer, { timeoutMs: 2 * MINUTE });
    const failure = result.diagnostics.length > 0 ? `it no longer compiles:\n${result.diagnostics.map((line) => `  ${line}`).join("\n")}` : corpusPassed(result) ? undefined : `its scenario failed:\n${result.scenario ? outputTail(result.scenario) : "(not run)"}`;
    if (failure && plan.level !== "major") {
      throw new Refusal(`Code written against ${plan.current} breaks on this build, yet the diffs rate the release ${plan.level}: the consumer corpus ${failure}\nA release that is not major must pass it: fix the regression, or, if the break is intended, make it visible to the diffs (a spec change, or a Breaking bullet under [Unreleased] in CHANGELOG.md).`);
    }
    if (failure) log(`consumer corpus: ${failure}\n(allowed for a major release; update test/consumer-corpus/ to the new API, npm test runs it)`);
    else log(`consumer corpus: compiles and runs against ${plan.next}`);
    const uncovered = result.diagnostics.length > 0 ? [] : uncoveredExports(result.exports, result.used);
    if (uncovered.length > 0) {
      throw new Refusal(`The consumer corpus does not use these exports, so no later release could prove them:\n${uncovered.map((name) => `  ${name}`).join("\n")}\nAdd a use of each to test/consumer-corpus/src/ (see its README), commit, and run npm run release again.`);
    }
  } finally {
    rmSync(consumer, { recursive: true, force: true });
  }
}

async function step(log: (line: string) => void, label: string, cwd: string, args: string[], timeoutMs: number, advice: string): Promise<void> {
  log(label);
  const result = await runCommand("npm", args, { cwd, timeoutMs });
  if (result.code !== 0) throw new Refusal(`${label} exited ${result.code}${result.timedOut ? " (timed out)" : ""}:\n${outputTail(result)}\nNothing was released: ${advice}.`);
}

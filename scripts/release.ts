// `npm run release -- [--dry-run] [--test-command "<command>"]`: regenerate, refresh the API report,
// rate the spec diff and the API-report diff against the last release, and release the bump they
// call for (CHANGELOG.md entry, version, recorded base, commit, tag, tarball). See README "Releasing".
// Exit 0: released (or planned, with --dry-run); 1: refused, with what to do; 2: usage error;
// 3: internal error. The pipeline's lifecycle owns the process: on a signal or a crash it ends the
// release's child processes and puts back every file the release had written.
import { fileURLToPath } from "node:url";
import { EXIT, holdOpen, runCommand } from "./pipeline/lifecycle.js";
import { killAllChildren } from "./release/exec.js";
import { progress, Refusal, release } from "./release/run.js";
import { removeScratch, restoreSync } from "./release/workspace.js";

const root = fileURLToPath(new URL("..", import.meta.url));

await runCommand({
  name: "npm run release",
  summary: "Release the changes since the last release: regenerate, rate the spec and API-report diffs, write the changelog entry and version, test, pack, commit and tag.",
  flags: {
    "dry-run": { type: "boolean", description: "print the plan (the bump and its reasons, the version move, the changelog entry); change nothing, run no tests" },
    "test-command": { type: "string", description: "the tests the release must pass, run with sh -c in the repo (default: npm test); the consumer corpus runs on the tarball either way" },
  },
  problemsMean: "the release was refused (the message says why and what to do)",
  async run(flags) {
    const testCommand = flags["test-command"] ?? "npm test";
    if (testCommand.trim() === "") {
      console.error("npm run release: --test-command needs a command (e.g. --test-command \"npm test\").");
      return EXIT.usage;
    }
    const unhold = holdOpen("release's child processes and written files", () => {
      killAllChildren();
      if (progress.scratch) removeScratch(progress.scratch);
      if (!progress.wrote) return;
      restoreSync(progress.root);
      progress.wrote = false;
      console.error("release: interrupted; nothing was released and every file it wrote is back as HEAD has it.");
    });
    try {
      await release({ root, dryRun: flags["dry-run"], testCommand, log: (line) => console.error(`release: ${line}`), print: (text) => console.log(text) });
      return EXIT.ok;
    } catch (error) {
      if (!(error instanceof Refusal)) throw error;
      console.error(`release refused: ${error.message}`);
      return EXIT.problems;
    } finally {
      unhold();
    }
  },
});

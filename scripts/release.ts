// `npm run release -- [--dry-run] [--test-command "<command>"]`: regenerate, refresh the API report,
// rate the spec diff and the API-report diff against the last release, and release the bump they
// call for (CHANGELOG.md entry, version, recorded base, commit, tag, tarball). See README "Releasing".
// Exit 0: released (or planned, with --dry-run); 1: refused, with what to do; 2: usage error.
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { killAllChildren } from "./release/exec.js";
import { progress, Refusal, release } from "./release/run.js";
import { restoreSync } from "./release/workspace.js";

const USAGE = `Usage: npm run release -- [--dry-run] [--test-command "<command>"]

  --dry-run               print the plan (the bump and its reasons, the version move, the changelog
                          entry) and change nothing; regenerates in a scratch copy, runs no tests
  --test-command <cmd>    the tests the release must pass, run with sh -c in the repo
                          (default: npm test); the consumer corpus runs on the tarball either way
  -h, --help              show this help`;

const root = fileURLToPath(new URL("..", import.meta.url));

function usageError(message: string): never {
  console.error(`${message}\n\n${USAGE}`);
  process.exit(2);
}

let values: { "dry-run"?: boolean; "test-command"?: string; help?: boolean };
try {
  ({ values } = parseArgs({
    options: { "dry-run": { type: "boolean" }, "test-command": { type: "string" }, help: { type: "boolean", short: "h" } },
    allowPositionals: false,
    strict: true,
  }));
} catch (error) {
  usageError(error instanceof Error ? error.message : String(error));
}
if (values.help) {
  console.log(USAGE);
  process.exit(0);
}
const testCommand = values["test-command"] ?? "npm test";
if (testCommand.trim() === "") usageError("--test-command needs a command.");

// Ctrl-C or a CI timeout: end the children's process groups and put back what the release wrote
// (the release's own catch blocks do not run on a signal).
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => {
    killAllChildren();
    if (progress.wrote) restoreSync(progress.root);
    console.error(`release: interrupted (${signal}); nothing was released${progress.wrote ? " and every file it wrote is back as HEAD has it" : ""}.`);
    process.exit(130);
  });
}

try {
  await release({
    root,
    dryRun: values["dry-run"] === true,
    testCommand,
    log: (line) => console.error(`release: ${line}`),
    print: (text) => console.log(text),
  });
} catch (error) {
  if (!(error instanceof Refusal)) throw error;
  console.error(`release refused: ${error.message}`);
  process.exitCode = 1;
}

// `npm run spec:diff` as a person or CI runs it: spawned with `npm run -s` in throw-away copies of the project
// (one made a git repo, for --base <ref>), each run bounded (test/pipeline/commands.ts) so that a hang fails
// the test instead of freezing the suite, and no exit may need the lifecycle's backstop.
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { copyProject, runScript, type Finished, type ProjectCopy } from "../pipeline/commands.js";
import { limitConcurrency } from "../support/limit-concurrency.js";

const BACKSTOP_WARNING = "still running after everything was released";
const LIMIT_SCHEMA = "            minimum: 1\n            default: 100\n";

let project: ProjectCopy;
let broken: ProjectCopy;

const gate = limitConcurrency(2);
const specDiff = (copy: ProjectCopy, args: string[] = []) => gate(() => runScript(copy.root, "spec:diff", args, { via: "npm" }));

function expectExit(result: Finished, code: number): void {
  expect({ code: result.code, signal: result.signal }, result.stdout + result.stderr).toEqual({ code, signal: null });
  expect(result.stderr).not.toContain(BACKSTOP_WARNING);
}

beforeAll(() => {
  [project, broken] = [copyProject(), copyProject()];
  // The committed spec is the release's; then the working spec gets a maximum on `limit`.
  const git = (...args: string[]) => execFileSync("git", ["-c", "user.name=spec-diff test", "-c", "user.email=test@example.invalid", ...args], { cwd: project.root, stdio: "ignore" });
  git("init", "-q");
  git("add", "spec");
  git("commit", "-q", "-m", "the released spec");
  const text = fs.readFileSync(project.file("spec/openapi.yaml"), "utf8");
  expect(text).toContain(LIMIT_SCHEMA);
  fs.writeFileSync(project.file("spec/openapi.yaml"), text.replace(LIMIT_SCHEMA, "            minimum: 1\n            maximum: 500\n            default: 100\n"));
  fs.writeFileSync(project.file("minimum-5.yaml"), text.replace(LIMIT_SCHEMA, "            minimum: 5\n            default: 100\n"));
  fs.writeFileSync(project.file("broken.yaml"), `${text}\n  oops: [unclosed\n`);
  fs.appendFileSync(broken.file("spec/openapi.yaml"), "\nservers: [unclosed\n");
}, 60_000);

afterAll(() => {
  project?.remove();
  broken?.remove();
});

const maximumLine = () => fs.readFileSync(project.file("spec/openapi.yaml"), "utf8").split("\n").indexOf("            maximum: 500") + 1;
const MAXIMUM = "/paths/~1v2~1eval-runs/get/parameters/2/schema/maximum";
const REASON = "`limit` now has maximum 500: calls with larger values are refused before sending";

// Each command is bounded on its own (30 s); the suite's timeout only has to outlast the queue of the gate.
describe.concurrent("npm run spec:diff", { timeout: 300_000 }, () => {
  test("prints the changes grouped by classification, each with file:line and reason, then the bump; exit 0", async () => {
    const run = await specDiff(project);
    expectExit(run, 0);
    expect(run.stdout).toContain("spec/released/openapi.yaml (base) → spec/openapi.yaml");
    expect(run.stdout).toContain("Breaking (1)");
    expect(run.stdout).toContain(`request  spec/openapi.yaml:${maximumLine()}  ${MAXIMUM}`);
    expect(run.stdout).toContain(REASON);
    expect(run.stdout).toMatch(/^Bump: major \(/m);
  });

  test("--json prints exactly one object: the bump and the changes", async () => {
    const run = await specDiff(project, ["--json"]);
    expectExit(run, 0);
    expect(JSON.parse(run.stdout)).toEqual({
      bump: "major",
      changes: [{ pointer: MAXIMUM, line: maximumLine(), side: "request", classification: "breaking", reason: REASON }],
    });
  });

  test("--base <file> diffs against that file", async () => {
    const run = await specDiff(project, ["--base", "minimum-5.yaml", "--json"]);
    expectExit(run, 0);
    const report = JSON.parse(run.stdout) as { bump: string; changes: { pointer: string; classification: string }[] };
    expect(report.bump).toBe("major");
    expect(report.changes.map((c) => [c.pointer.split("/").at(-1), c.classification])).toEqual([
      ["maximum", "breaking"],
      ["minimum", "non-breaking"],
    ]);
  });

  test("--base <git ref> diffs against spec/openapi.yaml at that ref", async () => {
    const run = await specDiff(project, ["--base", "HEAD"]);
    expectExit(run, 0);
    expect(run.stdout).toContain("HEAD:spec/openapi.yaml (base) → spec/openapi.yaml");
    expect(run.stdout).toContain(REASON);
    expect(run.stdout).toMatch(/^Bump: major/m);
  });

  test("an unknown git ref is bad input: exit 1, saying so", async () => {
    const run = await specDiff(project, ["--base", "v9.9.9"]);
    expectExit(run, 1);
    expect(run.stderr).toContain("v9.9.9: no such file, and not a git ref");
    expect(run.stdout).toBe("");
  });

  test("a missing file is bad input: exit 1", async () => {
    const run = await specDiff(project, ["--base", "spec/released/0.0.9.yaml"]);
    expectExit(run, 1);
    expect(run.stderr).toContain("spec/released/0.0.9.yaml: no such file");
  });

  test("a base that is not valid YAML is bad input: exit 1 with file:line:col", async () => {
    const run = await specDiff(project, ["--base", "broken.yaml"]);
    expectExit(run, 1);
    expect(run.stderr).toMatch(/^broken\.yaml:\d+:\d+ +error +yaml-syntax +\S/m);
  });

  test("a working spec that is not valid YAML is bad input too: exit 1 with file:line:col", async () => {
    const run = await specDiff(broken);
    expectExit(run, 1);
    expect(run.stderr).toMatch(/^spec\/openapi\.yaml:\d+:\d+ +error +yaml-syntax/m);
  });

  test("an unknown flag is a usage error: exit 2, listing the flags", async () => {
    const run = await specDiff(project, ["--bse", "HEAD"]);
    expectExit(run, 2);
    expect(run.stderr).toContain("unknown flag --bse");
    for (const flag of ["--base <value>", "--json", "--help"]) expect(run.stderr).toContain(flag);
  });
});

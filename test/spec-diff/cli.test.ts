// `npm run spec:diff` as a person or CI runs it: spawned in a temp copy of the project (a git repo there,
// for --base <ref>), each run bounded so that a hang fails the test instead of freezing the suite.
import { spawn } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { copyProject, removeTempDir } from "../../scripts/bench/project-copy.js";

const BOUND_MS = 30_000;

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** `npm run -s spec:diff -- <args>` in `cwd`; the whole process group is killed at the bound. */
function specDiff(cwd: string, args: string[]): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn("npm", ["run", "-s", "spec:diff", "--", ...args], { cwd, detached: true, stdio: ["ignore", "pipe", "pipe"] });
    let [stdout, stderr] = ["", ""];
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    const timer = setTimeout(() => {
      process.kill(-child.pid!, "SIGKILL");
      reject(new Error(`spec:diff ${args.join(" ")} still running after ${BOUND_MS} ms:\n${stdout}\n${stderr}`));
    }, BOUND_MS);
    child.on("error", reject);
    child.on("close", (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

function git(cwd: string, args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn("git", ["-c", "user.name=spec-diff test", "-c", "user.email=test@example.invalid", ...args], { cwd, stdio: "ignore" });
    child.on("error", reject);
    child.on("close", (code) => (code === 0 ? resolve() : reject(new Error(`git ${args.join(" ")} exited ${code}`))));
  });
}

const LIMIT_MINIMUM = "            minimum: 1\n            default: 100\n";

let project: string;
let brokenProject: string;

beforeAll(async () => {
  [project, brokenProject] = [copyProject("spec-diff-cli"), copyProject("spec-diff-cli-broken")];
  // The committed spec is the release's; the working spec then gets a maximum on `limit`.
  await git(project, ["init", "-q"]);
  await git(project, ["add", "spec"]);
  await git(project, ["commit", "-q", "-m", "the released spec"]);
  const spec = path.join(project, "spec/openapi.yaml");
  const text = fs.readFileSync(spec, "utf8");
  expect(text).toContain(LIMIT_MINIMUM);
  fs.writeFileSync(spec, text.replace(LIMIT_MINIMUM, `            minimum: 1\n            maximum: 500\n            default: 100\n`));
  fs.writeFileSync(path.join(project, "minimum-5.yaml"), text.replace(LIMIT_MINIMUM, "            minimum: 5\n            default: 100\n"));
  fs.writeFileSync(path.join(project, "broken.yaml"), `${text}\n  oops: [unclosed\n`);
  fs.appendFileSync(path.join(brokenProject, "spec/openapi.yaml"), "\nservers: [unclosed\n");
}, 60_000);

afterAll(() => {
  for (const dir of [project, brokenProject]) if (dir) removeTempDir(dir);
});

const maximumLine = () => fs.readFileSync(path.join(project, "spec/openapi.yaml"), "utf8").split("\n").indexOf("            maximum: 500") + 1;

describe.concurrent("npm run spec:diff", { timeout: BOUND_MS + 15_000 }, () => {
  test("prints the changes grouped by classification, each with file:line and reason, then the bump; exit 0", async () => {
    const run = await specDiff(project, []);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain("spec/released/openapi.yaml (base) → spec/openapi.yaml");
    expect(run.stdout).toContain("Breaking (1)");
    expect(run.stdout).toContain(`request  spec/openapi.yaml:${maximumLine()}  /paths/~1v2~1eval-runs/get/parameters/2/schema/maximum`);
    expect(run.stdout).toContain("`limit` now has maximum 500: calls with larger values are refused before sending");
    expect(run.stdout).toMatch(/^Bump: major \(/m);
  });

  test("--json prints exactly one object: the bump and the changes", async () => {
    const run = await specDiff(project, ["--json"]);
    expect(run.code, run.stderr).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual({
      bump: "major",
      changes: [
        {
          pointer: "/paths/~1v2~1eval-runs/get/parameters/2/schema/maximum",
          line: maximumLine(),
          side: "request",
          classification: "breaking",
          reason: "`limit` now has maximum 500: calls with larger values are refused before sending",
        },
      ],
    });
  });

  test("--base <file> diffs against that file", async () => {
    const run = await specDiff(project, ["--base", "minimum-5.yaml", "--json"]);
    expect(run.code, run.stderr).toBe(0);
    const report = JSON.parse(run.stdout) as { bump: string; changes: { pointer: string; classification: string }[] };
    expect(report.bump).toBe("major");
    expect(report.changes.map((c) => [c.pointer.split("/").at(-1), c.classification])).toEqual([
      ["maximum", "breaking"],
      ["minimum", "non-breaking"],
    ]);
  });

  test("--base <git ref> diffs against spec/openapi.yaml at that ref", async () => {
    const run = await specDiff(project, ["--base", "HEAD"]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain("HEAD:spec/openapi.yaml (base) → spec/openapi.yaml");
    expect(run.stdout).toContain("`limit` now has maximum 500");
    expect(run.stdout).toMatch(/^Bump: major/m);
  });

  test("an unknown git ref is bad input: exit 1, saying so", async () => {
    const run = await specDiff(project, ["--base", "v9.9.9"]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain("v9.9.9: no such file, and not a git ref");
    expect(run.stdout).toBe("");
  });

  test("a missing file is bad input: exit 1", async () => {
    const run = await specDiff(project, ["--base", "spec/released/0.0.9.yaml"]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain("spec/released/0.0.9.yaml: no such file");
  });

  test("a base that is not valid YAML is bad input: exit 1 with file:line:col", async () => {
    const run = await specDiff(project, ["--base", "broken.yaml"]);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^broken\.yaml:\d+:\d+ +error +yaml-syntax +\S/m);
  });

  test("a working spec that is not valid YAML is bad input too: exit 1 with file:line:col", async () => {
    const run = await specDiff(brokenProject, []);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^spec\/openapi\.yaml:\d+:\d+ +error +yaml-syntax/m);
  });

  test("an unknown flag is a usage error: exit 2, listing the flags", async () => {
    const run = await specDiff(project, ["--bse", "HEAD"]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("Unknown option '--bse'");
    for (const flag of ["--base <file|ref>", "--json", "--help"]) expect(run.stderr).toContain(flag);
  });
});

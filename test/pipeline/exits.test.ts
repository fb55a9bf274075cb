// The npm scripts as commands: spawned in throw-away copies of the project, each with a hard bound
// (commands.ts), they exit 0 on success, 1 on spec problems with located lines, 2 on a usage error
// listing the flags, 3 on an internal error with its stack, and `generate -- --watch` stops with 0
// on SIGINT/SIGTERM leaving no process behind. Every exit must happen by itself once the lifecycle
// released what it holds (lifecycle.ts): its backstop warning must never show.
import * as fs from "node:fs";
import { afterAll, describe, expect, test } from "vitest";
import { copyProject, groupAlive, runScript, startScript, type FakePackage, type Finished, type ProjectCopy } from "./commands.js";
import { limitConcurrency } from "../support/limit-concurrency.js";
import { OUTPUTS } from "../../scripts/pipeline/index.js";
import { lineOf } from "./helpers.js";

const COMMANDS = ["generate", "check:generated", "lint:spec", "docs"] as const;
const BACKSTOP_WARNING = "still running after everything was released";

const copies: ProjectCopy[] = [];
afterAll(() => {
  for (const copy of copies) copy.remove();
});

function project(fakes?: Record<string, FakePackage>): ProjectCopy {
  const copy = copyProject(fakes);
  copies.push(copy);
  return copy;
}

const gate = limitConcurrency(2);
const run = (copy: ProjectCopy, script: string, args: string[] = [], via?: "npm" | "sh") => gate(() => runScript(copy.root, script, args, { via }));

/** The outcome, and stderr when the exit code is not the expected one (a readable failure). */
function expectExit(result: Finished, code: number): void {
  expect({ code: result.code, signal: result.signal }, result.stdout + result.stderr).toEqual({ code, signal: null });
  expect(result.stderr).not.toContain(BACKSTOP_WARNING);
}

/** A copy of the project with its spec edited; `located` is the problem line each command must print. */
interface BadInput {
  name: string;
  edit(spec: string): string | undefined;
  located(spec: string): RegExp;
}

const BAD_INPUTS: BadInput[] = [
  {
    name: "a lint error (operationId removed)",
    edit: (spec) => spec.replace(/^ *operationId: .*\n/m, ""),
    located: (edited) => new RegExp(`^spec/openapi\\.yaml:${lineOf(edited, "    get:")}:5  error  operation-operationId  `, "m"),
  },
  {
    name: "a YAML syntax error (appended)",
    edit: (spec) => `${spec}x-broken: [1, 2\n`,
    located: () => /^spec\/openapi\.yaml:\d+:\d+  error  yaml-syntax  \S/m,
  },
  {
    name: "a missing spec file",
    edit: () => undefined,
    located: () => /^spec\/openapi\.yaml  error  spec  ENOENT/m,
  },
  {
    name: "an unresolved $ref",
    edit: (spec) => spec.replace("'#/components/schemas/EvalRunResultPage'", "'#/components/schemas/NoSuchSchema'"),
    located: (edited) => new RegExp(`^spec/openapi\\.yaml:${lineOf(edited, "NoSuchSchema")}:\\d+  error  no-unresolved-refs  `, "m"),
  },
];

function withSpec(edit: BadInput["edit"]): { copy: ProjectCopy; edited: string } {
  const copy = project();
  const specFile = copy.file("spec/openapi.yaml");
  const original = fs.readFileSync(specFile, "utf8");
  const edited = edit(original);
  if (edited === undefined) fs.rmSync(specFile);
  else {
    expect(edited, "the edit changed the spec").not.toBe(original);
    fs.writeFileSync(specFile, edited);
  }
  return { copy, edited: edited ?? "" };
}

describe.concurrent("npm scripts, spawned, exit with the right code on every outcome", { timeout: 300_000 }, () => {
  test("a good spec: generate, check:generated, lint:spec and docs exit 0", async () => {
    const copy = project();
    const generated = fs.readdirSync(copy.file("generated")).map((name) => [name, fs.readFileSync(copy.file(`generated/${name}`), "utf8")]);
    // generate and docs both write dist/docs: one after the other.
    const [[generate, docs], [lint, check]] = await Promise.all([
      (async () => [await run(copy, "generate"), await run(copy, "docs")])(),
      (async () => [await run(copy, "lint:spec"), await run(copy, "check:generated")])(),
    ]);
    for (const result of [generate, docs, lint, check]) expectExit(result, 0);
    expect(generate.stdout).toMatch(new RegExp(`^generated ${OUTPUTS.length} files \\(0 changed\\) \\+ docs in dist/docs in \\d+ ms$`, "m"));
    expect(check.stdout).toMatch(/^generated\/ is up to date/m);
    expect(lint.stdout).toMatch(/^0 errors, 0 warnings/m);
    expect(docs.stdout).toMatch(/^Docs written: .*index\.html/m);
    expect(fs.readdirSync(copy.file("generated")).map((name) => [name, fs.readFileSync(copy.file(`generated/${name}`), "utf8")])).toEqual(generated);
  });

  test.each(BAD_INPUTS)("$name: every command exits 1 with the located problem and writes nothing", async ({ edit, located }) => {
    const { copy, edited } = withSpec(edit);
    const before = fs.readdirSync(copy.file("generated")).map((name) => fs.statSync(copy.file(`generated/${name}`)).mtimeMs);
    const results = await Promise.all(COMMANDS.map((script) => run(copy, script)));
    for (const result of results) {
      expectExit(result, 1);
      expect(result.stderr).toMatch(located(edited));
      expect(result.stderr).toMatch(/^\d+ errors?, \d+ warnings?: /m);
      expect(result.stderr).not.toMatch(/^\s+at /m); // input problems print no stack
    }
    expect(fs.readdirSync(copy.file("generated")).map((name) => fs.statSync(copy.file(`generated/${name}`)).mtimeMs)).toEqual(before);
    expect(fs.existsSync(copy.file("dist/docs"))).toBe(false);
  });

  test("an unknown flag: every command exits 2 and lists its flags", async () => {
    const copy = project();
    const results = await Promise.all([
      run(copy, "generate", ["--bogus"], "npm"),
      ...COMMANDS.slice(1).map((script) => run(copy, script, ["--bogus"])),
    ]);
    for (const [index, result] of results.entries()) {
      expectExit(result, 2);
      expect(result.errorLines[0]).toBe(`npm run ${COMMANDS[index]}: unknown flag --bogus`);
      expect(result.stderr).toMatch(/^Flags:$/m);
      expect(result.stderr).toMatch(/^ {2}-h, --help {2}print this help$/m);
    }
    expect(results[0]!.stderr).toMatch(/^ {2}--watch {5}regenerate/m);
    expect(results[0]!.stderr).toMatch(/^ {2}--no-docs {3}skip the docs$/m);
  });

  test("generate -- --watch stops with 0 on Ctrl-C (SIGINT to the process group), leaving no process behind", async () => {
    const copy = project();
    const watching = await gate(async () => {
      const started = startScript(copy.root, "generate", ["--watch"], { via: "npm" });
      await started.waitForOutput("watching spec/");
      process.kill(-started.pid, "SIGINT"); // what a terminal sends to the foreground job
      return { result: await started.finished, pid: started.pid };
    });
    expectExit(watching.result, 0);
    expect(groupAlive(watching.pid)).toBe(false);
  });

  test("generate -- --watch, after a failed run, stops with 0 on SIGTERM to npm alone (a CI cancel)", async () => {
    const { copy, edited } = withSpec(BAD_INPUTS[0]!.edit);
    const watching = await gate(async () => {
      const started = startScript(copy.root, "generate", ["--watch"], { via: "npm" });
      await started.waitForOutput("watching spec/");
      process.kill(started.pid, "SIGTERM"); // npm forwards it to the script's process
      return { result: await started.finished, pid: started.pid };
    });
    expectExit(watching.result, 0);
    expect(watching.result.stderr).toMatch(BAD_INPUTS[0]!.located(edited));
    expect(groupAlive(watching.pid)).toBe(false);
  });

  test("docs failing after generated/ was written: exit 3 with the stack, saying generated/ was written and what to run", async () => {
    // The docs step comes after the write: a file where dist/docs/ should be fails it then.
    const { copy } = withSpec((spec) => spec.replace("description: UUID of the workspace to filter runs by.", "description: UUID of the one workspace to filter runs by."));
    fs.mkdirSync(copy.file("dist"), { recursive: true });
    fs.rmSync(copy.file("dist/docs"), { recursive: true, force: true });
    fs.writeFileSync(copy.file("dist/docs"), "in the way\n");
    const result = await run(copy, "generate");
    expectExit(result, 3);
    expect(result.stderr).toMatch(/^\s+at /m);
    expect(result.stderr).toMatch(/^1 error, 0 warnings: generated\/ written \(\d+ changed\), but dist\/docs\/ is not up to date: run `npm run docs` once this is fixed \(\d+ ms\)$/m);
    expect(result.stderr).not.toContain("left unchanged");
    expect(fs.readFileSync(copy.file("generated/openapi.json"), "utf8")).toContain("UUID of the one workspace");
  });

  test("a broken install is an internal error: exit 3 with the stack, for every command", async () => {
    // Honest breakage, not a simulated throw: the package each command needs first is missing.
    const noRedocly = project({ "@redocly/openapi-core": null });
    const noPrettier = project({ prettier: null });
    const results = await Promise.all([
      ...COMMANDS.map((script) => run(noRedocly, script)),
      run(noPrettier, "generate"), // the codegen worker dies: the run must still end
    ]);
    for (const [index, result] of results.entries()) {
      expectExit(result, 3);
      expect(result.stderr).toContain(index < COMMANDS.length ? "@redocly/openapi-core" : "prettier");
      expect(result.stderr).toMatch(/^\s+at /m);
    }
    for (const result of results.slice(0, COMMANDS.length)) expect(result.stderr).toMatch(/: internal error \(a bug, or a broken install/);
  });
});

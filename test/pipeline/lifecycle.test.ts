// lifecycle.ts on its own, through a fixture command that misbehaves on purpose
// (fixtures/lifecycle-command.ts), spawned with launch.mjs exactly as the npm scripts run, bounded.
import * as path from "node:path";
import { beforeAll, describe, expect, test } from "vitest";
import { groupAlive, repoRoot, startCommand, type Finished } from "./commands.js";

const launcher = path.join(repoRoot, "scripts", "pipeline", "launch.mjs");
const entry = path.join(repoRoot, "test", "pipeline", "fixtures", "lifecycle-command.ts");
const start = (...args: string[]) => startCommand(repoRoot, process.execPath, [launcher, entry, ...args], `lifecycle fixture ${args.join(" ")}`);
const run = (scenario: string) => start("--scenario", scenario).finished;
const outcome = (result: Finished) => ({ code: result.code, signal: result.signal });

describe.concurrent("a command's lifecycle", { timeout: 120_000 }, () => {
  // Bundled once first: a cold launch.mjs run also has esbuild's service, which it stops after the
  // build but which (SIGTERM'd, reaped by init) may outlive a very short run by a few milliseconds.
  beforeAll(async () => {
    expect(outcome(await start("--help").finished)).toEqual({ code: 0, signal: null });
  });

  test("releases what it holds and lets the process end by itself", async () => {
    const result = await run("held");
    expect(outcome(result), result.stderr).toEqual({ code: 0, signal: null });
    expect(result.stdout).toContain("released test interval");
    expect(result.stderr).toBe("");
  });

  test("ends a process something unregistered keeps alive, naming it (the backstop)", async () => {
    const result = await run("leak");
    expect(outcome(result)).toEqual({ code: 0, signal: null });
    expect(result.errorLines).toEqual([expect.stringMatching(/^warning: still running after everything was released \(.*TCPServerWrap.*\): exiting anyway\.$/)]);
  });

  test.each(["throws", "uncaught"])("an internal error (%s) exits 3 with its stack", async (scenario) => {
    const result = await run(scenario);
    expect(outcome(result)).toEqual({ code: 3, signal: null });
    expect(result.stderr).toMatch(/^Error: boom from .*\n\s+at /m);
    expect(result.errorLines.at(-1)).toBe("lifecycle fixture: internal error (a bug, or a broken install: `npm ci` may fix it); the stack above says where.");
  });

  test("a signal ends a command that does not stop by itself: released, exit 128 + signal", async () => {
    const busy = start("--scenario", "busy");
    await busy.waitForOutput("busy");
    process.kill(busy.pid, "SIGTERM");
    const result = await busy.finished;
    expect(outcome(result)).toEqual({ code: 143, signal: null });
    expect(result.stdout).toContain("released test interval");
    expect(groupAlive(busy.pid)).toBe(false);
  });

  test("a string flag without its value and a stray argument are usage errors (exit 2)", async () => {
    const [missing, stray] = await Promise.all([start("--scenario").finished, start("held", "--scenario", "held").finished]);
    for (const result of [missing, stray]) expect(outcome(result)).toEqual({ code: 2, signal: null });
    expect(missing.errorLines[0]).toMatch(/^lifecycle fixture: Option '--scenario <value>' argument missing/);
    expect(stray.errorLines[0]).toBe('lifecycle fixture: unexpected argument "held" (this command takes flags only)');
    expect(missing.stderr).toMatch(/^ {2}--scenario <value> {2}one of: held, leak, throws, uncaught, busy$/m);
  });
});

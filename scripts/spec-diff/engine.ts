// The diff engine: Redocly CLI's `diff` (experimental), run as its documented command with
// `--format json`. The package has no programmatic diff API (the engine sits in a bundled chunk),
// so each diff is one child process: ended early through `signal`, and held open with the command
// lifecycle, which ends it on a signal or a crash too.
import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import * as path from "node:path";
import { fileURLToPath } from "node:url";
import { holdOpen } from "../pipeline/lifecycle.js";

/** Where the engine found one side of a change (line and col are 1-based). */
export interface EngineLocation {
  file: string;
  /** `#/...`, in the coordinates of the file as written: `$ref`s followed to their target. */
  pointer: string;
  line: number;
  col: number;
  /** The value at `pointer`; absent when that side has no value there. */
  value?: unknown;
}

/** One entry of `changes` in Redocly's diff report (reportVersion 1). */
export interface EngineChange {
  /** Where the change is used, from the document root, through `$ref`s (e.g. `#/paths/.../schema/$ref`). */
  path: string;
  /** Redocly's node type: Schema, Parameter, Response, Example, Server, SecurityScheme, … */
  typeName: string;
  kind: "added" | "removed" | "modified";
  impact: "major" | "minor" | "patch";
  /** Diff rules that fired, each with a message; empty when only the default rating applied. */
  verdicts: { ruleId: string; impact: string; message: string }[];
  /** For `modified`: the key of the node that changed. */
  property?: string;
  base?: EngineLocation;
  revision?: EngineLocation;
}

const require = createRequire(import.meta.url);
const ENGINE_TIMEOUT_MS = 60_000;
const CONFIG = fileURLToPath(new URL("./redocly-diff.yaml", import.meta.url));

function cliEntry(): string {
  const manifest = require.resolve("@redocly/cli/package.json");
  const { bin } = JSON.parse(readFileSync(manifest, "utf8")) as { bin: Record<string, string> };
  return path.join(path.dirname(manifest), bin.redocly ?? "bin/cli.js");
}

/** Runs `redocly diff <base> <head>` and returns its changes; `signal` ends the child, and settles once it has exited. */
export async function runDiffEngine(basePath: string, headPath: string, signal: AbortSignal): Promise<EngineChange[]> {
  const args = [cliEntry(), "diff", basePath, headPath, "--config", CONFIG, "--format", "json", "--fail-on", "none", "--lint-config", "off"];
  const env = { ...process.env, REDOCLY_TELEMETRY: "off", REDOCLY_SUPPRESS_NOTIFICATIONS: "true", NO_COLOR: "1" };
  const child = spawn(process.execPath, args, { env, stdio: ["ignore", "pipe", "pipe"] });
  const forget = holdOpen("redocly diff process", () => child.kill());
  const stop = () => child.kill();
  signal.addEventListener("abort", stop, { once: true });
  // Never a hang: an engine that has not answered by then is ended (a diff of this spec takes < 1 s).
  let timedOut = false;
  const deadline = setTimeout(() => {
    timedOut = true;
    child.kill("SIGKILL");
  }, ENGINE_TIMEOUT_MS);
  const [stdout, stderr] = [collect(child.stdout), collect(child.stderr)];
  try {
    // "close": the process has exited and its pipes are drained, so nothing of it is left behind.
    const code = await new Promise<number | string>((resolve, reject) => {
      child.once("error", reject);
      child.once("close", (exitCode, exitSignal) => resolve(exitCode ?? exitSignal ?? "unknown"));
    });
    if (signal.aborted) throw new Error("redocly diff was stopped");
    if (timedOut) throw new Error(`redocly diff did not answer within ${ENGINE_TIMEOUT_MS / 1000} s and was ended: ${lastLines(stderr())}`);
    if (code !== 0) throw new Error(`redocly diff failed (exit ${code}): ${lastLines(stderr())}`);
    return parseReport(stdout());
  } finally {
    clearTimeout(deadline);
    signal.removeEventListener("abort", stop);
    forget();
  }
}

function collect(stream: NodeJS.ReadableStream): () => string {
  const chunks: Buffer[] = [];
  stream.on("data", (chunk: Buffer) => chunks.push(chunk));
  return () => Buffer.concat(chunks).toString("utf8");
}

function parseReport(stdout: string): EngineChange[] {
  let report: { reportVersion?: unknown; changes?: unknown };
  try {
    report = JSON.parse(stdout) as typeof report;
  } catch {
    throw new Error(`redocly diff printed no JSON report: ${lastLines(stdout)}`);
  }
  if (report.reportVersion !== "1" || !Array.isArray(report.changes)) {
    throw new Error(`redocly diff answered with report version ${String(report.reportVersion)}; this tool reads version 1 (@redocly/cli 2.77.0). Check the @redocly/cli pin.`);
  }
  return report.changes as EngineChange[];
}

const lastLines = (text: string): string => text.trim().split("\n").slice(-5).join("\n");

// Redocly CLI's `build-docs`, in-process when we can (fast) or as the CLI itself (public, slower, same
// bytes). One adapter, so the choice is made in one place.
//
// Fast: Redocly CLI 2.x has no `exports` and bundles each command into a content-hashed chunk; we
// find the chunk the CLI itself imports for `build-docs` (by reading its entry, not by hard-coding
// the hash) and call the same handler the command calls, saving a Node start and a second load of
// Redocly (~0.5 s). Public: when the entry, the chunk or its export is not what we expect (a CLI
// upgrade), spawn `redocly build-docs --inlineBundle` from node_modules with the same spec, config
// and Redoc options, after one warning line. test/pipeline/fallbacks.test.ts forces this path with a
// fake package layout and compares the two pages byte for byte.
import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { pathToFileURL } from "node:url";
import type { Config } from "@redocly/openapi-core";
import { holdOpen } from "./pipeline/lifecycle.js";

export interface RedocPageRequest {
  /** Absolute path of the spec; build-docs bundles it with the config's decorators. */
  specPath: string;
  /** Absolute path of the HTML file to write. */
  outFile: string;
  /** Absolute path of redocly.yaml, and the same config loaded. */
  configPath: string;
  config: Config;
  /** Redoc options (replace redocly.yaml's `openapi:` block, as `--openapi` does). */
  redocOptions: Record<string, unknown>;
}

type Render = (request: RedocPageRequest) => Promise<void>;

/** The handler's arguments, named as the CLI's argv has them. */
type BuildDocsHandler = (args: {
  argv: { api: string; o: string; inlineBundle: boolean; config: string; openapi: Record<string, unknown> };
  config: Config;
}) => Promise<void>;

let renderer: Promise<Render> | undefined;

/** Writes the self-contained Redoc page for the request (`build-docs --inlineBundle`). */
export async function renderRedocPage(request: RedocPageRequest): Promise<void> {
  const render = await (renderer ??= chooseRenderer());
  await render(request);
}

async function chooseRenderer(): Promise<Render> {
  const cliRoot = dirname(createRequire(import.meta.url).resolve("@redocly/cli/package.json"));
  const handler = await findBuildDocsHandler(cliRoot);
  if (typeof handler !== "string") {
    return (request) =>
      handler({
        argv: { api: request.specPath, o: request.outFile, inlineBundle: true, config: request.configPath, openapi: request.redocOptions },
        config: request.config,
      });
  }
  console.warn(`warning: @redocly/cli ${versionOf(cliRoot)}: ${handler}; rendering with the slower public \`redocly build-docs --inlineBundle\` instead.`);
  return (request) => spawnBuildDocs(cliRoot, request);
}

/** The in-process handler, or why it cannot be used. */
async function findBuildDocsHandler(cliRoot: string): Promise<BuildDocsHandler | string> {
  let chunk: string | undefined;
  try {
    const entry = readFileSync(join(cliRoot, "lib", "index.js"), "utf8");
    chunk = /\{handlerBuildCommand:\w+\}=await import\("(\.\/chunks\/[\w-]+\.js)"\)/.exec(entry)?.[1];
    if (!chunk) return "lib/index.js no longer imports a build-docs handler the way 2.77 does";
    const loaded: unknown = await import(pathToFileURL(join(cliRoot, "lib", chunk)).href);
    const found = typeof loaded === "object" && loaded !== null ? (loaded as Record<string, unknown>).handlerBuildCommand : undefined;
    return typeof found === "function" ? (found as BuildDocsHandler) : `lib/${chunk} does not export handlerBuildCommand`;
  } catch (error) {
    return `cannot load its build-docs handler (${error instanceof Error ? error.message : String(error)})`;
  }
}

/** `redocly build-docs` as a child process, its output on our stderr, owned by the lifecycle. */
async function spawnBuildDocs(cliRoot: string, request: RedocPageRequest): Promise<void> {
  const manifest = JSON.parse(readFileSync(join(cliRoot, "package.json"), "utf8")) as { bin: Record<string, string> };
  const bin = join(cliRoot, manifest.bin.redocly!);
  const args = [bin, "build-docs", request.specPath, "--inlineBundle", "-o", request.outFile, "--config", request.configPath];
  const child = spawn(process.execPath, [...args, "--openapi", JSON.stringify(request.redocOptions)], {
    stdio: ["ignore", 2, 2],
    env: { ...process.env, REDOCLY_TELEMETRY: "off", REDOCLY_SUPPRESS_NOTIFICATIONS: "true" },
  });
  const forget = holdOpen("redocly build-docs process", () => child.kill());
  try {
    const code = await new Promise<number | string>((resolve, reject) => {
      child.once("error", reject);
      child.once("exit", (exitCode, signal) => resolve(exitCode ?? signal ?? "unknown"));
    });
    if (code !== 0) throw new Error(`\`redocly build-docs\` (${bin}) failed (exit ${code}); its output is above.`);
  } finally {
    forget();
  }
}

function versionOf(cliRoot: string): string {
  try {
    return (JSON.parse(readFileSync(join(cliRoot, "package.json"), "utf8")) as { version: string }).version;
  } catch {
    return "(version unknown)";
  }
}

// Redocly CLI 2.x renders docs (`build-docs`) only from its command line: the package has no
// `exports` and bundles each command into a content-hashed chunk. To render in-process anyway,
// find the chunk the CLI itself imports for `build-docs` (by reading its entry, not by hard-coding
// the hash) and call the same handler the command calls. @redocly/cli is pinned exactly in
// package.json, and test/docs fails at once if an upgrade moves any of this.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { pathToFileURL } from "node:url";
import type { Config } from "@redocly/openapi-core";

/** The `redocly build-docs` options this project uses (names as the CLI's argv has them). */
export interface BuildDocsArgv {
  api: string;
  /** Output HTML file. */
  o: string;
  inlineBundle: boolean;
  title?: string;
  /** Redoc options; when set they replace redocly.yaml's `openapi:` block. */
  openapi?: Record<string, unknown>;
}

export type BuildDocsHandler = (args: { argv: BuildDocsArgv; config: Config; collectSpecData?: (data: unknown) => void }) => Promise<void>;

let handler: Promise<BuildDocsHandler> | undefined;

export function loadBuildDocsHandler(): Promise<BuildDocsHandler> {
  return (handler ??= importHandler());
}

async function importHandler(): Promise<BuildDocsHandler> {
  const require = createRequire(import.meta.url);
  const cliRoot = dirname(require.resolve("@redocly/cli/package.json"));
  const entry = readFileSync(join(cliRoot, "lib", "index.js"), "utf8");
  const chunk = /\{handlerBuildCommand:\w+\}=await import\("(\.\/chunks\/[\w-]+\.js)"\)/.exec(entry)?.[1];
  if (!chunk) throw new Error(`${describe(cliRoot)}: cannot find the build-docs handler in lib/index.js. ${fallbackHint}`);
  const loaded: unknown = await import(pathToFileURL(join(cliRoot, "lib", chunk)).href);
  const found = typeof loaded === "object" && loaded !== null ? (loaded as Record<string, unknown>).handlerBuildCommand : undefined;
  if (typeof found !== "function") throw new Error(`${describe(cliRoot)}: ${chunk} no longer exports handlerBuildCommand. ${fallbackHint}`);
  return found as BuildDocsHandler;
}

function describe(cliRoot: string): string {
  const { version } = JSON.parse(readFileSync(join(cliRoot, "package.json"), "utf8")) as { version: string };
  return `@redocly/cli ${version}`;
}

const fallbackHint = "Pin @redocly/cli back to 2.77.0, or switch scripts/docs.ts to spawning `redocly build-docs --inlineBundle`.";

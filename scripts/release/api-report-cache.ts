// `npm run api:update` for the release, remembered by content: the report depends only on the
// package's sources, the generated code, the build and API Extractor configs and the locked
// dependencies, so a dry run followed by the real release (the usual order) builds it once.
// The cache lives in the repository's node_modules/.cache (never in the work tree).
import { createHash } from "node:crypto";
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, statSync } from "node:fs";
import { join, relative, sep } from "node:path";
import { outputTail, runCommand } from "./exec.js";
import { API_REPORT } from "./plan.js";

/** Everything the report is made from. */
const REPORT_INPUTS = ["src", "generated", "package.json", "package-lock.json", "tsconfig.json", "tsconfig.build.json", "api-extractor.json", "scripts/build-api-report.ts", "scripts/build.ts"];

export interface RefreshResult {
  /** Reused from an earlier run on the same content. */
  cached: boolean;
}

/**
 * Leaves `workspace`'s API report as `npm run api:update` would. `cacheRoot` is the repository
 * whose node_modules/.cache keeps reports (the work tree itself, also for a dry run's scratch copy).
 * Throws with the command's output when API Extractor fails.
 */
export async function refreshApiReport(workspace: string, cacheRoot: string, timeoutMs: number): Promise<RefreshResult> {
  const cacheDir = join(cacheRoot, "node_modules", ".cache", "release");
  const cached = join(cacheDir, `api-report-${contentKey(workspace)}.md`);
  if (existsSync(cached)) {
    copyFileSync(cached, join(workspace, API_REPORT));
    return { cached: true };
  }
  const result = await runCommand("npm", ["run", "-s", "api:update"], { cwd: workspace, timeoutMs });
  if (result.code !== 0) throw new Error(`npm run api:update exited ${result.code}${result.timedOut ? " (timed out)" : ""}:\n${outputTail(result)}`);
  mkdirSync(cacheDir, { recursive: true });
  const partial = `${cached}.${process.pid}.tmp`;
  copyFileSync(join(workspace, API_REPORT), partial);
  renameSync(partial, cached);
  return { cached: false };
}

/** sha256 over the path and bytes of every input file. */
function contentKey(root: string): string {
  const hash = createHash("sha256");
  const visit = (path: string): void => {
    if (!existsSync(path)) return;
    if (statSync(path).isDirectory()) {
      for (const name of readdirSync(path).sort()) visit(join(path, name));
      return;
    }
    hash.update(relative(root, path).split(sep).join("/")).update("\0").update(readFileSync(path)).update("\0");
  };
  for (const input of REPORT_INPUTS) visit(join(root, input));
  return hash.digest("hex").slice(0, 24);
}

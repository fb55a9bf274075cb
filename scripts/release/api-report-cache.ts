// `npm run api:update` for the release, remembered by content: the reports (one per entry point)
// depend only on the package's sources, the generated code, the build and API Extractor configs and
// the locked dependencies, so a dry run followed by the real release (the usual order) builds them once.
// The cache lives in the repository's node_modules/.cache (never in the work tree).
import { copyFileSync, existsSync, mkdirSync, renameSync } from "node:fs";
import { basename, join } from "node:path";
import { contentKey } from "./content-key.js";
import { CommandFailed, outputTail, runCommand } from "./exec.js";
import { API_REPORTS } from "./api-reports.js";

/** Everything the reports are made from. */
const REPORT_INPUTS = ["src", "generated", "package.json", "package-lock.json", "tsconfig.json", "tsconfig.build.json", "api-extractor.json", "scripts/build-api-report.ts", "scripts/build.ts"];

export interface RefreshResult {
  /** Reused from an earlier run on the same content. */
  cached: boolean;
}

/**
 * Leaves `workspace`'s API reports as `npm run api:update` would. `cacheRoot` is the repository
 * whose node_modules/.cache keeps reports (the work tree itself, also for a dry run's scratch copy).
 * Throws with the command's output when API Extractor fails.
 */
export async function refreshApiReport(workspace: string, cacheRoot: string, timeoutMs: number): Promise<RefreshResult> {
  const cacheDir = join(cacheRoot, "node_modules", ".cache", "release");
  const key = contentKey(workspace, REPORT_INPUTS);
  const cached = (report: string) => join(cacheDir, `api-report-${key}-${basename(report)}`);
  if (API_REPORTS.every(({ report }) => existsSync(cached(report)))) {
    for (const { report } of API_REPORTS) copyFileSync(cached(report), join(workspace, report));
    return { cached: true };
  }
  const result = await runCommand("npm", ["run", "-s", "api:update"], { cwd: workspace, timeoutMs });
  if (result.code !== 0) throw new CommandFailed(`npm run api:update exited ${result.code}${result.timedOut ? " (timed out)" : ""}:\n${outputTail(result)}`);
  mkdirSync(cacheDir, { recursive: true });
  for (const { report } of API_REPORTS) {
    const partial = `${cached(report)}.${process.pid}.tmp`;
    copyFileSync(join(workspace, report), partial);
    renameSync(partial, cached(report));
  }
  return { cached: false };
}

// The API-report half of the release, for every entry point of the package: one pair per row of
// scripts/build-api-report.ts's ENTRIES (the report `npm run api:update` writes, and the one the last
// release recorded in test/api-report/released/), each rated by diffApiReports; the strictest wins.
import { existsSync, readFileSync } from "node:fs";
import { basename, join } from "node:path";
import { apiReportFile, ENTRIES } from "../build-api-report.js";
import { diffApiReports, type ApiChange, type ApiDiff } from "./api-diff.js";

export interface ApiReportPair {
  /** The package.json export, e.g. "./testing". */
  entry: string;
  /** The report of the working tree, relative to the repository. */
  report: string;
  /** The report as last released: the base the release diffs against and records anew. */
  released: string;
}

export const API_REPORTS: readonly ApiReportPair[] = ENTRIES.map(({ entry, reportName }) => {
  const report = apiReportFile(reportName);
  return { entry, report, released: join("test", "api-report", "released", basename(report)) };
});

/** The package's main entry: its changes are named bare, every other entry's with the entry first. */
export const MAIN_ENTRY = ".";

export interface EntryApiChange extends ApiChange {
  entry: string;
}

export interface EntriesApiDiff extends ApiDiff {
  changes: EntryApiChange[];
}

/** One entry's report texts: as last released, and as the working tree has it now. */
export interface EntryReports {
  entry: string;
  released: string;
  current: string;
}

/** The released report of an entry added since the last release: it had no surface, so all of it is new. */
export const NOTHING_RELEASED = "```ts\n\n```\n";

export function readEntryReports(workspace: string): EntryReports[] {
  const read = (file: string) => readFileSync(join(workspace, file), "utf8");
  return API_REPORTS.map(({ entry, report, released }) => ({ entry, released: existsSync(join(workspace, released)) ? read(released) : NOTHING_RELEASED, current: read(report) }));
}

const NO_CHANGE: ApiDiff = { bump: "none", changes: [] };

/** Every entry's report against its released one, as one diff: each change labelled with its entry, the strictest bump of all. */
export function diffEntryReports(reports: readonly EntryReports[]): EntriesApiDiff {
  // The same bytes need no type checker (an entry the release did not touch, usually ./testing).
  const diffs = reports.map(({ entry, released, current }) => ({ entry, diff: released === current ? NO_CHANGE : diffApiReports(released, current) }));
  const changes = diffs.flatMap(({ entry, diff }) => diff.changes.map((change) => ({ ...change, entry, reason: entry === MAIN_ENTRY ? change.reason : `\`${entry}\`: ${change.reason}` })));
  const bump = diffs.some(({ diff }) => diff.bump === "major") ? "major" : diffs.some(({ diff }) => diff.bump === "minor") ? "minor" : "none";
  return { bump, changes };
}

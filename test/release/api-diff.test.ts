import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, test } from "vitest";
import { ENTRIES } from "../../scripts/build-api-report.js";
import { diffApiReports } from "../../scripts/release/api-diff.js";
import { API_REPORTS, diffEntryReports, NOTHING_RELEASED } from "../../scripts/release/api-reports.js";

// The API-report half of the release's bump: each edit of the released report (0.1.0) is rated
// the way code written against 0.1.0 meets it. One program per comparison; the lib files are
// parsed once per process, so the table stays cheap.
const readReleased = (name: string) => readFileSync(new URL(`../api-report/released/${name}.api.md`, import.meta.url), "utf8").replace(/\r\n/g, "\n");
const released = readReleased("aymara-eval-runs");
const releasedTesting = readReleased("aymara-eval-runs-testing");

function edited(from: string, to: string, report = released): string {
  expect(report).toContain(from);
  return report.replace(from, to);
}

const QUERY = "                limit?: number;\n                offset?: number;";
const CREATED = "            created_at: string;\n            updated_at: string;\n            evaluation";
const STATUS = `EvalRunStatus: "created" | "processing" | "finished" | "failed";`;
const LOG_LEVEL = `export type LogLevel = "off" | "error" | "warn" | "info" | "debug";`;

describe("diffApiReports: code written against the released surface", () => {
  test.each([
    ["a value added to a response enum", () => edited(STATUS, STATUS.replace(";", ` | "cancelled";`)), "breaking", "`EvalRunStatus` now also returns 'cancelled': code that handles every value (an exhaustive switch) no longer compiles"],
    ["an error code added", () => edited(`| "server.internal_error";`, `| "server.internal_error"\n        | "server.overloaded";`), "breaking", "`ErrorCode` now also returns 'server.overloaded'"],
    ["a response field made optional", () => edited(CREATED, CREATED.replace("created_at:", "created_at?:")), "breaking", "`EvalRunResult.created_at` may now be missing"],
    ["a response field made nullable", () => edited(CREATED, CREATED.replace("created_at: string;", "created_at: string | null;")), "breaking", "`EvalRunResult.created_at` may now be null"],
    ["a response field removed", () => edited("            pass_rate?: number | null;\n", ""), "breaking", "`EvalRunResult.pass_rate` removed"],
    ["a required response field added", () => edited("            eval_run_uuid: string;\n", "            eval_run_uuid: string;\n            owner: string;\n"), "addition", "`EvalRunResult.owner` added"],
    ["an optional query parameter added", () => edited(QUERY, `${QUERY}\n                status?: "created" | "finished";`), "addition", "`listEvalRuns` query parameter `status` added (optional)"],
    ["a required query parameter added", () => edited(QUERY, `${QUERY}\n                status: string;`), "breaking", "`listEvalRuns` query parameter `status` added as required"],
    ["a query parameter removed", () => edited("                workspace_uuid?: string;\n", ""), "breaking", "`listEvalRuns` query parameter `workspace_uuid` removed"],
    ["an error class removed", () => edited("// @public (undocumented)\nexport class ConflictError extends APIError {\n    // (undocumented)\n    name: string;\n}\n", ""), "breaking", "`ConflictError` removed"],
    ["an error class moved in the hierarchy", () => edited("class ServiceUnavailableError extends InternalServerError", "class ServiceUnavailableError extends APIError"), "breaking", "`ServiceUnavailableError` no longer extends `InternalServerError` (now `APIError`)"],
    ["a client option made required", () => edited("    apiKey?: string;", "    apiKey: string;"), "breaking", "`ClientOptions.apiKey` is now required"],
    ["an accepted union widened (LogLevel)", () => edited(LOG_LEVEL, LOG_LEVEL.replace(";", ` | "trace";`)), "change", "`LogLevel` changed compatibly"],
    ["an accepted union narrowed (LogLevel)", () => edited(LOG_LEVEL, LOG_LEVEL.replace(` | "debug";`, ";")), "breaking", "`LogLevel` accepts fewer values ('debug' no longer allowed)"],
    ["an optional method parameter added", () => edited("    hasNextPage(): boolean;", "    hasNextPage(strict?: boolean): boolean;"), "change", "`OffsetPage.hasNextPage` changed signature compatibly"],
    ["a required method parameter added", () => edited("    hasNextPage(): boolean;", "    hasNextPage(strict: boolean): boolean;"), "breaking", "`OffsetPage.hasNextPage` now needs 1 argument (was 0)"],
    ["a method added to an interface users implement (Logger)", () => edited("    debug(message: string, ...args: unknown[]): void;", "    debug(message: string, ...args: unknown[]): void;\n    trace(message: string): void;"), "breaking", "`Logger.trace` added as required"],
    ["an export added", () => edited("export const VERSION: string;", "export const VERSION: string;\n\n// @public\nexport function version(): string;"), "addition", "`version` added"],
  ])("%s", (_name, after, classification, reason) => {
    const diff = diffApiReports(released, after());
    expect(diff.changes.map((change) => [change.classification, change.reason])).toEqual([[classification, expect.stringContaining(reason)]]);
    expect(diff.bump).toBe(classification === "breaking" ? "major" : "minor");
  });

  test("an unchanged report, or one that differs only in comments and line endings, is no change", () => {
    expect(diffApiReports(released, released)).toEqual({ bump: "none", changes: [] });
    const recommented = released.replace("// @public\nexport interface Logger {", "// @public\n// Warning: a note API Extractor added\nexport interface Logger {").replace(/\n/g, "\r\n");
    expect(diffApiReports(released, recommented)).toEqual({ bump: "none", changes: [] });
  });

  test("a signal option that accepts any AbortSignal look-alike is a compatible change, not a break", () => {
    const widened = released
      .replace("export interface BaseRequestOptions {", "export interface AbortSignalLike {\n    readonly aborted: boolean;\n}\n\n// @public\nexport interface BaseRequestOptions {")
      .replace("    signal?: AbortSignal | undefined;", "    signal?: AbortSignalLike | undefined;");
    const diff = diffApiReports(released, widened);
    expect(diff.bump).toBe("minor");
    expect(diff.changes.map((change) => [change.path, change.classification])).toEqual([
      ["AbortSignalLike", "addition"],
      ["BaseRequestOptions.signal", "change"],
    ]);
  });
});

describe("diffEntryReports: every entry point against its released report", () => {
  const unchanged = { entry: ".", released, current: released };
  const testing = (current: string) => ({ entry: "./testing", released: releasedTesting, current });
  const reasons = (diff: ReturnType<typeof diffEntryReports>) => diff.changes.map((change) => [change.entry, change.classification, change.reason]);

  test("one pair per entry of scripts/build-api-report.ts, each with its released report (./types is covered by \".\")", () => {
    expect(API_REPORTS.map(({ entry }) => entry)).toEqual(ENTRIES.map(({ entry }) => entry));
    expect(API_REPORTS.map(({ report, released }) => [report, released])).toEqual([
      ["test/api-report/aymara-eval-runs.api.md", "test/api-report/released/aymara-eval-runs.api.md"],
      ["test/api-report/aymara-eval-runs-testing.api.md", "test/api-report/released/aymara-eval-runs-testing.api.md"],
    ]);
    for (const { released: file } of API_REPORTS) expect(existsSync(join(fileURLToPath(new URL("../..", import.meta.url)), file)), file).toBe(true);
  });

  test("a ./testing addition alone is minor, named with its entry", () => {
    const diff = diffEntryReports([unchanged, testing(edited("    seed?: number;\n    virtualRuns?: number;", "    seed?: number;\n    strict?: boolean;\n    virtualRuns?: number;", releasedTesting))]);
    expect(diff.bump).toBe("minor");
    expect(reasons(diff)).toEqual([["./testing", "addition", "`./testing`: `SandboxOptions.strict` added (optional)"]]);
  });

  test("a ./testing removal is major even when \".\" only adds: the strictest entry wins", () => {
    const diff = diffEntryReports([
      { entry: ".", released, current: edited("export const VERSION: string;", "export const VERSION: string;\n\n// @public\nexport function version(): string;") },
      testing(edited("// @public (undocumented)\nexport const DEFAULT_SEED = 1729;\n\n", "", releasedTesting)),
    ]);
    expect(diff.bump).toBe("major");
    expect(reasons(diff)).toEqual([
      [".", "addition", "`version` added"],
      ["./testing", "breaking", "`./testing`: `DEFAULT_SEED` removed: code that uses it no longer compiles"],
    ]);
  });

  test("a ./testing option that accepts fewer values is major", () => {
    const diff = diffEntryReports([unchanged, testing(edited(`readonly when: "before-body" | "mid-body";`, `readonly when: "before-body";`, releasedTesting))]);
    expect(diff.bump).toBe("major");
    expect(reasons(diff)).toEqual([["./testing", "breaking", expect.stringContaining("`./testing`: `ResetFault.when` accepts fewer values ('mid-body' no longer allowed)")]]);
  });

  test("a field the spec adds to runs breaks ./testing, which takes runs, while \".\" only returns them", () => {
    const field = (report: string) => edited("            eval_run_uuid: string;\n", "            eval_run_uuid: string;\n            owner: string;\n", report);
    const diff = diffEntryReports([{ entry: ".", released, current: field(released) }, testing(field(releasedTesting))]);
    expect(diff.bump).toBe("major");
    expect(reasons(diff)).toEqual([
      [".", "addition", "`EvalRunResult.owner` added"],
      ["./testing", "breaking", "`./testing`: `EvalRunResult.owner` added as required: code that builds one without it no longer compiles"],
    ]);
  });

  test("unchanged entries are no change; an entry new since the last release is all additions", () => {
    expect(diffEntryReports([unchanged, testing(releasedTesting)])).toEqual({ bump: "none", changes: [] });
    const added = diffEntryReports([unchanged, { entry: "./testing", released: NOTHING_RELEASED, current: releasedTesting }]);
    expect(added.bump).toBe("minor");
    expect(added.changes.map((change) => change.classification)).toEqual(added.changes.map(() => "addition"));
    expect(added.changes.map((change) => change.path)).toEqual(expect.arrayContaining(["createSandboxServer", "SandboxOptions", "DEFAULT_SEED"]));
  });
});

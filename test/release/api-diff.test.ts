import { readFileSync } from "node:fs";
import { describe, expect, test } from "vitest";
import { diffApiReports } from "../../scripts/release/api-diff.js";

// The API-report half of the release's bump: each edit of the released report (0.1.0) is rated
// the way code written against 0.1.0 meets it. One program per comparison; the lib files are
// parsed once per process, so the table stays cheap.
const released = readFileSync(new URL("../api-report/released/aymara-eval-runs.api.md", import.meta.url), "utf8").replace(/\r\n/g, "\n");

function edited(from: string, to: string): string {
  expect(released).toContain(from);
  return released.replace(from, to);
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

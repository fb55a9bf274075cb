// `npm run api:check` / `npm run api:update`: the package's public surface, entry point by entry
// point ("." and "./testing"), as API Extractor sees the built declarations, compared with (or
// written to) the reviewed reports in test/api-report/.
// Declarations are built into a scratch folder, so this never races `npm run build` over dist/.
import { mkdtempSync, rmSync, symlinkSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join, relative, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { buildPackage } from "./build.js";

type ApiExtractor = typeof import("@microsoft/api-extractor");

const require = createRequire(import.meta.url);
const repoRoot = fileURLToPath(new URL("..", import.meta.url));
/**
 * The package's entry points with a public surface, and the report each is recorded in (the
 * release diffs each against its released counterpart). "./types" has none of its own: "." re-exports
 * every name of it, so the "." report shows its changes (test/delivery/api-report.test.ts checks that).
 */
export const ENTRIES = [
  { entry: ".", declarations: join("src", "index.d.ts"), reportName: "aymara-eval-runs" },
  { entry: "./testing", declarations: join("src", "testing", "index.d.ts"), reportName: "aymara-eval-runs-testing" },
] as const;
/** Where an entry's report lives, relative to the repository. */
export const apiReportFile = (reportName: string) => join("test", "api-report", `${reportName}.api.md`);
const reportPath = (reportName: string) => join(repoRoot, apiReportFile(reportName));
export const API_REPORT_PATHS: readonly string[] = ENTRIES.map((entry) => reportPath(entry.reportName));

export interface ApiReportResult {
  /** The surface differs from the committed report (with `update`, the report was rewritten). */
  changed: boolean;
  /** False when API Extractor reported errors or warnings (in check mode, a change is a warning). */
  succeeded: boolean;
  /** API Extractor's warnings and errors, the report diff among them. */
  messages: string[];
}

/** Every entry point's surface against its report; the declarations are built once for all of them. */
export function runApiReport({ update }: { update: boolean }): ApiReportResult {
  const { CompilerState, ConsoleMessageId, Extractor, ExtractorConfig } = require("@microsoft/api-extractor") as ApiExtractor;
  const scratch = mkdtempSync(join(tmpdir(), "aymara-api-report-"));
  try {
    // The declarations import openapi-fetch: let them find this repo's copy. (Not a scratch folder
    // under node_modules: API Extractor would treat the SDK's own files as an external package.)
    symlinkSync(join(repoRoot, "node_modules"), join(scratch, "node_modules"), "junction");
    buildPackage({ outDir: scratch, declarationsOnly: true });
    const configPath = join(repoRoot, "api-extractor.json");
    const total: ApiReportResult = { changed: false, succeeded: true, messages: [] };
    const configs = ENTRIES.map(({ declarations, reportName }) => {
      const configObject = ExtractorConfig.loadFile(configPath);
      configObject.mainEntryPointFilePath = join(scratch, declarations);
      configObject.apiReport = { ...configObject.apiReport, enabled: true, reportFileName: reportName, reportTempFolder: join(scratch, "report") };
      return ExtractorConfig.prepare({ configObject, configObjectFullPath: configPath, packageJsonFullPath: join(repoRoot, "package.json") });
    });
    // One TypeScript program for every entry point (API Extractor's documented way to analyse
    // several): building it is most of a run's cost, so a second entry costs only its analysis.
    const compilerState = CompilerState.create(configs[0]!, { additionalEntryPoints: configs.map((config) => config.mainEntryPointFilePath) });
    for (const [index, { entry, reportName }] of ENTRIES.entries()) {
      const config = configs[index]!;
      const result = Extractor.invoke(config, {
        compilerState,
        localBuild: update,
        printApiReportDiff: true,
        messageCallback: (message) => {
          message.handled = true;
          // Info lines ("Analysis will use the bundled TypeScript...") are noise; warnings and errors are the result.
          if (message.logLevel !== "warning" && message.logLevel !== "error") return;
          // API Extractor's own advice ("copy <scratch>/... to ...") points into a folder about to be deleted.
          const notCopied = message.messageId === ConsoleMessageId.ApiReportNotCopied;
          const text = notCopied ? `The public API of "${entry}" no longer matches ${relative(repoRoot, reportPath(reportName))}: run \`npm run api:update\`, review the diff, commit the report.` : message.text.replaceAll(scratch, "<scratch>");
          total.messages.push(text);
        },
      });
      total.changed ||= result.apiReportChanged;
      total.succeeded &&= result.succeeded;
    }
    return total;
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  const update = process.argv.includes("--update");
  const { changed, succeeded, messages } = runApiReport({ update });
  for (const message of messages) console.error(message);
  const reports = API_REPORT_PATHS.map((path) => relative(process.cwd(), path)).join(", ");
  if (update) console.log(changed ? `Updated ${reports}: review the diff and commit them.` : `${reports}: up to date.`);
  else if (!changed) console.log(`${reports}: match the public API.`);
  // With --update a changed report is the goal; errors (and, when checking, any warning) fail.
  if (!succeeded) process.exitCode = 1;
}

// `npm run api:check` / `npm run api:update`: the SDK's public surface, as API Extractor sees the
// built declarations, compared with (or written to) the reviewed report in test/api-report/.
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
export const API_REPORT_PATH = join(repoRoot, "test", "api-report", "aymara-eval-runs.api.md");

export interface ApiReportResult {
  /** The surface differs from the committed report (with `update`, the report was rewritten). */
  changed: boolean;
  /** False when API Extractor reported errors or warnings (in check mode, a change is a warning). */
  succeeded: boolean;
  /** API Extractor's warnings and errors, the report diff among them. */
  messages: string[];
}

export function runApiReport({ update }: { update: boolean }): ApiReportResult {
  const { ConsoleMessageId, Extractor, ExtractorConfig } = require("@microsoft/api-extractor") as ApiExtractor;
  const scratch = mkdtempSync(join(tmpdir(), "aymara-api-report-"));
  try {
    // The declarations import openapi-fetch: let them find this repo's copy. (Not a scratch folder
    // under node_modules: API Extractor would treat the SDK's own files as an external package.)
    symlinkSync(join(repoRoot, "node_modules"), join(scratch, "node_modules"), "junction");
    buildPackage({ outDir: scratch, declarationsOnly: true });
    const configPath = join(repoRoot, "api-extractor.json");
    const configObject = ExtractorConfig.loadFile(configPath);
    configObject.mainEntryPointFilePath = join(scratch, "src", "index.d.ts");
    configObject.apiReport = { ...configObject.apiReport, enabled: true, reportTempFolder: join(scratch, "report") };
    const config = ExtractorConfig.prepare({ configObject, configObjectFullPath: configPath, packageJsonFullPath: join(repoRoot, "package.json") });

    const messages: string[] = [];
    const result = Extractor.invoke(config, {
      localBuild: update,
      printApiReportDiff: true,
      messageCallback: (message) => {
        message.handled = true;
        // Info lines ("Analysis will use the bundled TypeScript...") are noise; warnings and errors are the result.
        if (message.logLevel !== "warning" && message.logLevel !== "error") return;
        // API Extractor's own advice ("copy <scratch>/... to ...") points into a folder about to be deleted.
        const notCopied = message.messageId === ConsoleMessageId.ApiReportNotCopied;
        messages.push(notCopied ? `The public API no longer matches ${relative(repoRoot, API_REPORT_PATH)}: run \`npm run api:update\`, review the diff, commit the report.` : message.text.replaceAll(scratch, "<scratch>"));
      },
    });
    return { changed: result.apiReportChanged, succeeded: result.succeeded, messages };
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  const update = process.argv.includes("--update");
  const { changed, succeeded, messages } = runApiReport({ update });
  for (const message of messages) console.error(message);
  const report = relative(process.cwd(), API_REPORT_PATH);
  if (update) console.log(changed ? `Updated ${report}: review the diff and commit it.` : `${report} is up to date.`);
  else if (!changed) console.log(`${report} matches the public API.`);
  // With --update a changed report is the goal; errors (and, when checking, any warning) fail.
  if (!succeeded) process.exitCode = 1;
}

// `npm run spec:diff -- [--base <file or git ref>] [--json]`: classifies every change between a base
// spec (default: the last release's, spec/released/openapi.yaml) and the working spec.
// Exit 0 when the diff ran (whatever it found), 1 on bad input or a failed engine, 2 on a usage error.
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { DEFAULT_BASE, diffSpecs, diffSpecsDetailed, SpecInputError } from "./spec-diff/index.js";
import { formatReport } from "./spec-diff/format.js";

const USAGE = `Usage: npm run spec:diff -- [--base <file or git ref>] [--json]

  --base <file|ref>  spec to compare against: a file, or a git ref whose spec/openapi.yaml is used
                     (default: ${DEFAULT_BASE}, the spec of the last release)
  --json             print one JSON object: { "bump", "changes": [{ "pointer", "line", "side", "classification", "reason" }] }
  --help             print this help`;

const rootDir = fileURLToPath(new URL("..", import.meta.url));

async function main(): Promise<number> {
  let values: { base?: string | undefined; json?: boolean | undefined; help?: boolean | undefined };
  try {
    ({ values } = parseArgs({ options: { base: { type: "string" }, json: { type: "boolean" }, help: { type: "boolean" } }, allowPositionals: false }));
  } catch (error) {
    console.error(`${(error as Error).message}\n\n${USAGE}`);
    return 2;
  }
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  const options = { rootDir, ...(values.base !== undefined && { base: values.base }) };
  try {
    if (values.json) console.log(JSON.stringify(await diffSpecs(options), null, 2));
    else console.log(formatReport(await diffSpecsDetailed(options)));
    return 0;
  } catch (error) {
    if (!(error instanceof SpecInputError)) throw error;
    for (const line of error.problems) console.error(line);
    console.error(error.message);
    return 1;
  }
}

process.exitCode = await main().catch((error: unknown) => {
  console.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
  return 1;
});

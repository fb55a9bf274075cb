// `npm run spec:diff -- [--base <file or git ref>] [--json]`: classifies every change between a base
// spec (default: the last release's, spec/released/openapi.yaml) and the working spec.
// Exit 0 when the diff ran (whatever it found), 1 on bad input, 2 on a usage error, 3 on an internal error.
import { fileURLToPath } from "node:url";
import { EXIT, runCommand } from "./pipeline/lifecycle.js";
import { formatReport } from "./spec-diff/format.js";
import { DEFAULT_BASE, diffSpecs, diffSpecsDetailed, SpecInputError } from "./spec-diff/index.js";

const rootDir = fileURLToPath(new URL("..", import.meta.url));

await runCommand({
  name: "npm run spec:diff",
  summary: "Classify every change between a base spec and spec/openapi.yaml: breaking, non-breaking or docs-only, and the bump.",
  flags: {
    base: { type: "string", description: `a spec file, or a git ref whose spec/openapi.yaml is taken (default: ${DEFAULT_BASE}, the last release's)` },
    json: { type: "boolean", description: 'print one JSON object: { "bump", "changes": [{ "pointer", "line", "side", "classification", "reason" }] }' },
  },
  async run({ base, json }) {
    const options = { rootDir, ...(base !== undefined && { base }) };
    try {
      if (json) console.log(JSON.stringify(await diffSpecs(options), null, 2));
      else console.log(formatReport(await diffSpecsDetailed(options)));
      return EXIT.ok;
    } catch (error) {
      if (!(error instanceof SpecInputError)) throw error; // a bug or a broken engine: exit 3 with the stack
      for (const line of error.problems) console.error(line);
      console.error(error.message);
      return EXIT.problems;
    }
  },
});

// `npm run lint:spec`: the pipeline's lint step alone (redocly.yaml rules on spec/openapi.yaml).
// Warnings fail too: the spec is kept at 0 errors, 0 warnings.
import { fileURLToPath } from "node:url";
import * as path from "node:path";
import { EXIT, runCommand } from "./pipeline/lifecycle.js";
import { lintSpec } from "./pipeline/lint.js";
import { summarizeProblems } from "./pipeline/problems.js";
import { printProblems } from "./pipeline/report.js";

const rootDir = fileURLToPath(new URL("..", import.meta.url));

await runCommand({
  name: "npm run lint:spec",
  summary: "Lint spec/openapi.yaml with redocly.yaml's rules (0 errors, 0 warnings expected).",
  flags: {},
  async run() {
    const started = performance.now();
    const { problems } = await lintSpec({
      rootDir,
      specPath: path.join(rootDir, "spec", "openapi.yaml"),
      configPath: path.join(rootDir, "redocly.yaml"),
    });
    const ms = Math.round(performance.now() - started);
    if (problems.length === 0) {
      console.log(`${summarizeProblems(problems)} (${ms} ms)`);
      return EXIT.ok;
    }
    printProblems(problems, `spec/openapi.yaml fails lint (${ms} ms)`);
    return EXIT.problems;
  },
});

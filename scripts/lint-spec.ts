// `npm run lint:spec`: the pipeline's lint step alone (redocly.yaml rules on spec/openapi.yaml).
// Warnings fail too: the spec is kept at 0 errors, 0 warnings.
import { fileURLToPath } from "node:url";
import * as path from "node:path";
import { lintSpec } from "./pipeline/lint.js";
import { formatProblem, summarizeProblems } from "./pipeline/problems.js";

const rootDir = fileURLToPath(new URL("..", import.meta.url));
const started = performance.now();
const { problems } = await lintSpec({
  rootDir,
  specPath: path.join(rootDir, "spec", "openapi.yaml"),
  configPath: path.join(rootDir, "redocly.yaml"),
});
for (const problem of problems) console.error(formatProblem(problem));
const summary = `${summarizeProblems(problems)} (${Math.round(performance.now() - started)} ms)`;
if (problems.length > 0) console.error(summary);
else console.log(summary);
process.exitCode = problems.length > 0 ? 1 : 0;

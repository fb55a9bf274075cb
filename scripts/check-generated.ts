// `npm run check:generated`: regenerate in memory (the same code path as `npm run generate`,
// formatting included) and compare bytes with generated/. Fails on stale, missing or extra files.
import { fileURLToPath } from "node:url";
import { runPipeline } from "./pipeline/index.js";
import { printDrift, printGenerate } from "./pipeline/report.js";
import { hasDrift } from "./pipeline/write.js";

const rootDir = fileURLToPath(new URL("..", import.meta.url));
const startupMs = performance.now();
const result = await runPipeline({ rootDir, write: false });

if (!result.ok || !result.drift) {
  printGenerate(result, "generated", startupMs);
  process.exitCode = 1;
} else if (hasDrift(result.drift)) {
  printDrift(result.drift, "generated");
  process.exitCode = 1;
} else {
  const ms = Math.round(startupMs + result.totalMs);
  console.log(`generated/ is up to date (${result.files.size} files checked in ${ms} ms)`);
}

// `npm run check:generated`: regenerate in memory (the same code path as `npm run generate`,
// formatting included) and compare bytes with generated/. Fails on stale, missing or extra files.
import { fileURLToPath } from "node:url";
import { runPipeline } from "./pipeline/index.js";
import { EXIT, runCommand } from "./pipeline/lifecycle.js";
import { exitCodeOf, printDrift, printGenerate } from "./pipeline/report.js";
import { hasDrift } from "./pipeline/write.js";

const rootDir = fileURLToPath(new URL("..", import.meta.url));
const startupMs = performance.now();

await runCommand({
  name: "npm run check:generated",
  summary: "Regenerate in memory and compare with generated/: fails on stale, missing or extra files.",
  flags: {},
  async run() {
    const result = await runPipeline({ rootDir, write: false });
    if (!result.ok) {
      printGenerate(result, "generated", startupMs);
      return exitCodeOf(result);
    }
    if (result.drift && hasDrift(result.drift)) {
      printDrift(result.drift, "generated");
      return EXIT.problems;
    }
    const ms = Math.round(startupMs + result.totalMs);
    console.log(`generated/ is up to date (${result.files.size} files checked in ${ms} ms)`);
    return EXIT.ok;
  },
});

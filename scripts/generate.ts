// `npm run generate`: spec/openapi.yaml → generated/ (lint, bundle, types, aliases, metadata,
// bundled JSON, README), then the published docs (dist/docs), in this one process.
// `npm run generate -- --watch` keeps regenerating generated/; `-- --no-docs` skips the docs.
import { fileURLToPath } from "node:url";
import { runPipeline } from "./pipeline/index.js";
import { printGenerate } from "./pipeline/report.js";
import { startWatch } from "./pipeline/watch.js";

const rootDir = fileURLToPath(new URL("..", import.meta.url));
// performance.now() counts from process start: Node boot, library preload and tsx so far.
const startupMs = performance.now();

if (process.argv.includes("--watch")) {
  let first = true;
  const watcher = startWatch({
    rootDir,
    onResult: (result) => {
      printGenerate(result, "generated", first ? startupMs : undefined);
      first = false;
      console.log("watching spec/ and redocly.yaml (Ctrl-C to stop)");
    },
  });
  const stop = () => {
    void watcher.close().then(() => process.exit(0));
  };
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
} else {
  // The docs (dist/docs) are rebuilt too, unless --no-docs; watch mode leaves them to `npm run docs`.
  const result = await runPipeline({ rootDir, docs: !process.argv.includes("--no-docs") });
  printGenerate(result, "generated", startupMs);
  process.exitCode = result.ok ? 0 : 1;
}

// `npm run generate`: spec/openapi.yaml → generated/ (lint, bundle, types, aliases, metadata,
// bundled JSON, README), then the published docs (dist/docs), in this one process.
// `npm run generate -- --watch` keeps regenerating generated/; `-- --no-docs` skips the docs.
import { fileURLToPath } from "node:url";
import { runPipeline } from "./pipeline/index.js";
import { EXIT, runCommand } from "./pipeline/lifecycle.js";
import { exitCodeOf, printGenerate } from "./pipeline/report.js";
import { startWatch } from "./pipeline/watch.js";

const rootDir = fileURLToPath(new URL("..", import.meta.url));
// performance.now() counts from process start: Node boot, library preload and the launcher so far.
const startupMs = performance.now();

await runCommand({
  name: "npm run generate",
  summary: "Lint spec/openapi.yaml, regenerate generated/ (written only if every step succeeds), then the docs in dist/docs/.",
  flags: {
    watch: { type: "boolean", description: "regenerate generated/ on every save in spec/ or redocly.yaml until Ctrl-C (no docs: `npm run docs`)" },
    "no-docs": { type: "boolean", description: "skip the docs" },
  },
  async run(flags, { untilStopped }) {
    if (!flags.watch) {
      const result = await runPipeline({ rootDir, docs: !flags["no-docs"] });
      printGenerate(result, "generated", startupMs);
      return exitCodeOf(result);
    }
    let first = true;
    // The watcher registers itself with the lifecycle, which closes it when we return.
    startWatch({
      rootDir,
      onResult: (result) => {
        printGenerate(result, "generated", first ? startupMs : undefined);
        first = false;
        console.log("watching spec/ and redocly.yaml (Ctrl-C to stop)");
      },
    });
    await untilStopped();
    return EXIT.ok;
  },
});

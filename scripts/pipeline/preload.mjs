// Startup optimization for the CLI entries, nothing else: the npm scripts run
//   node --import ./scripts/pipeline/preload.mjs --import tsx/esm scripts/<entry>.ts
// so the heavy libraries load BEFORE tsx registers its loader hooks. Once those hooks exist,
// every module Node loads (openapi-core alone is ~400 ESM files) makes a round trip to tsx's
// hook thread: about 0.5 s of CPU on a cold run. Plain JavaScript because tsx is not active yet.
// scripts/pipeline/deps.ts later gets the same instances from Node's module caches; without
// this file (tests, other callers) it simply loads them itself.
import { createRequire } from "node:module";

process.env.REDOCLY_TELEMETRY ??= "off";
const require = createRequire(import.meta.url);

require("@redocly/openapi-core");
if (process.env.PIPELINE_PRELOAD !== "lint") {
  require("openapi-typescript");
  // The parsers generated/ needs (prettier picks them by file name): ts, json, markdown.
  await Promise.all(
    ["prettier", "prettier/plugins/estree", "prettier/plugins/typescript", "prettier/plugins/babel", "prettier/plugins/markdown"].map(
      (name) => import(name),
    ),
  );
}

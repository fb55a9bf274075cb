// Worker thread for the pipeline's two CPU-heavy library steps: openapi-typescript (types) and
// prettier (format). Started by codegen-client.ts at the beginning of a run, so loading these
// libraries (~0.6 s for TypeScript's compiler, ~0.35 s for prettier, measured cold on the 2-core
// machine) overlaps with the main thread loading @redocly/openapi-core and linting (~1 s).
// Plain JavaScript: it runs without a TypeScript loader (under tsx, vitest or a compiled entry alike).
// Protocol: { id, kind: "types", doc, options } → { id, text } (the AST printed, no header);
//           { id, kind: "format", raw: Map, outDir } → { id, files: Map }; failures → { id, error }.
//           The first reply also carries `warning` when a dependency's fast path was unavailable.
import { createRequire } from "node:module";
import * as path from "node:path";
import { parentPort } from "node:worker_threads";
import { memoKey, recall, remember, saveMemo } from "./format-memo.mjs";
import { loadSchemaTypes } from "./openapi-ts-adapter.mjs";
import { loadTypeScript, saveTypeScriptCache } from "./ts-code-cache.mjs";

process.env.REDOCLY_TELEMETRY ??= "off";
const require = createRequire(import.meta.url);

// TypeScript itself first, through a V8 code cache (ts-code-cache.mjs); then openapi-typescript,
// fast or public (openapi-ts-adapter.mjs). The warning, if any, goes with the first types reply.
loadTypeScript(require);
const { schemaTypes, warning } = loadSchemaTypes(require);
let pendingWarning = warning;
// Prettier's core (resolveConfig) is cheap; its parser plugins load on first use and its first
// format of each language runs cold code (generated/ formats in ~400 ms cold vs ~200 ms warm).
// Loading them and formatting tiny samples now, while the main thread still lints, takes that
// off the critical path when an output did change (format-memo.mjs covers the unchanged ones).
// Measured against loading them only on a memo miss: +50 ms on an unchanged spec, −150-300 ms
// after a spec edit (the run that matters while editing).
const prettierCore = import("prettier");
const prettierWarm = warmUpPrettier();

async function warmUpPrettier() {
  const [prettier] = await Promise.all(
    ["prettier", "prettier/plugins/estree", "prettier/plugins/typescript", "prettier/plugins/babel", "prettier/plugins/markdown"].map(
      (name) => import(name),
    ),
  );
  const samples = {
    typescript: 'export interface A {\n  /** @description B. */\n  b?: components["schemas"]["C"][] | null;\n}\nexport type D = NonNullable<E["f"]>;\n',
    json: '{ "a": { "b": [1, "c", true, null] } }',
    markdown: "<!-- a -->\n\n# A\n\n| A | B |\n| --- | --- |\n| `c` | d |\n",
  };
  await Promise.all(Object.entries(samples).map(([parser, text]) => prettier.format(text, { parser })));
  return prettier;
}

async function formatOutputs(raw, outDir) {
  const prettier = await prettierCore;
  let changed = false;
  const entries = await Promise.all(
    [...raw].map(async ([name, text]) => {
      const filepath = path.join(outDir, name);
      // The repo's prettier config and .editorconfig, as the prettier CLI reads them.
      const config = (await prettier.resolveConfig(filepath, { editorconfig: true })) ?? {};
      const key = memoKey(prettier.version, config, filepath, text);
      const hit = recall(key);
      if (hit !== undefined) return [name, hit];
      // `filepath` picks the parser (.d.ts/.ts → typescript, .json → json, .md → markdown).
      const formatted = await (await prettierWarm).format(text, { ...config, filepath });
      remember(key, formatted);
      changed = true;
      return [name, formatted];
    }),
  );
  if (changed) saveMemo();
  return new Map(entries);
}

parentPort.on("message", async ({ id, kind, ...request }) => {
  const warning = pendingWarning; // with the first reply, whatever it is
  pendingWarning = undefined;
  try {
    if (kind === "types") {
      parentPort.postMessage({ id, text: await schemaTypes(request.doc, request.options), warning });
      saveTypeScriptCache();
    }
    else parentPort.postMessage({ id, files: await formatOutputs(request.raw, request.outDir), warning });
  } catch (error) {
    parentPort.postMessage({ id, error: { message: error?.message ?? String(error), stack: error?.stack }, warning });
  }
});

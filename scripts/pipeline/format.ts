// Step 9: prettier on every output, with the repo's prettier config (and .editorconfig, as the
// prettier CLI does), so `prettier --check` and our drift check agree on the same bytes.
// Runs in the codegen worker (codegen-worker.mjs), where prettier is already loaded; the worker
// also skips outputs whose unformatted text did not change since the last run (watch mode).
import { formatInWorker } from "./codegen-client.js";

/**
 * Outputs prettier leaves alone (also in .prettierignore): ajv's compiled validators are machine
 * code, laid out one statement per line by their emitter; prettier would take 1-3 s on them.
 */
export const UNFORMATTED_OUTPUTS: ReadonlySet<string> = new Set(["validators.ts"]);

export async function formatOutputs(raw: ReadonlyMap<string, string>, outDir: string): Promise<Map<string, string>> {
  const formatted = await formatInWorker(new Map([...raw].filter(([name]) => !UNFORMATTED_OUTPUTS.has(name))), outDir);
  return new Map([...raw].map(([name, text]) => [name, formatted.get(name) ?? text]));
}

// Step 9: prettier on every output, with the repo's prettier config (and .editorconfig, as the
// prettier CLI does), so `prettier --check` and our drift check agree on the same bytes.
// Runs in the codegen worker (codegen-worker.mjs), where prettier is already loaded; the worker
// also skips outputs whose unformatted text did not change since the last run (watch mode).
import { formatInWorker } from "./codegen-client.js";

export function formatOutputs(raw: ReadonlyMap<string, string>, outDir: string): Promise<Map<string, string>> {
  return formatInWorker(raw, outDir);
}

// Step 9: prettier on every output, with the repo's prettier config (and .editorconfig, as the
// prettier CLI does), so `prettier --check` and our drift check agree on the same bytes.
import * as path from "node:path";
import { loadPrettier } from "./deps.js";

// Watch mode: an output whose unformatted text did not change is not formatted again.
const memo = new Map<string, { key: string; formatted: string }>();

export async function formatOutputs(raw: ReadonlyMap<string, string>, outDir: string): Promise<Map<string, string>> {
  const prettier = await loadPrettier();
  const entries = await Promise.all(
    [...raw].map(async ([name, text]): Promise<[string, string]> => {
      const filepath = path.join(outDir, name);
      const config = (await prettier.resolveConfig(filepath, { editorconfig: true })) ?? {};
      const key = JSON.stringify(config) + text;
      const hit = memo.get(filepath);
      if (hit?.key === key) return [name, hit.formatted];
      // `filepath` picks the parser (.d.ts/.ts → typescript, .json → json, .md → markdown).
      const formatted = await prettier.format(text, { ...config, filepath });
      memo.set(filepath, { key, formatted });
      return [name, formatted];
    }),
  );
  return new Map(entries);
}

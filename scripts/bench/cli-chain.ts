// The alternative to `npm run generate`: the same steps as a chain of the tools' own CLIs, each a fresh
// process, as a user would script them. Works on a temp copy of the spec and config, never on generated/.
import { copyFileSync, mkdirSync } from "node:fs";
import path from "node:path";
import { binPath, repoRoot, runTimed } from "./processes.js";

export interface ChainTimings {
  lint: number;
  bundle: number;
  types: number;
  format: number;
  total: number;
}

/** Copies spec/openapi.yaml and redocly.yaml into `workDir`, so every CLI sees the project's rules and nothing else. */
export function prepareChainDir(workDir: string): void {
  mkdirSync(path.join(workDir, "out"), { recursive: true });
  copyFileSync(path.join(repoRoot, "spec/openapi.yaml"), path.join(workDir, "openapi.yaml"));
  copyFileSync(path.join(repoRoot, "redocly.yaml"), path.join(workDir, "redocly.yaml"));
}

/** redocly lint → redocly bundle → openapi-typescript → prettier --write, in `workDir` (see prepareChainDir). */
export async function runCliChain(workDir: string): Promise<ChainTimings> {
  const options = { cwd: workDir };
  const lint = await runTimed(binPath("redocly"), ["lint", "openapi.yaml"], options);
  const bundle = await runTimed(binPath("redocly"), ["bundle", "openapi.yaml", "-o", "out/openapi.json"], options);
  const types = await runTimed(binPath("openapi-typescript"), ["out/openapi.json", "-o", "out/schema.d.ts"], options);
  const format = await runTimed(binPath("prettier"), ["--write", "out/openapi.json", "out/schema.d.ts"], options);
  return { lint, bundle, types, format, total: lint + bundle + types + format };
}

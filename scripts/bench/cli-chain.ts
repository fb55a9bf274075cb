// The alternative to `npm run generate`: the same steps as a chain of the tools' own CLIs, each a fresh
// process, as a user would script them. Works on a temp copy of the spec and config, never on generated/.
import { copyFileSync, mkdirSync } from "node:fs";
import path from "node:path";
import { binPath, repoRoot, runTimed } from "./processes.js";

export const CHAIN_STEPS = ["lint", "bundle", "types", "format", "docs"] as const;
export type ChainStep = (typeof CHAIN_STEPS)[number];
/** ms per step run, and `total`. */
export type ChainTimings = Partial<Record<ChainStep, number>> & { total: number };

/** Copies spec/openapi.yaml and redocly.yaml into `workDir`, so every CLI sees the project's rules and nothing else. */
export function prepareChainDir(workDir: string): void {
  mkdirSync(path.join(workDir, "out"), { recursive: true });
  copyFileSync(path.join(repoRoot, "spec/openapi.yaml"), path.join(workDir, "openapi.yaml"));
  copyFileSync(path.join(repoRoot, "redocly.yaml"), path.join(workDir, "redocly.yaml"));
}

const commands: Record<ChainStep, [bin: string, args: string[]]> = {
  lint: ["redocly", ["lint", "openapi.yaml"]],
  bundle: ["redocly", ["bundle", "openapi.yaml", "-o", "out/openapi.json"]],
  types: ["openapi-typescript", ["out/openapi.json", "-o", "out/schema.d.ts"]],
  format: ["prettier", ["--write", "out/openapi.json", "out/schema.d.ts"]],
  // Only when `npm run generate` renders docs too, so both sides do the same work.
  docs: ["redocly", ["build-docs", "openapi.yaml", "--inlineBundle", "-o", "out/docs/index.html"]],
};

/** redocly lint → redocly bundle → openapi-typescript → prettier --write (→ redocly build-docs), in `workDir`. */
export async function runCliChain(workDir: string, withDocs: boolean): Promise<ChainTimings> {
  const timings: ChainTimings = { total: 0 };
  for (const step of CHAIN_STEPS) {
    if (step === "docs" && !withDocs) continue;
    const [bin, args] = commands[step];
    const { ms } = await runTimed(binPath(bin), args, { cwd: workDir });
    timings[step] = ms;
    timings.total += ms;
  }
  return timings;
}

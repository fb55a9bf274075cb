// `diffSpecs({ base, head })`: every change between two specs, classified for this SDK's callers.
// The engine (Redocly `diff`, a child process) runs while both specs load through the pipeline's
// loader; a spec that does not load ends the engine at once. Used by `npm run spec:diff` and `npm run release`.
import * as fs from "node:fs/promises";
import * as os from "node:os";
import * as path from "node:path";
import { describe } from "./describe.js";
import { fromEngine, type Delta } from "./delta.js";
import { runDiffEngine, type EngineChange } from "./engine.js";
import { lineOf } from "./lines.js";
import { loadForDiff, type LoadedSpec } from "./load.js";
import { classify } from "./rules.js";
import { resolveSource, type SpecSource } from "./sources.js";
import { unreportedChanges } from "./structural.js";
import { subjectOf } from "./subject.js";
import type { Bump, Classification, LocatedChange, SpecChange, SpecDiffReport } from "./types.js";

export interface DiffOptions {
  /** A spec file (relative to rootDir) or a git ref (its spec/openapi.yaml). Default: the last release's spec. */
  base?: string;
  /** Same forms as `base`. Default: the working spec. */
  head?: string;
  /** The project root: relative paths, git refs and redocly.yaml are taken from it. Default: cwd. */
  rootDir?: string;
}

export const DEFAULT_BASE = "spec/released/openapi.yaml";
export const DEFAULT_HEAD = "spec/openapi.yaml";

export interface DetailedReport extends SpecDiffReport {
  changes: LocatedChange[];
  /** How the two specs are named in messages. */
  base: string;
  head: string;
}

export async function diffSpecs(options: DiffOptions = {}): Promise<SpecDiffReport> {
  const { bump, changes } = await diffSpecsDetailed(options);
  return { bump, changes: changes.map(({ pointer, line, side, classification, reason }): SpecChange => ({ pointer, line, side, classification, reason })) };
}

export async function diffSpecsDetailed(options: DiffOptions = {}): Promise<DetailedReport> {
  const rootDir = path.resolve(options.rootDir ?? process.cwd());
  let scratch: Promise<string> | undefined;
  const scratchDir = () => (scratch ??= fs.mkdtemp(path.join(os.tmpdir(), "spec-diff-")));
  const stopEngine = new AbortController();
  let engine: Promise<EngineChange[]> | undefined;
  try {
    const base = await resolveSource(options.base ?? DEFAULT_BASE, rootDir, scratchDir);
    const head = await resolveSource(options.head ?? DEFAULT_HEAD, rootDir, scratchDir);
    engine = runDiffEngine(base.path, head.path, stopEngine.signal);
    engine.catch(() => undefined); // awaited below; a load failure first must not leave it unhandled
    const loaded = await loadBoth(base, head, rootDir);
    const changes = classifyAll(fromEngine(await engine), loaded);
    return { bump: bumpOf(changes), changes, base: base.name, head: head.name };
  } finally {
    // On every path: the engine's process has ended and the temp copy of a git ref's spec is gone.
    stopEngine.abort();
    await engine?.catch(() => undefined);
    if (scratch) await fs.rm(await scratch, { recursive: true, force: true });
  }
}

async function loadBoth(base: SpecSource, head: SpecSource, rootDir: string): Promise<{ base: LoadedSpec; head: LoadedSpec }> {
  // One after the other: the second reuses the first's parsed redocly.yaml.
  const headSpec = await loadForDiff(head, rootDir);
  return { base: await loadForDiff(base, rootDir), head: headSpec };
}

function classifyAll(reported: Delta[], specs: { base: LoadedSpec; head: LoadedSpec }): LocatedChange[] {
  const deltas = [...reported, ...unreportedChanges(specs.base, specs.head, reported)];
  const bundled = { base: specs.base.bundled, head: specs.head.bundled };
  const changes = deltas.map((delta): LocatedChange => {
    const { classification } = classify(delta);
    const reason = describe(delta, subjectOf(delta, bundled), classification);
    const line = lineOf(specs[delta.lineIn].document, delta.pointer);
    return { pointer: delta.pointer, line, side: delta.side, classification, reason, lineIn: delta.lineIn };
  });
  return changes.sort((a, b) => RANK[a.classification] - RANK[b.classification] || a.line - b.line || a.pointer.localeCompare(b.pointer));
}

const RANK: Record<Classification, number> = { breaking: 0, "non-breaking": 1, "docs-only": 2 };

/** major: something breaks for someone; minor: additions; patch: docs only; none: no change. */
export function bumpOf(changes: readonly SpecChange[]): Bump {
  if (changes.some((c) => c.classification === "breaking")) return "major";
  if (changes.some((c) => c.classification === "non-breaking")) return "minor";
  return changes.length > 0 ? "patch" : "none";
}

export { SpecInputError } from "./types.js";
export type { Bump, Classification, Side, SpecChange, SpecDiffReport } from "./types.js";

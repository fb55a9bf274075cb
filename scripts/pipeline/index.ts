// The codegen pipeline as one function: lint → bundle → emit → format → (write). Every output is
// built in memory first; nothing in outDir changes unless every step succeeded.
// Entry points: scripts/generate.ts (write, or --watch), scripts/check-generated.ts (no write),
// scripts/lint-spec.ts (lint only). Tests call runPipeline on fixture specs in temp dirs.
import * as path from "node:path";
import { bundleSpec } from "./bundle.js";
import { startCodegen } from "./codegen-client.js";
import { docsStep } from "./docs-hook.js";
import { emitAliases } from "./emit-aliases.js";
import { emitMetadata } from "./emit-metadata.js";
import { emitReadme, type OutputDescription } from "./emit-readme.js";
import { emitResponses } from "./emit-responses.js";
import { emitSchemaTypes } from "./emit-types.js";
import { emitValidators } from "./emit-validators.js";
import { formatOutputs } from "./format.js";
import { tsHeader } from "./header.js";
import { lintSpec } from "./lint.js";
import { fromError, type Problem } from "./problems.js";
import { compareOutputs, writeOutputs, type Drift } from "./write.js";

export interface PipelineOptions {
  /** Paths below are relative to it; problems and headers name files relative to it. Default: cwd. */
  rootDir?: string;
  specPath?: string;
  configPath?: string;
  outDir?: string;
  /** false: build and compare in memory only (check:generated). Default true. */
  write?: boolean;
  /** Also build the published docs (dist/docs) after a successful write. Default false. */
  docs?: boolean;
}

export interface Timing {
  step: string;
  ms: number;
}

export interface PipelineResult {
  ok: boolean;
  /** Output name (relative to outDir) → formatted content; empty when a step before the write failed. */
  files: Map<string, string>;
  problems: Problem[];
  timings: Timing[];
  totalMs: number;
  /**
   * Outputs vs outDir before this run (what `write` changed, or what check reports). Set on a failed
   * run too when the failure came after the write (the docs step): outDir was written then.
   */
  drift?: Drift;
  /** An unexpected exception (not a lint finding), kept for its stack trace. */
  error?: unknown;
}

export const OUTPUTS: readonly OutputDescription[] = [
  { name: "schema.d.ts", description: "TypeScript types of every path, operation and component schema (openapi-typescript)." },
  { name: "types.ts", description: "Friendly type aliases: one per component schema, plus `<Operation>Query` and `<Operation>Response`. Type-only." },
  { name: "metadata.ts", description: "Runtime constants from the spec: API info, security schemes, operations (method, path, query parameter constraints, statuses) and enum values." },
  { name: "responses.ts", description: "The spec's named examples per operation and status, and the fields of listed items (for the sandbox; not imported by the SDK)." },
  { name: "validators.ts", description: "JSON Schema validators of every component schema and JSON response, compiled by ajv ahead of time: no run-time dependency." },
  { name: "openapi.json", description: "The bundled spec as JSON (contract tests, docs). No header: JSON has no comments." },
  { name: "README.md", description: "This file." },
];

export async function runPipeline(options: PipelineOptions = {}): Promise<PipelineResult> {
  const rootDir = path.resolve(options.rootDir ?? process.cwd());
  const specPath = path.resolve(rootDir, options.specPath ?? "spec/openapi.yaml");
  const configPath = path.resolve(rootDir, options.configPath ?? "redocly.yaml");
  const outDir = path.resolve(rootDir, options.outDir ?? "generated");
  const specFile = path.relative(rootDir, specPath).split(path.sep).join("/");

  const started = performance.now();
  const timings: Timing[] = [];
  const timed = async <T>(step: string, fn: () => T | Promise<T>): Promise<T> => {
    const t0 = performance.now();
    try {
      return await fn();
    } finally {
      timings.push({ step, ms: performance.now() - t0 });
    }
  };
  const result = (rest: Partial<PipelineResult> & { problems: Problem[] }): PipelineResult => ({
    ok: rest.problems.length === 0 && rest.error === undefined,
    files: new Map(),
    timings,
    totalMs: performance.now() - started,
    ...rest,
  });

  let step = "lint";
  let written: Pick<PipelineResult, "files" | "drift"> | undefined;
  try {
    // First: the worker loads openapi-typescript and prettier while this thread lints.
    startCodegen();
    // We want 0 errors and 0 warnings: any problem stops the run before anything is written.
    const linted = await timed("lint", () => lintSpec({ specPath, configPath, rootDir }));
    if (linted.problems.length > 0 || !linted.loaded) return result({ problems: linted.problems });

    step = "bundle";
    const { loaded } = linted;
    const bundled = await timed("bundle", () => bundleSpec(loaded, rootDir));
    if (bundled.problems.length > 0 || !bundled.doc) return result({ problems: bundled.problems });
    const doc = bundled.doc;

    step = "types";
    const header = tsHeader(specFile);
    const schemaTypes = await timed("types", () => emitSchemaTypes(doc, header));

    step = "emit";
    const raw = await timed("emit", () => {
      const contents: Record<string, string> = {
        "schema.d.ts": schemaTypes,
        "types.ts": emitAliases(doc, header),
        "metadata.ts": emitMetadata(doc, header),
        "responses.ts": emitResponses(doc, header),
        "validators.ts": emitValidators(doc, header),
        "openapi.json": JSON.stringify(doc, null, 2),
        "README.md": emitReadme(specFile, OUTPUTS),
      };
      return new Map(OUTPUTS.map(({ name }) => [name, contents[name]!]));
    });

    step = "format";
    const files = await timed("format", () => formatOutputs(raw, outDir));

    step = "write";
    const write = options.write ?? true;
    const drift = await timed(write ? "write" : "compare", () =>
      write ? writeOutputs(outDir, files) : compareOutputs(outDir, files),
    );

    written = { files, drift };

    if (write && options.docs) {
      step = "docs";
      await timed("docs", () => docsStep({ specPath, configPath, rootDir, doc }));
    }
    return result({ problems: [], ...written });
  } catch (error) {
    return result({ problems: [fromError(error, rootDir, step)], error, ...written });
  }
}

export type { Problem } from "./problems.js";
export type { Drift } from "./write.js";
export { formatProblem, summarizeProblems } from "./problems.js";
export { lintSpec } from "./lint.js";

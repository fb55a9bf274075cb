// Both sides of a diff go through the pipeline's own loader and bundler (scripts/pipeline), the way
// `npm run generate` reads the spec, minus the lint: a base spec only has to parse and resolve.
import * as path from "node:path";
import type { Document } from "@redocly/openapi-core";
import { bundleSpec } from "../pipeline/bundle.js";
import { loadSpec } from "../pipeline/lint.js";
import { formatProblem, fromError, type Problem } from "../pipeline/problems.js";
import type { JsonObject } from "../pipeline/spec.js";
import type { SpecSource } from "./sources.js";
import { SpecInputError } from "./types.js";

export interface LoadedSpec {
  source: SpecSource;
  /** The parsed file as written (its text and YAML tree give line numbers). */
  document: Document;
  /** The bundled spec, as generate emits it: every `$ref` resolvable within it. */
  bundled: JsonObject;
}

export async function loadForDiff(source: SpecSource, rootDir: string): Promise<LoadedSpec> {
  const input = { rootDir, specPath: source.path, configPath: path.join(rootDir, "redocly.yaml") };
  const read = await loadSpec(input);
  if (!read.loaded) throw inputError(source, read.problems, rootDir);
  // Bundling throws on a document that is no OpenAPI at all ("Unsupported specification").
  const bundled = await bundleSpec(read.loaded, rootDir).catch((error: unknown) => ({ problems: [fromError(error, rootDir, "spec")], doc: undefined }));
  if (!bundled.doc || bundled.problems.some((p) => p.severity === "error")) throw inputError(source, bundled.problems, rootDir);
  // The engine's rules are for OpenAPI 3.x; it refuses to compare a Swagger 2.0 file with one.
  const version = bundled.doc.openapi ?? bundled.doc.swagger;
  if (typeof bundled.doc.openapi !== "string" || !bundled.doc.openapi.startsWith("3.")) {
    throw new SpecInputError(`${source.name} is not an OpenAPI 3 spec (${JSON.stringify(version ?? null)}): spec:diff compares OpenAPI 3.x specs.`);
  }
  return { source, document: read.loaded.document, bundled: bundled.doc };
}

/** Problems name the file as the user knows it (a git ref's temp copy as `ref:spec/openapi.yaml`). */
function inputError(source: SpecSource, problems: readonly Problem[], rootDir: string): SpecInputError {
  const tempName = path.relative(rootDir, source.path).split(path.sep).join("/");
  const errors = problems.filter((p) => p.severity === "error");
  const lines = errors.map((p) => formatProblem(!p.file || p.file === tempName ? { ...p, file: source.name } : p));
  return new SpecInputError(`${source.name} cannot be read as an OpenAPI spec.`, lines);
}

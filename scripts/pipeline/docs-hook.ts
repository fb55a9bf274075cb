// Hook for the docs step (not implemented here): `scripts/docs.ts` renders the API reference
// with `redocly build-docs`. To run it on every `npm run generate`, set `docsStep` to a function
// calling it; runPipeline times it as "docs" and runs it only after generated/ was written
// successfully (never from check:generated, never on lint failure).
//
// Contract: the step writes OUTSIDE generated/ (e.g. dist/docs/), because every file in
// generated/ must be produced by the in-memory pipeline, or the writer deletes it as stale and
// check:generated reports it as extra.
import type { JsonObject } from "./spec.js";

export interface DocsInput {
  /** Absolute paths. */
  specPath: string;
  configPath: string;
  rootDir: string;
  /** The bundled spec the other outputs were generated from. */
  doc: JsonObject;
}

export type DocsStep = (input: DocsInput) => Promise<void>;

export const docsStep: DocsStep | undefined = undefined;

// The docs step of `npm run generate`: renders dist/docs (scripts/docs.ts) after generated/ was
// written. It writes OUTSIDE generated/: every file there must come from the in-memory pipeline,
// or the writer deletes it as stale and check:generated reports it as extra.
// Loaded lazily: Redocly's docs renderer is heavy, and check:generated and watch never need it.
import * as path from "node:path";
import type { JsonObject } from "./spec.js";

export interface DocsInput {
  /** Absolute paths. */
  specPath: string;
  configPath: string;
  rootDir: string;
  /** The bundled spec the other outputs were generated from. */
  doc: JsonObject;
}

export async function docsStep({ specPath, configPath, rootDir, doc }: DocsInput): Promise<void> {
  const { buildDocs } = await import("../docs.js");
  await buildDocs({ specPath, configPath, outDir: path.join(rootDir, "dist", "docs"), bundled: doc });
}

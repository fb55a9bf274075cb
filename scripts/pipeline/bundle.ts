// Step 2: bundle the linted document into one self-contained spec. External `$ref`s are pulled
// into components; local ones stay, so generated types keep the schema names. Decorators
// configured in redocly.yaml apply here, as they do for `redocly bundle`.
import type { Linted } from "./lint.js";
import { loadCore } from "./deps.js";
import { fromRedocly, type Problem } from "./problems.js";
import { isObject, type JsonObject } from "./spec.js";

export interface Bundled {
  problems: Problem[];
  doc?: JsonObject;
}

export async function bundleSpec(loaded: NonNullable<Linted["loaded"]>, rootDir: string): Promise<Bundled> {
  const { bundle } = loadCore();
  const result = await bundle({
    doc: loaded.document,
    config: loaded.config,
    externalRefResolver: loaded.resolver,
    dereference: false,
  });
  const problems = fromRedocly(result.problems, rootDir);
  const parsed: unknown = result.bundle.parsed;
  if (!isObject(parsed)) return { problems: [...problems, { severity: "error", ruleId: "bundle", message: "The bundled spec is not an object." }] };
  // A plain JSON copy: the emitters and JSON.stringify then never see YAML-specific values.
  return { problems, doc: JSON.parse(JSON.stringify(parsed)) as JsonObject };
}

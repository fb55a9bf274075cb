// openapi-typescript for the codegen worker: its transform directly (fast) or, when that internal is
// gone, its public openapiTS() (slower, same bytes). One adapter so the choice is made in one place.
//
// Fast: the transform modules, not the package's index. The index imports its own nested
// @redocly/openapi-core 1.x (~0.5 s to load) only to lint and bundle the input again, which our
// pipeline has already done with our own config. These subpaths are reachable through the package's
// `"./*"` export but not documented; a release that drops or moves them must not break generation.
// Public: openapiTS(document) + astToString(). It lints and bundles the already bundled document
// again with openapi-core 1.x and a config of its own (`minimal`); given an object, it reads no
// redocly.yaml, so our redocly.yaml (an `apis:` block, our rules) cannot change its result.
// test/pipeline/fallbacks.test.ts forces this path with a fake package layout and compares bytes.
import * as fs from "node:fs";
import * as path from "node:path";

const INTERNALS = ["openapi-typescript/dist/transform/index.cjs", "openapi-typescript/dist/lib/utils.cjs", "openapi-typescript/dist/lib/ts.cjs"];

/**
 * `require`: resolves from the project (the worker's own createRequire).
 * Returns `schemaTypes(doc, options)` → the printed types (no header), and `warning`: one line when
 * the public path is used, else undefined.
 */
export function loadSchemaTypes(require) {
  let internals;
  try {
    internals = INTERNALS.map((id) => require(id));
  } catch (error) {
    return publicPath(require, `${INTERNALS[0]} and its siblings cannot be loaded (${error?.code ?? error?.message ?? error})`);
  }
  const [transformSchema, { scanDiscriminators, resolveRef }, { astToString }] = internals;
  if (![transformSchema, scanDiscriminators, resolveRef, astToString].every((fn) => typeof fn === "function")) {
    return publicPath(require, `${INTERNALS.join(", ")} no longer export transformSchema, scanDiscriminators, resolveRef and astToString`);
  }
  return { schemaTypes: (schema, options) => astToString(transformSchema(schema, transformContext(schema, options, { scanDiscriminators, resolveRef }))) };
}

function publicPath(require, reason) {
  const { default: openapiTS, astToString } = require("openapi-typescript");
  const warning = `warning: openapi-typescript ${versionOf(require)}: ${reason}; generating types with its slower public openapiTS() instead.`;
  return { schemaTypes: async (schema, options) => astToString(await openapiTS(schema, options)), warning };
}

function versionOf(require) {
  try {
    const main = require.resolve("openapi-typescript");
    return JSON.parse(fs.readFileSync(path.join(path.dirname(main), "..", "package.json"), "utf8")).version;
  } catch {
    return "(version unknown)";
  }
}

/** What openapiTS() builds after validateAndBundle (openapi-typescript 7.13.0, dist/index.mjs). */
function transformContext(schema, options, { scanDiscriminators, resolveRef }) {
  const silent = options.silent ?? false;
  return {
    additionalProperties: options.additionalProperties ?? false,
    alphabetize: options.alphabetize ?? false,
    arrayLength: options.arrayLength ?? false,
    defaultNonNullable: options.defaultNonNullable ?? true,
    discriminators: scanDiscriminators(schema, options),
    emptyObjectsUnknown: options.emptyObjectsUnknown ?? false,
    enum: options.enum ?? false,
    enumValues: options.enumValues ?? false,
    conditionalEnums: options.conditionalEnums ?? false,
    dedupeEnums: options.dedupeEnums ?? false,
    excludeDeprecated: options.excludeDeprecated ?? false,
    exportType: options.exportType ?? false,
    immutable: options.immutable ?? false,
    rootTypes: options.rootTypes ?? false,
    rootTypesNoSchemaPrefix: options.rootTypesNoSchemaPrefix ?? false,
    rootTypesKeepCasing: options.rootTypesKeepCasing ?? false,
    injectFooter: [],
    pathParamsAsTypes: options.pathParamsAsTypes ?? false,
    postTransform: undefined,
    propertiesRequiredByDefault: options.propertiesRequiredByDefault ?? false,
    redoc: undefined, // only read by validateAndBundle, which the fast path skips
    silent,
    inject: options.inject ?? undefined,
    transform: undefined,
    transformProperty: undefined,
    makePathsEnum: options.makePathsEnum ?? false,
    generatePathParams: options.generatePathParams ?? false,
    readWriteMarkers: options.readWriteMarkers ?? false,
    resolve: ($ref) => resolveRef(schema, $ref, { silent }),
  };
}

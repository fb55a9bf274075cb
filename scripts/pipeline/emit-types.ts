// Step 3: TypeScript types for the whole spec (paths, components, operations) with
// openapi-typescript's programmatic API.
//
// Why the bundled object and no `redocly` option: given an object, openapiTS never touches the
// file system, and without `redocly` it builds an in-memory openapi-core 1.x config
// (createConfig, not loadConfig), so it never reads redocly.yaml. Its `redocly` option expects
// a 1.x Config (it reads `.styleguide`); our 2.x Config would crash it. Our own lint already ran.
import type { OpenAPI3, OpenAPITSOptions } from "openapi-typescript";
import { loadOpenapiTS } from "./deps.js";
import type { JsonObject } from "./spec.js";

export const TYPES_OPTIONS = {
  // Types follow the spec's `required` lists exactly: a property with a `default` stays optional
  // in responses, because the server may omit it. Decided on purpose (see TOOLCHAIN.md).
  defaultNonNullable: false,
  // Open objects say so in the spec (`additionalProperties: true`); a bare `type: object` then
  // stays `Record<string, never>` and shows up in review instead of silently accepting anything.
  emptyObjectsUnknown: false,
  alphabetize: false,
  silent: true,
} satisfies OpenAPITSOptions;

export async function emitSchemaTypes(doc: JsonObject, header: string): Promise<string> {
  const { default: openapiTS, astToString } = loadOpenapiTS();
  // openapiTS may tag the object it is given (discriminator scan): give it its own copy.
  const ast = await openapiTS(structuredClone(doc) as unknown as OpenAPI3, TYPES_OPTIONS);
  return `${header}\n${astToString(ast)}`;
}

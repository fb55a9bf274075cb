// Step 3: TypeScript types for the whole spec (paths, components, operations) with
// openapi-typescript, in the codegen worker (codegen-worker.mjs).
//
// The worker runs openapi-typescript's transform on our bundled document directly: openapiTS()
// would first lint and bundle it again with its own nested openapi-core 1.x (a minimal config,
// never redocly.yaml), which our own lint and bundle already did; loading 1.x costs ~0.5 s. If a
// release moves that transform, openapi-ts-adapter.mjs falls back to openapiTS(): same bytes.
import type { OpenAPITSOptions } from "openapi-typescript";
import { typesInWorker } from "./codegen-client.js";
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
  // postMessage copies `doc`: the transform may tag the object it is given (discriminator scan).
  return `${header}\n${await typesInWorker(doc, TYPES_OPTIONS)}`;
}

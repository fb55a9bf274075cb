// Shared helpers for the sandbox tests: a plain fetch client and the spec's schemas as validators.
import { Ajv2020 } from "ajv/dist/2020.js";
import addFormats from "ajv-formats";
import spec from "../../generated/openapi.json" with { type: "json" };
import type { SandboxServer } from "../../src/testing/index.js";

export type Query = Record<string, string | number>;

export function listUrl(server: Pick<SandboxServer, "url">, query: Query = {}, path = "/v2/eval-runs"): string {
  const url = new URL(path, server.url);
  for (const [name, value] of Object.entries(query)) url.searchParams.append(name, String(value));
  return url.href;
}

/** GET the list endpoint with the server's key (or `headers`), as a plain fetch client. */
export async function get(server: SandboxServer, query: Query = {}, init: RequestInit = {}): Promise<{ response: Response; text: string; body: unknown }> {
  const response = await fetch(listUrl(server, query), { headers: { "x-api-key": server.apiKey }, ...init });
  const text = await response.text();
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    body = undefined;
  }
  return { response, text, body };
}

const ajv = new Ajv2020({ strict: false, allErrors: true });
type ValidateFunction = ReturnType<typeof ajv.compile>;
addFormats.default(ajv);
ajv.addSchema({ ...spec, $id: "spec.json" });

/** A validator for `#/components/schemas/<name>` of the bundled spec. */
export function schemaValidator(name: keyof typeof spec.components.schemas): ValidateFunction {
  return ajv.compile({ $ref: `spec.json#/components/schemas/${name}` });
}

export function validationErrors(validate: ValidateFunction): string {
  return ajv.errorsText(validate.errors);
}

export { spec };

// Step 4: friendly type names over schema.d.ts (`EvalRunResult` instead of
// `components["schemas"]["EvalRunResult"]`). Type-only: compiles to an empty JS module.
// Every name is derived from the spec, so a new schema or operation needs no hand edit here.
import { jsDoc } from "./header.js";
import {
  deref,
  isIdentifier,
  isObject,
  listOperations,
  numericStatuses,
  objectAt,
  pascalCase,
  type JsonObject,
} from "./spec.js";

export function emitAliases(doc: JsonObject, header: string): string {
  const names = new NameRegistry(["paths", "components", "operations"]);
  const out: string[] = [
    header,
    'import type { components, operations } from "./schema.js";',
    'export type { paths, components, operations } from "./schema.js";',
    "",
  ];

  for (const [name, schema] of Object.entries(objectAt(objectAt(doc, "components"), "schemas"))) {
    const alias = names.claim(isIdentifier(name) ? name : pascalCase(name), `schema "${name}"`);
    const description = isObject(schema) ? schema.description : undefined;
    out.push(`${jsDoc(description)}export type ${alias} = components["schemas"][${JSON.stringify(name)}];`);
  }

  for (const op of listOperations(doc)) {
    const id = JSON.stringify(op.id);
    const base = pascalCase(op.id);
    // An operation without query parameters gets no Query alias (it would only be `never`).
    if (op.parameters.some((p) => p.in === "query")) {
      const alias = names.claim(`${base}Query`, `query of operation "${op.id}"`);
      out.push(`/** Query parameters of \`${op.id}\`. */`);
      out.push(`export type ${alias} = NonNullable<operations[${id}]["parameters"]["query"]>;`);
    }
    const status = numericStatuses(op.operation).find((code) => code >= 200 && code < 300);
    const response = status === undefined ? {} : deref(doc, objectAt(op.operation, "responses")[String(status)]);
    if (status !== undefined && isObject(objectAt(response, "content")["application/json"])) {
      const alias = names.claim(`${base}Response`, `response of operation "${op.id}"`);
      out.push(`/** The ${status} \`application/json\` body of \`${op.id}\`. */`);
      out.push(
        `export type ${alias} = operations[${id}]["responses"][${status}]["content"]["application/json"];`,
      );
    }
  }
  return `${out.join("\n")}\n`;
}

/** Two spec names mapping to one TypeScript name must fail generation, not shadow each other. */
class NameRegistry {
  private readonly owners = new Map<string, string>();
  constructor(reserved: string[]) {
    for (const name of reserved) this.owners.set(name, "the schema.d.ts re-export");
  }
  claim(name: string, owner: string): string {
    const previous = this.owners.get(name);
    if (previous) throw new Error(`Type alias "${name}" for ${owner} collides with ${previous}: rename one in the spec.`);
    this.owners.set(name, owner);
    return name;
  }
}

// Read-only helpers over the bundled OpenAPI document, shared by the emitters.
// The bundle keeps local `$ref`s (components stay named), so lookups follow them here.

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };

export const HTTP_METHODS = ["get", "put", "post", "delete", "options", "head", "patch", "trace"] as const;

export interface OperationRef {
  id: string;
  method: (typeof HTTP_METHODS)[number];
  path: string;
  operation: JsonObject;
  /** Path-level then operation-level parameters, `$ref`s followed, operation winning on (name, in). */
  parameters: JsonObject[];
}

export function isObject(value: unknown): value is JsonObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

export function objectAt(node: unknown, key: string): JsonObject {
  const value = isObject(node) ? node[key] : undefined;
  return isObject(value) ? value : {};
}

/** Follow `#/...` references (chains too) within the document. */
export function deref(doc: JsonObject, node: unknown): JsonObject {
  let current = node;
  for (let hops = 0; isObject(current) && typeof current.$ref === "string"; hops++) {
    const ref = current.$ref;
    if (!ref.startsWith("#/") || hops > 32) throw new Error(`Cannot follow $ref "${ref}" in the bundled spec.`);
    current = ref
      .slice(2)
      .split("/")
      .map((part) => part.replace(/~1/g, "/").replace(/~0/g, "~"))
      .reduce<unknown>((at, key) => (isObject(at) ? at[key] : undefined), doc);
    if (current === undefined) throw new Error(`$ref "${ref}" points at nothing in the bundled spec.`);
  }
  return isObject(current) ? current : {};
}

/** Every operation, in document order. Lint guarantees operationIds; check anyway. */
export function listOperations(doc: JsonObject): OperationRef[] {
  const operations: OperationRef[] = [];
  for (const [path, rawItem] of Object.entries(objectAt(doc, "paths"))) {
    const item = deref(doc, rawItem);
    for (const method of HTTP_METHODS) {
      if (!isObject(item[method])) continue;
      const operation = item[method];
      const id = operation.operationId;
      if (typeof id !== "string") throw new Error(`${method.toUpperCase()} ${path} has no operationId.`);
      operations.push({ id, method, path, operation, parameters: mergeParameters(doc, item, operation) });
    }
  }
  return operations;
}

function mergeParameters(doc: JsonObject, item: JsonObject, operation: JsonObject): JsonObject[] {
  const byKey = new Map<string, JsonObject>();
  for (const list of [item.parameters, operation.parameters]) {
    for (const raw of Array.isArray(list) ? list : []) {
      const param = deref(doc, raw);
      byKey.set(`${String(param.in)}:${String(param.name)}`, param);
    }
  }
  return [...byKey.values()];
}

/** Status codes of an operation's responses that are plain numbers ("4XX" and "default" are not). */
export function numericStatuses(operation: JsonObject): number[] {
  return Object.keys(objectAt(operation, "responses"))
    .filter((code) => /^\d{3}$/.test(code))
    .map(Number)
    .sort((a, b) => a - b);
}

/** `listEvalRuns` → `ListEvalRuns`, `list-eval_runs` → `ListEvalRuns`. */
export function pascalCase(name: string): string {
  const words = name.split(/[^A-Za-z0-9]+/).filter(Boolean);
  const joined = words.map((w) => w[0]!.toUpperCase() + w.slice(1)).join("");
  return /^[0-9]/.test(joined) ? `_${joined}` : joined;
}

export function isIdentifier(name: string): boolean {
  return /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(name);
}

// Request validation, compiled once per operation from the generated `queryParams` metadata, so
// every constraint (type, minimum, maximum, enum, required) comes from the spec, not from here.
import { RequestValidationError } from "./errors.js";

/** What generated/metadata.ts says about one query parameter. */
export interface QueryParamSpec {
  readonly type: string;
  readonly required: boolean;
  readonly minimum?: number;
  readonly maximum?: number;
  readonly enum?: readonly unknown[];
}

/**
 * Throws `RequestValidationError` for the first parameter that breaks a rule. `extraQuery` holds parameters
 * the spec does not list yet: scalar values only (undefined ones are skipped, as in the typed query), and
 * never a name the spec knows: that belongs in the typed query, where it is checked.
 */
export type QueryValidator = (query: unknown, extraQuery?: unknown) => void;

/** Query parameters the spec does not list yet, for `extraQuery`: scalar values only. */
export type ExtraQuery = Record<string, string | number | boolean>;

interface CompiledParam {
  readonly name: string;
  readonly spec: QueryParamSpec;
  readonly rule: string;
  readonly enumValues: ReadonlySet<unknown> | undefined;
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null && !Array.isArray(value);
const isScalar = (value: unknown): boolean => typeof value === "string" || typeof value === "boolean" || Number.isFinite(value);

export function compileQueryValidator(params: Readonly<Record<string, QueryParamSpec>>): QueryValidator {
  const compiled = new Map<string, CompiledParam>();
  for (const [name, spec] of Object.entries(params)) {
    compiled.set(name, { name, spec, rule: describeRule(spec), enumValues: spec.enum ? new Set(spec.enum) : undefined });
  }
  const required = [...compiled.values()].filter((p) => p.spec.required);
  const known = `one of the known parameters: ${[...compiled.keys()].join(", ")}`;

  return (query, extraQuery) => {
    if (query !== undefined) {
      if (!isObject(query)) throw new RequestValidationError("query", query, "an object of query parameters");
      for (const name in query) {
        const value = query[name];
        const param = compiled.get(name);
        if (!param) throw new RequestValidationError(name, value, known);
        if (value !== undefined && !satisfies(param, value)) throw new RequestValidationError(name, value, param.rule);
      }
    }
    for (const param of required) {
      if ((query as Record<string, unknown> | undefined)?.[param.name] === undefined) {
        throw new RequestValidationError(param.name, undefined, `required; ${param.rule}`);
      }
    }
    if (extraQuery === undefined) return;
    if (!isObject(extraQuery)) throw new RequestValidationError("options.extraQuery", extraQuery, "an object of query parameters");
    for (const name in extraQuery) {
      const value = extraQuery[name];
      const rule = compiled.has(name) ? `a parameter the spec does not list: pass ${name} in the typed query`
        : !name ? "a non-empty name"
        : value === undefined || isScalar(value) ? undefined : "a string, a finite number or a boolean";
      if (rule) throw new RequestValidationError(`options.extraQuery.${name}`, value, rule);
    }
  };
}

function satisfies({ spec, enumValues }: CompiledParam, value: unknown): boolean {
  if (!hasType(spec.type, value)) return false;
  if (enumValues && !enumValues.has(value)) return false;
  if (typeof value === "number") {
    if (spec.minimum !== undefined && value < spec.minimum) return false;
    if (spec.maximum !== undefined && value > spec.maximum) return false;
  }
  return true;
}

function hasType(type: string, value: unknown): boolean {
  switch (type) {
    case "string":
      return typeof value === "string";
    case "integer":
      return Number.isSafeInteger(value);
    case "number":
      return typeof value === "number" && Number.isFinite(value);
    case "boolean":
      return typeof value === "boolean";
    default:
      // A type this validator does not know: let the server judge it.
      return true;
  }
}

/** "an integer >= 1", "a string, one of: a, b", "a number between 0 and 1". */
function describeRule(spec: QueryParamSpec): string {
  const article = /^[aeiou]/.test(spec.type) ? "an" : "a";
  const parts = [`${article} ${spec.type}`];
  if (spec.minimum !== undefined && spec.maximum !== undefined) parts[0] += ` between ${spec.minimum} and ${spec.maximum}`;
  else if (spec.minimum !== undefined) parts[0] += ` >= ${spec.minimum}`;
  else if (spec.maximum !== undefined) parts[0] += ` <= ${spec.maximum}`;
  if (spec.enum) parts.push(`one of: ${spec.enum.map((v) => JSON.stringify(v)).join(", ")}`);
  return parts.join(", ");
}

// Limits of the SDK's own options (not the spec's): setTimeout cannot wait longer than 2^31-1 ms.
const MAX_TIMER_MS = 2_147_483_647;
export const timeoutRule = `a number of milliseconds > 0 and <= ${MAX_TIMER_MS}`;
export const maxRetriesRule = "an integer >= 0";
export const isValidTimeout = (value: unknown): value is number =>
  typeof value === "number" && value > 0 && value <= MAX_TIMER_MS;
export const isValidMaxRetries = (value: unknown): value is number =>
  typeof value === "number" && Number.isSafeInteger(value) && value >= 0;

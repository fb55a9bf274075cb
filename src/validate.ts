// Request validation, compiled once per operation from the generated `queryParams` metadata, so
// every constraint (type, minimum, maximum, enum, required) comes from the spec, not from here;
// and the limits of the SDK's own numeric options, shared by the client and per-request options.
import { RequestValidationError } from "./errors.js";

/** What generated/metadata.ts says about one query parameter. */
export interface QueryParamSpec {
  readonly type: string;
  readonly required: boolean;
  readonly minimum?: number;
  readonly maximum?: number;
  readonly enum?: readonly unknown[];
  /** An array's items (the spec's `items`: the same rules, without `required`). */
  readonly items?: ValueRule;
  /** An array's serialisation: `false` sends `?tag=a,b` instead of `?tag=a&tag=b`. */
  readonly explode?: boolean;
}

/** The rules a value must meet: a parameter's, or an array item's. */
export type ValueRule = Omit<QueryParamSpec, "required">;

/**
 * Throws `RequestValidationError` for the first parameter that breaks a rule. `extraQuery` holds parameters
 * the spec does not list yet: scalar values only (undefined ones are skipped, as in the typed query), and
 * never a name the spec knows: that belongs in the typed query, where it is checked.
 */
export type QueryValidator = (query: unknown, extraQuery?: unknown) => void;

/** Query parameters the spec does not list yet, for `extraQuery`: scalar values only. */
export type ExtraQuery = Record<string, string | number | boolean>;

export const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null && !Array.isArray(value);
const isScalar = (value: unknown): boolean => typeof value === "string" || typeof value === "boolean" || Number.isFinite(value);
const anObject = "an object of query parameters";

export function compileQueryValidator(params: Readonly<Record<string, QueryParamSpec>>): QueryValidator {
  const rules = new Map(Object.entries(params).map(([name, spec]) => [name, { spec, rule: describeRule(spec) }]));
  const known = `one of the known parameters: ${[...rules.keys()].join(", ")}`;
  const required = [...rules].filter(([, param]) => param.spec.required);

  return (query, extraQuery) => {
    if (query !== undefined && !isRecord(query)) throw new RequestValidationError("query", query, anObject);
    for (const name in query) {
      const value = query[name];
      const param = rules.get(name);
      if (!param) throw new RequestValidationError(name, value, known);
      if (value !== undefined && !satisfies(param.spec, value)) throw new RequestValidationError(name, value, param.rule);
    }
    for (const [name, { rule }] of required) {
      if (query?.[name] === undefined) throw new RequestValidationError(name, undefined, `required; ${rule}`);
    }
    if (extraQuery === undefined) return;
    if (!isRecord(extraQuery)) throw new RequestValidationError("options.extraQuery", extraQuery, anObject);
    for (const name in extraQuery) {
      const value = extraQuery[name];
      const rule = rules.has(name) ? `a parameter the spec does not list: pass ${name} in the typed query`
        : !name ? "a non-empty name"
        : value === undefined || isScalar(value) ? undefined : "a string, a finite number or a boolean";
      if (rule) throw new RequestValidationError(`options.extraQuery.${name}`, value, rule);
    }
  };
}

function satisfies(spec: ValueRule, value: unknown): boolean {
  const { type, minimum = -Infinity, maximum = Infinity } = spec;
  // A type this validator does not know passes: the server judges it.
  const typed = type === "integer" ? Number.isSafeInteger(value)
    : type === "number" ? Number.isFinite(value)
    : type === "string" || type === "boolean" ? typeof value === type
    : type === "array" ? Array.isArray(value) && (!spec.items || value.every((item) => satisfies(spec.items!, item)))
    : true;
  return typed && (!spec.enum || spec.enum.includes(value)) && (typeof value !== "number" || (value >= minimum && value <= maximum));
}

/** "an integer >= 1", "a string, one of: a, b", "a number between 0 and 1", "an array of strings, one of: a, b". */
function describeRule({ type, minimum, maximum, enum: values, items }: ValueRule): string {
  if (type === "array" && items) return `an array of ${describeRule(items).replace(/^an? (\w+)/, "$1s")}`;
  const range = minimum === undefined ? (maximum === undefined ? "" : ` <= ${maximum}`)
    : maximum === undefined ? ` >= ${minimum}` : ` between ${minimum} and ${maximum}`;
  const oneOf = values ? `, one of: ${values.map((v) => JSON.stringify(v)).join(", ")}` : "";
  return `${/^[aeiou]/.test(type) ? "an" : "a"} ${type}${range}${oneOf}`;
}

// Limits of the SDK's own options (not the spec's): setTimeout cannot wait longer than 2^31-1 ms.
const MAX_TIMER_MS = 2_147_483_647;
const timingRules: ReadonlyArray<readonly ["timeout" | "maxRetries", (value: unknown) => boolean, string]> = [
  ["timeout", (value) => typeof value === "number" && value > 0 && value <= MAX_TIMER_MS, `a number of milliseconds > 0 and <= ${MAX_TIMER_MS}`],
  ["maxRetries", (value) => Number.isSafeInteger(value) && (value as number) >= 0, "an integer >= 0"],
];

/** Throws `fail(name, value, rule)` for the first of `timeout` and `maxRetries` that is set and breaks its rule. */
export function checkTimingOptions(options: { timeout?: unknown; maxRetries?: unknown }, fail: (name: string, value: unknown, rule: string) => Error): void {
  for (const [name, isValid, rule] of timingRules) {
    const value = options[name];
    if (value !== undefined && !isValid(value)) throw fail(name, value, rule);
  }
}

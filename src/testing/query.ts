// Reads query parameters by their schema in the generated metadata (type, enum, bounds, length,
// pattern, format; arrays in form style, exploded or comma-separated as the spec says), with
// no code per parameter. Messages follow the real API's validation wording (pydantic's, as in
// the spec's InvalidLimitError example: "limit: Input should be greater than or equal to 1").
import { formatCheckers } from "../../generated/validators.js";
import type { ErrorAnswer } from "./errors.js";

/** What generated/metadata.ts may say about a query parameter (or an array parameter's items). */
export interface ParamSchema {
  readonly type?: string | readonly string[];
  readonly format?: string;
  readonly enum?: readonly unknown[];
  readonly minimum?: number;
  readonly maximum?: number;
  readonly exclusiveMinimum?: number;
  readonly exclusiveMaximum?: number;
  readonly multipleOf?: number;
  readonly minLength?: number;
  readonly maxLength?: number;
  readonly pattern?: string;
  readonly minItems?: number;
  readonly maxItems?: number;
  readonly uniqueItems?: boolean;
  readonly items?: ParamSchema;
}

export interface QueryParam extends ParamSchema {
  readonly required: boolean;
  readonly default?: unknown;
  readonly explode?: boolean;
}

export type ParsedParams = { readonly ok: true; readonly values: ReadonlyMap<string, unknown> } | { readonly ok: false; readonly error: ErrorAnswer };

const INTEGER = /^[+-]?\d+$/;
const NUMBER = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
const BOOLEANS: Readonly<Record<string, boolean>> = { true: true, false: false };

/** The first type that a query string can carry (a `null` in a type list cannot be sent). */
function typeOf(schema: ParamSchema): string | undefined {
  return Array.isArray(schema.type) ? schema.type.find((type) => type !== "null") : (schema.type as string | undefined);
}

const plural = (count: number, noun: string) => `${count} ${noun}${count === 1 ? "" : "s"}`;
const quote = (value: unknown) => (typeof value === "string" ? `'${value}'` : String(value));

/** pydantic's "Input should be 'a', 'b' or 'c'". */
function enumRule(values: readonly unknown[]): string {
  const quoted = values.map(quote);
  return `Input should be ${quoted.length > 1 ? `${quoted.slice(0, -1).join(", ")} or ${quoted.at(-1)}` : quoted[0]}`;
}

/** The value of one raw string under `schema`, or the rule it breaks. */
function parseValue(schema: ParamSchema, raw: string): { value: unknown } | { rule: string } {
  let value: unknown = raw;
  switch (typeOf(schema)) {
    case "integer":
      if (!INTEGER.test(raw.trim()) || !Number.isSafeInteger(Number(raw))) return { rule: "Input should be a valid integer, unable to parse string as an integer" };
      value = Number(raw);
      break;
    case "number":
      if (!NUMBER.test(raw.trim()) || !Number.isFinite(Number(raw))) return { rule: "Input should be a valid number, unable to parse string as a number" };
      value = Number(raw);
      break;
    case "boolean":
      if (!(raw in BOOLEANS)) return { rule: "Input should be a valid boolean, unable to interpret input (true or false)" };
      value = BOOLEANS[raw];
      break;
    default:
      break;
  }
  if (schema.enum && !schema.enum.includes(value)) return { rule: enumRule(schema.enum) };
  const rule = typeof value === "number" ? numberRule(schema, value) : typeof value === "string" ? stringRule(schema, value) : undefined;
  return rule === undefined ? { value } : { rule };
}

function numberRule(schema: ParamSchema, value: number): string | undefined {
  if (schema.minimum !== undefined && value < schema.minimum) return `Input should be greater than or equal to ${schema.minimum}`;
  if (schema.maximum !== undefined && value > schema.maximum) return `Input should be less than or equal to ${schema.maximum}`;
  if (schema.exclusiveMinimum !== undefined && value <= schema.exclusiveMinimum) return `Input should be greater than ${schema.exclusiveMinimum}`;
  if (schema.exclusiveMaximum !== undefined && value >= schema.exclusiveMaximum) return `Input should be less than ${schema.exclusiveMaximum}`;
  if (schema.multipleOf !== undefined && !Number.isInteger(value / schema.multipleOf)) return `Input should be a multiple of ${schema.multipleOf}`;
  return undefined;
}

function stringRule(schema: ParamSchema, value: string): string | undefined {
  const length = [...value].length;
  if (schema.minLength !== undefined && length < schema.minLength) return `String should have at least ${plural(schema.minLength, "character")}`;
  if (schema.maxLength !== undefined && length > schema.maxLength) return `String should have at most ${plural(schema.maxLength, "character")}`;
  if (schema.pattern !== undefined && !new RegExp(schema.pattern, "u").test(value)) return `String should match pattern '${schema.pattern}'`;
  const checkFormat = schema.format === undefined ? undefined : formatCheckers[schema.format];
  if (checkFormat && !checkFormat(value)) return `Input should be a valid ${schema.format} string`;
  return undefined;
}

function invalid(name: string, rule: string, details: Record<string, unknown>): ParsedParams {
  return { ok: false, error: { status: 422, code: "validation.invalid_request", message: `${name}: ${rule}`, details } };
}

/** An array's raw items: every value of `?name=a&name=b` (explode, the default), or `?name=a,b`. */
function arrayItems(name: string, param: QueryParam, search: URLSearchParams): string[] {
  if (param.explode !== false) return search.getAll(name);
  const joined = search.getAll(name).at(-1) ?? "";
  return joined === "" ? [] : joined.split(",");
}

function parseArray(name: string, param: QueryParam, search: URLSearchParams): ParsedParams | unknown[] {
  const items: unknown[] = [];
  for (const [index, raw] of arrayItems(name, param, search).entries()) {
    const parsed = parseValue(param.items ?? {}, raw);
    if ("rule" in parsed) return invalid(`${name}.${index}`, parsed.rule, { parameter: name, index, value: raw });
    items.push(parsed.value);
  }
  const value = search.getAll(name).join("&");
  if (param.minItems !== undefined && items.length < param.minItems) return invalid(name, `List should have at least ${plural(param.minItems, "item")} after validation, not ${items.length}`, { parameter: name, value });
  if (param.maxItems !== undefined && items.length > param.maxItems) return invalid(name, `List should have at most ${plural(param.maxItems, "item")} after validation, not ${items.length}`, { parameter: name, value });
  if (param.uniqueItems && new Set(items).size !== items.length) return invalid(name, "List should have unique items", { parameter: name, value });
  return items;
}

/**
 * Validates `search` against `params`: each present parameter parsed by its schema (the last
 * value of a repeated scalar), required ones present. Unknown parameters are left alone.
 */
export function parseParams(params: Readonly<Record<string, QueryParam>>, search: URLSearchParams): ParsedParams {
  const values = new Map<string, unknown>();
  for (const [name, param] of Object.entries(params)) {
    if (!search.has(name)) {
      if (param.required) return invalid(name, "Field required", { parameter: name });
      continue;
    }
    if (typeOf(param) === "array") {
      const items = parseArray(name, param, search);
      if (!Array.isArray(items)) return items as ParsedParams;
      values.set(name, items);
      continue;
    }
    const raw = search.getAll(name).at(-1)!;
    const parsed = parseValue(param, raw);
    if ("rule" in parsed) return invalid(name, parsed.rule, { parameter: name, value: raw });
    values.set(name, parsed.value);
  }
  return { ok: true, values };
}

// Reads a list request's query the way the spec defines it: parameters, types, minimums and
// defaults all come from the generated metadata, so a spec change reaches the sandbox unedited.
import { operations } from "../../generated/metadata.js";
import type { ErrorAnswer } from "./errors.js";
import type { RunFilter } from "./store.js";

interface QueryParamSpec {
  readonly type: string;
  readonly required: boolean;
  readonly minimum?: number;
  readonly maximum?: number;
  readonly default?: unknown;
}

const QUERY_PARAMS: Readonly<Record<string, QueryParamSpec>> = operations.listEvalRuns.queryParams;

/** The page a valid list request asks for. */
export interface PageRequest {
  readonly filters: readonly RunFilter[];
  readonly limit: number;
  readonly offset: number;
}

export type ParsedQuery = { readonly ok: true; readonly page: PageRequest } | { readonly ok: false; readonly error: ErrorAnswer };

function defaultOf(name: "limit" | "offset"): number {
  const value = QUERY_PARAMS[name]?.default;
  if (typeof value !== "number") throw new Error(`generated metadata: ${name} has no numeric default`);
  return value;
}

/** The spec's default limit and offset. */
export const DEFAULT_LIMIT = defaultOf("limit");
export const DEFAULT_OFFSET = defaultOf("offset");

function invalid(name: string, message: string, value?: string, status = 422): ParsedQuery {
  const details: Record<string, unknown> = value === undefined ? { parameter: name } : { parameter: name, value };
  return { ok: false, error: { status, code: "validation.invalid_request", message: `${name}: ${message}`, details } };
}

// Wording after the real API's validation messages (see the spec's InvalidLimitError example).
function checkInteger(name: string, spec: QueryParamSpec, raw: string): ParsedQuery | number {
  if (!/^[+-]?\d+$/.test(raw.trim()) || !Number.isSafeInteger(Number(raw))) {
    return invalid(name, "Input should be a valid integer, unable to parse string as an integer", raw);
  }
  const value = Number(raw);
  if (spec.minimum !== undefined && value < spec.minimum) return invalid(name, `Input should be greater than or equal to ${spec.minimum}`, raw);
  if (spec.maximum !== undefined && value > spec.maximum) return invalid(name, `Input should be less than or equal to ${spec.maximum}`, raw);
  return value;
}

/**
 * Validates a list request's query (one value per name: the last of a repeated parameter).
 * String parameters filter the runs by the field of the same name; integer parameters are
 * checked against their minimum and maximum; unknown parameters are ignored.
 */
export function parseListQuery(query: Readonly<Record<string, string>>, supportsFilters: boolean): ParsedQuery {
  const filters: RunFilter[] = [];
  const integers: Record<string, number> = {};
  for (const [name, spec] of Object.entries(QUERY_PARAMS)) {
    const raw = Object.hasOwn(query, name) ? query[name] : undefined;
    if (raw === undefined) {
      if (spec.required) return invalid(name, "Field required");
      continue;
    }
    if (spec.type === "integer") {
      const checked = checkInteger(name, spec, raw);
      if (typeof checked !== "number") return checked;
      integers[name] = checked;
    } else if (spec.type === "string") {
      if (!supportsFilters) {
        return invalid(name, "filtering is not supported by a sandbox serving virtualRuns; start it with `runs` to filter", raw, 400);
      }
      filters.push({ field: name, value: raw });
    }
  }
  return { ok: true, page: { filters, limit: integers["limit"] ?? DEFAULT_LIMIT, offset: integers["offset"] ?? DEFAULT_OFFSET } };
}

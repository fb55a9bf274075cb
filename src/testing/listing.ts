// A list request's query as the spec defines it: every parameter validated by its schema
// (query.ts), `limit` and `offset` page through the runs, and every other parameter named like a
// field of the listed items is an equality filter on that field (an array parameter: any of its
// values). Parameters that match no field are validated, then ignored. All of it comes from
// generated/, so a spec change reaches the sandbox unedited.
import { operations } from "../../generated/metadata.js";
import { listItems } from "../../generated/responses.js";
import type { ErrorAnswer } from "./errors.js";
import { parseParams, type QueryParam } from "./query.js";
import type { RunFilter } from "./store.js";

const QUERY_PARAMS: Readonly<Record<string, QueryParam>> = operations.listEvalRuns.queryParams;
const RUN_FIELDS: ReadonlySet<string> = new Set(Object.keys(listItems.listEvalRuns.fields));
/** The offset-pagination parameters (the pagination core's contract), never filters. */
const PAGINATION = new Set(["limit", "offset"]);

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

/** Query parameters that filter runs (a field of that name exists), and those accepted but ignored. */
export const FILTER_PARAMETERS: readonly string[] = Object.keys(QUERY_PARAMS).filter((name) => !PAGINATION.has(name) && RUN_FIELDS.has(name));
export const IGNORED_PARAMETERS: readonly string[] = Object.keys(QUERY_PARAMS).filter((name) => !PAGINATION.has(name) && !RUN_FIELDS.has(name));

/** Validates a list request's query (`search`, from its URL); unknown parameters are ignored. */
export function parseListQuery(search: URLSearchParams, supportsFilters: boolean): ParsedQuery {
  const parsed = parseParams(QUERY_PARAMS, search);
  if (!parsed.ok) return parsed;
  const filters: RunFilter[] = [];
  for (const name of FILTER_PARAMETERS) {
    if (!parsed.values.has(name)) continue;
    const value = parsed.values.get(name);
    if (!supportsFilters) {
      const message = `${name}: filtering is not supported by a sandbox serving virtualRuns; start it with \`runs\` to filter`;
      return { ok: false, error: { status: 400, code: "validation.invalid_request", message, details: { parameter: name, value: search.getAll(name).join("&") } } };
    }
    filters.push({ field: name, values: Array.isArray(value) ? value : [value] });
  }
  const number = (name: string, fallback: number) => (parsed.values.get(name) as number | undefined) ?? fallback;
  return { ok: true, page: { filters, limit: number("limit", DEFAULT_LIMIT), offset: number("offset", DEFAULT_OFFSET) } };
}

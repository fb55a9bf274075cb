// The `Prefer` request header, as Stoplight Prism reads it, so any client (curl, another
// language) can ask the sandbox for a given answer: `code=429` answers that status with the spec's
// first example for it (else a generated body), `example=expiredKey` answers that named example,
// `dynamic=true` answers generated data instead of an example. Preferences combine with commas:
// `Prefer: code=401, example=expiredKey`. An unknown preference or value is a 400 that lists
// what is accepted (Prism ignores unknown preferences; a typo should not pass silently).
import { operations } from "../../generated/metadata.js";
import { responseExamples } from "../../generated/responses.js";
import type { ErrorAnswer } from "./errors.js";

const operation = operations.listEvalRuns;
const EXAMPLES: Readonly<Record<number, Readonly<Record<string, unknown>>>> = responseExamples.listEvalRuns;
/** Statuses the spec declares, the success first (where an example name is looked up first). */
const STATUSES: readonly number[] = [operation.successStatus, ...operation.errorStatuses];
const EXAMPLE_NAMES: readonly string[] = [...new Set(STATUSES.flatMap((status) => Object.keys(EXAMPLES[status] ?? {})))];

/** What a valid `Prefer` header asks for. */
export type PreferredAnswer =
  /** A named example of the spec, sent as it is. */
  | { readonly kind: "example"; readonly status: number; readonly name: string; readonly body: unknown }
  /** The sandbox's own answer for `status`: its data for the success status, else the error envelope. */
  | { readonly kind: "generated"; readonly status: number };

export type PreferResult = { readonly ok: true; readonly answer: PreferredAnswer } | { readonly ok: false; readonly error: ErrorAnswer };

const ACCEPTED = `code=<${STATUSES.join("|")}>, example=<${EXAMPLE_NAMES.join("|")}>, dynamic=<true|false>`;

function refuse(header: string, problem: string): PreferResult {
  const message = `Prefer: ${problem}. Accepted (comma-separated): ${ACCEPTED}.`;
  const accepted = { code: STATUSES, example: EXAMPLE_NAMES, dynamic: [true, false] };
  return { ok: false, error: { status: 400, code: "validation.invalid_request", message, details: { header: "prefer", value: header, accepted } } };
}

/** `a=1, b="x y"` → [["a", "1"], ["b", "x y"]] (commas inside quotes stay; the first of a repeated name wins). */
function preferences(header: string): Map<string, string> {
  const found = new Map<string, string>();
  for (const part of header.match(/(?:[^,"]|"[^"]*")+/g) ?? []) {
    const [name = "", ...rest] = part.split("=");
    const key = name.trim().toLowerCase();
    const value = rest.join("=").trim().replace(/^"(.*)"$/, "$1");
    if (key !== "" && !found.has(key)) found.set(key, value);
  }
  return found;
}

/** Reads a `Prefer` header; undefined when it asks for nothing (e.g. `dynamic=false`). */
export function readPrefer(header: string): PreferResult | undefined {
  const wanted = preferences(header);
  for (const name of wanted.keys()) if (!["code", "example", "dynamic"].includes(name)) return refuse(header, `unknown preference "${name}"`);

  const rawCode = wanted.get("code");
  const code = rawCode === undefined ? undefined : Number(rawCode);
  if (rawCode !== undefined && !(/^\d{3}$/.test(rawCode) && STATUSES.includes(code!))) {
    return refuse(header, `code=${rawCode} is not a status the spec declares for ${operation.method} ${operation.path}`);
  }
  const dynamic = wanted.get("dynamic");
  if (dynamic !== undefined && dynamic !== "true" && dynamic !== "false") return refuse(header, `dynamic=${dynamic} must be true or false`);

  const example = wanted.get("example");
  if (example !== undefined) {
    const status = code ?? STATUSES.find((candidate) => Object.hasOwn(EXAMPLES[candidate] ?? {}, example));
    const examples = status === undefined ? undefined : EXAMPLES[status];
    if (status === undefined || !examples || !Object.hasOwn(examples, example)) {
      const of = code === undefined ? "" : ` for status ${code} (its examples: ${Object.keys(EXAMPLES[code] ?? {}).join(", ") || "none"})`;
      return refuse(header, `no example named "${example}"${of}`);
    }
    return { ok: true, answer: { kind: "example", status, name: example, body: examples[example] } };
  }
  if (code === undefined) return dynamic === "true" ? { ok: true, answer: { kind: "generated", status: operation.successStatus } } : undefined;
  const first = Object.entries(EXAMPLES[code] ?? {})[0];
  if (dynamic === "true" || !first) return { ok: true, answer: { kind: "generated", status: code } };
  return { ok: true, answer: { kind: "example", status: code, name: first[0], body: first[1] } };
}

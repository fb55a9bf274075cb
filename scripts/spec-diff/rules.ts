// Our corrections to the engine (Redocly `diff` with diff-recommended), each where its rating is wrong
// for this API; every other change keeps the engine's rating (major → breaking, minor → non-breaking).
// First match wins. Why each rule exists is in README, "Classifying a spec change".
import type { Delta } from "./delta.js";
import type { Classification } from "./types.js";

export interface Rule {
  id: string;
  /** What we decide, and why, in one line. */
  intent: string;
  applies(delta: Delta): boolean;
  classification: Classification;
}

/** Keys that only document: changing them changes no request, response or generated type. */
const DOC_KEYS = new Set(["description", "summary", "title", "example", "examples", "x-codeSamples", "externalDocs", "tags", "contact", "license", "termsOfService"]);
/** Engine node types that are documentation as a whole. */
const DOC_TYPES = new Set(["Example", "ExamplesMap", "XCodeSample", "XCodeSampleList", "Tag", "TagList", "Contact", "License", "ExternalDocs"]);

export const RULES: readonly Rule[] = [
  {
    id: "docs-only",
    intent: "Descriptions, summaries, examples, code samples, tags and contact details change no call: docs-only (the engine rates a new code sample or tag minor).",
    applies: (d) => DOC_TYPES.has(d.typeName) || documentationKeys(d).some((key) => DOC_KEYS.has(key)),
    classification: "docs-only",
  },
  {
    id: "reordered",
    intent: "A list with the same items in another order (an enum, `required`) changes no call: docs-only (the engine rates it patch).",
    applies: (d) => d.kind === "modified" && isReordering(d.before, d.after),
    classification: "docs-only",
  },
  {
    id: "api-version",
    intent: "info.version labels the spec; what changed with it is classified change by change.",
    applies: (d) => keysOf(d).join("/") === "info/version",
    classification: "docs-only",
  },
  {
    id: "default-changed",
    intent: "A default changed or removed changes what an omitted value means (the server applies it; the SDK sizes pages by `limit`'s): breaking.",
    applies: (d) => d.property === "default" && d.before !== undefined,
    classification: "breaking",
  },
  {
    id: "success-status-added",
    intent: "A new 2xx response makes the success body a union, and the SDK's page checks refuse the new shape: breaking.",
    applies: (d) => d.typeName === "Response" && d.kind === "added" && /^2/.test(statusOf(d)),
    classification: "breaking",
  },
  {
    id: "error-status-removed",
    intent: "The SDK throws a typed error for every non-2xx status, documented or not, so an error status leaving the spec breaks no caller.",
    applies: (d) => d.typeName === "Response" && d.kind === "removed" && /^[45]/.test(statusOf(d)),
    classification: "non-breaking",
  },
  {
    id: "unrated-change",
    intent: "The engine's patch means 'breaks and adds nothing'; outside the docs that is still a change callers can use (a looser request, a narrower response): non-breaking.",
    applies: (d) => d.engine?.impact === "patch" && !d.engine.rated,
    classification: "non-breaking",
  },
  {
    id: "unreported",
    intent: "A change the engine did not report has an unknown impact: breaking, so a release never under-bumps.",
    applies: (d) => d.engine === undefined,
    classification: "breaking",
  },
];

export interface Classified {
  classification: Classification;
  /** The rule of ours that decided, if any (else the engine's rating did). */
  rule?: string;
}

export function classify(delta: Delta): Classified {
  const rule = RULES.find((candidate) => candidate.applies(delta));
  if (rule) return { classification: rule.classification, rule: rule.id };
  return { classification: delta.engine?.impact === "major" ? "breaking" : "non-breaking" };
}

/** The response status a change is under ("" when none). */
export function statusOf(delta: Delta): string {
  const at = delta.usage.indexOf("responses");
  return at >= 0 ? (delta.usage[at + 1] ?? "") : "";
}

/** Two lists holding the same items, in a different order. */
export function isReordering(before: unknown, after: unknown): boolean {
  if (!Array.isArray(before) || !Array.isArray(after)) return false;
  const sorted = (list: unknown[]) => JSON.stringify(list.map((item) => JSON.stringify(item)).sort());
  return sorted(before) === sorted(after);
}

/** The keys from the root to the changed value. */
function keysOf(delta: Delta): string[] {
  const { usage, property } = delta;
  return property === undefined || usage.at(-1) === property ? usage : [...usage, property];
}

/** The keys on the way to the change, minus schema property names (a field may be called `title`). */
function documentationKeys(delta: Delta): string[] {
  const keys = keysOf(delta);
  return keys.filter((_, i) => keys[i - 1] !== "properties");
}

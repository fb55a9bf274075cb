// Our own pass over the two bundled specs, for changes the engine does not report at all (it skips
// the value of an example reached through `$ref`, for one). A change counts as reported when an
// engine change's pointer contains it or lies inside it.
import { encodePointer, sideOf, type Delta } from "./delta.js";
import { isReordering } from "./rules.js";
import type { LoadedSpec } from "./load.js";

/** Keys under which everything is one documentation item (how many segments name it, its engine type). */
const ITEMS = { examples: [2, "Example"], example: [1, "Example"], "x-codeSamples": [2, "XCodeSample"] } as const;

export function unreportedChanges(base: LoadedSpec, head: LoadedSpec, reported: readonly Delta[]): Delta[] {
  const raw = new Map<string, { segments: string[]; before: unknown; after: unknown; typeName: string }>();
  walk(base.bundled, head.bundled, [], (segments, before, after) => {
    const item = documentationItem(segments);
    const key = encodePointer(item.segments);
    // Several changes inside one example are one change of the example.
    if (raw.has(key)) return;
    raw.set(key, item.typeName ? { ...item, before: valueAt(base.bundled, item.segments), after: valueAt(head.bundled, item.segments) } : { segments, before, after, typeName: "" });
  });
  const covered = reported.flatMap((delta) => delta.covers);
  const deltas: Delta[] = [];
  for (const { segments, before, after, typeName } of raw.values()) {
    if (covered.some((pointer) => pointer.length > 0 && related(pointer, segments))) continue;
    const kind = before === undefined ? "added" : after === undefined ? "removed" : "modified";
    deltas.push({
      usage: segments,
      pointer: encodePointer(segments),
      lineIn: kind === "removed" ? "base" : "head",
      kind,
      typeName,
      ...(!typeName && segments.length > 0 && { property: segments[segments.length - 1]! }),
      before,
      after,
      side: sideOf(segments),
      covers: [segments],
    });
  }
  return deltas;
}

type Visit = (segments: string[], before: unknown, after: unknown) => void;

/**
 * Calls `visit` for every value that differs, at the highest level where it does. Arrays count as one
 * value: the engine matches their items by identity (parameters by name and place), indexes would not.
 */
function walk(before: unknown, after: unknown, segments: string[], visit: Visit): void {
  if (isPlainObject(before) && isPlainObject(after)) {
    for (const key of new Set([...Object.keys(before), ...Object.keys(after)])) walk(before[key], after[key], [...segments, key], visit);
    return;
  }
  if (!sameValue(before, after)) visit(segments, before, after);
}

/** Equal JSON, where a list reordered with the same items counts as equal (a reordering is no change). */
function sameValue(before: unknown, after: unknown): boolean {
  return isReordering(before, after) || JSON.stringify(before) === JSON.stringify(after);
}

const isPlainObject = (value: unknown): value is Record<string, unknown> => isContainer(value) && !Array.isArray(value);
const isContainer = (value: unknown): value is object => typeof value === "object" && value !== null;

/** The example or code sample a change sits in (typeName "" when none). */
function documentationItem(segments: string[]): { segments: string[]; typeName: string } {
  for (let i = 0; i < segments.length; i++) {
    if (segments[i - 1] === "properties") continue; // a schema property that happens to be called "example"
    const item = ITEMS[segments[i] as keyof typeof ITEMS];
    if (item) return { segments: segments.slice(0, Math.min(segments.length, i + item[0])), typeName: item[1] };
  }
  return { segments, typeName: "" };
}

function valueAt(root: unknown, segments: readonly string[]): unknown {
  return segments.reduce<unknown>((node, key) => (isContainer(node) ? (node as Record<string, unknown>)[key] : undefined), root);
}

/** One pointer lies within the other. */
function related(a: readonly string[], b: readonly string[]): boolean {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return false;
  return true;
}

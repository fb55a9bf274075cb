// One shape for every change, whoever found it (the engine, or our structural pass for what the
// engine does not report), with what the rules and the reason writer need to know about it.
import type { EngineChange, EngineLocation } from "./engine.js";
import type { Side } from "./types.js";

export type Kind = "added" | "removed" | "modified";

export interface Delta {
  /** Where the change is used, from the root, decoded (`$ref` segments kept): it decides the side. */
  usage: string[];
  /** Source pointer (RFC 6901, `$ref`s followed), and the file it points into. */
  pointer: string;
  lineIn: "head" | "base";
  /** added / removed: the whole node, or `property` of the node, appeared or went; modified: a value changed. */
  kind: Kind;
  /** The engine's node type (Schema, Parameter, Response, Example, …); "" when only our pass saw it. */
  typeName: string;
  /** The key of the node that changed, when the node itself stayed. */
  property?: string;
  before: unknown;
  after: unknown;
  side: Side;
  /** Pointers this change speaks for (both sides, the changed key included): our pass skips what lies in them. */
  covers: string[][];
  /** The engine's own rating; undefined when the engine did not report the change. */
  engine?: { impact: EngineChange["impact"]; rated: boolean; messages: string[] };
}

export function decodePointer(pointer: string): string[] {
  const body = pointer.replace(/^#/, "");
  if (body === "" || body === "/") return [];
  return body.slice(1).split("/").map((part) => part.replace(/~1/g, "/").replace(/~0/g, "~"));
}

export function encodePointer(segments: readonly string[]): string {
  return segments.map((part) => `/${part.replace(/~/g, "~0").replace(/\//g, "~1")}`).join("");
}

/** request: parameters and bodies; response: responses; other: servers, security, info, naming, components. */
export function sideOf(usage: readonly string[]): Side {
  if (usage[0] !== "paths" && usage[0] !== "webhooks") return "other";
  // paths/<path>/parameters/… (path-level) or paths/<path>/<method>/<section>/…
  if (usage[2] === "parameters") return "request";
  if (usage[3] === "parameters" || usage[3] === "requestBody") return "request";
  if (usage[3] === "responses") return "response";
  return "other";
}

/** An engine change as a Delta; Redocly reports a replaced list item as removed + added, merged here. */
export function fromEngine(changes: readonly EngineChange[]): Delta[] {
  const deltas: Delta[] = [];
  const removedAt = new Map<string, Delta>();
  for (const change of changes) {
    const delta = toDelta(change);
    const key = `${change.path} ${change.property ?? ""}`;
    const removed = removedAt.get(key);
    if (delta.kind === "added" && removed) {
      Object.assign(removed, { kind: "modified", after: delta.after, pointer: delta.pointer, lineIn: "head" });
      removed.engine = mergeRatings(removed.engine!, delta.engine!);
      removed.covers.push(...delta.covers);
      continue;
    }
    if (delta.kind === "removed") removedAt.set(key, delta);
    deltas.push(delta);
  }
  return deltas;
}

function toDelta(change: EngineChange): Delta {
  const before = change.kind === "added" ? undefined : change.base?.value;
  const after = change.kind === "removed" ? undefined : change.revision?.value;
  const kind: Kind =
    change.kind !== "modified" ? change.kind : before === undefined ? "added" : after === undefined ? "removed" : "modified";
  // Located in the working spec where the value exists there, in the base where it went.
  const [where, lineIn]: [EngineLocation | undefined, "head" | "base"] =
    kind === "removed" ? [change.base ?? change.revision, "base"] : [change.revision ?? change.base, "head"];
  const usage = decodePointer(change.path);
  return {
    usage,
    pointer: where ? encodePointer(decodePointer(where.pointer)) : encodePointer(usage),
    lineIn,
    kind,
    typeName: change.typeName,
    ...(change.property !== undefined && { property: change.property }),
    before,
    after,
    side: sideOf(usage),
    covers: [change.base, change.revision].flatMap((at) => (at ? [withKey(decodePointer(at.pointer), change.property)] : [])),
    engine: { impact: change.impact, rated: change.verdicts.length > 0, messages: change.verdicts.map((v) => v.message) },
  };
}

/** A location of a `modified` change may name the node rather than its changed key: add the key. */
function withKey(segments: string[], property: string | undefined): string[] {
  return property !== undefined && segments.at(-1) !== property ? [...segments, property] : segments;
}

const RANK = { patch: 0, minor: 1, major: 2 } as const;

function mergeRatings(a: NonNullable<Delta["engine"]>, b: NonNullable<Delta["engine"]>): NonNullable<Delta["engine"]> {
  return { impact: RANK[a.impact] >= RANK[b.impact] ? a.impact : b.impact, rated: a.rated || b.rated, messages: [...a.messages, ...b.messages] };
}

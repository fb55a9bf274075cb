// The one-line reason of a change: what changed, named as a caller knows it, and what it does to them.
// Where the request side says "refused before sending", the SDK checks that constraint itself
// (src/validate.ts: type, minimum, maximum, enum, required, unknown keys); other constraints the server enforces.
import { pascalCase } from "../pipeline/spec.js";
import { decodePointer, type Delta } from "./delta.js";
import { isReordering, statusOf } from "./rules.js";
import type { Subject } from "./subject.js";
import type { Classification } from "./types.js";

interface Context {
  d: Delta;
  s: Subject;
  breaking: boolean;
}

/** Numeric bounds: the word for the bound, and for the values on its far side. */
const BOUNDS: Record<string, [word: string, beyond: string, checkedBySdk: boolean]> = {
  minimum: ["minimum", "smaller", true],
  exclusiveMinimum: ["exclusive minimum", "smaller", false],
  maximum: ["maximum", "larger", true],
  exclusiveMaximum: ["exclusive maximum", "larger", false],
  minLength: ["minLength", "shorter", false],
  maxLength: ["maxLength", "longer", false],
  minItems: ["minItems", "shorter", false],
  maxItems: ["maxItems", "longer", false],
};

export function describe(d: Delta, s: Subject, classification: Classification): string {
  const c: Context = { d, s, breaking: classification === "breaking" };
  if (d.kind === "modified" && isReordering(d.before, d.after)) return `\`${d.property ?? "items"}\` of ${s.label} reordered, with the same values`;
  const byProperty = d.property === undefined ? undefined : (PROPERTIES[d.property] ?? (d.property in BOUNDS ? bound : undefined));
  const whole = d.property === undefined ? WHOLE[d.typeName] : undefined;
  return (BY_TYPE[d.typeName] ?? byProperty ?? whole ?? generic)(c);
}

const show = (value: unknown): string =>
  Array.isArray(value) ? value.map(show).join(", ") : typeof value === "string" ? `\`${value}\`` : JSON.stringify(value)?.slice(0, 60) ?? "nothing";


function bound(c: Context): string {
  const { d, s } = c;
  const [word, beyond, checked] = BOUNDS[d.property!]!;
  const what =
    d.kind === "added" ? `${s.label} now has ${word} ${show(d.after)}`
    : d.kind === "removed" ? `${s.label} no longer has a ${word} (was ${show(d.before)})`
    : `${s.label} ${word} ${Number(d.after) > Number(d.before) ? "raised" : "lowered"} from ${show(d.before)} to ${show(d.after)}`;
  // Only the SDK's own checks refuse "before sending"; the server enforces the rest.
  const refused = checked ? "refused before sending" : "refused";
  return `${what}${effect(c, `calls with ${beyond} values are ${refused}`, `${beyond} values are now accepted`, `readers may now receive ${beyond} values`)}`;
}

/** ": <consequence>" for the side and classification of the change; nothing outside requests and responses. */
function effect(c: Context, requestBreaks: string, requestWidens: string, responseWidens: string, responseNarrows = "responses stay within it"): string {
  if (c.d.side === "response") return `: ${c.breaking ? responseWidens : responseNarrows}`;
  return c.d.side === "request" ? `: ${c.breaking ? requestBreaks : requestWidens}` : "";
}

const added = (before: unknown, after: unknown): unknown[] => asList(after).filter((v) => !asList(before).some((w) => JSON.stringify(w) === JSON.stringify(v)));
const asList = (value: unknown): unknown[] => (Array.isArray(value) ? value : value === undefined ? [] : [value]);

const PROPERTIES: Record<string, (c: Context) => string> = {
  enum(c) {
    const { d, s } = c;
    const gained = added(d.before, d.after);
    const lost = added(d.after, d.before);
    const parts: string[] = [];
    if (d.side === "response") {
      if (gained.length) parts.push(`${s.label} gained ${show(gained)}: code with an exhaustive switch over it meets a value it does not handle`);
      if (lost.length) parts.push(`${s.label} no longer returns ${show(lost)}: readers never receive it`);
    } else {
      if (lost.length) parts.push(`${s.label} no longer accepts ${show(lost)}: calls with it are refused before sending`);
      if (gained.length) parts.push(`${s.label} now also accepts ${show(gained)}`);
    }
    if (d.before === undefined) return `${s.label} is now limited to ${show(d.after)}${d.side === "request" ? ": calls with other values are refused before sending" : ""}`;
    if (d.after === undefined) return `${s.label} is no longer limited to a list of values`;
    return parts.join("; ");
  },
  type(c) {
    const { d, s } = c;
    const before = asList(d.before).filter((t) => t !== "null");
    const after = asList(d.after).filter((t) => t !== "null");
    const nullable = [asList(d.before).includes("null"), asList(d.after).includes("null")];
    if (show(before) === show(after) && nullable[0] !== nullable[1]) {
      if (nullable[1]) return d.side === "response" ? `${s.label} may now be null: readers must handle null` : `${s.label} now accepts null`;
      return d.side === "response" ? `${s.label} is never null any more` : `${s.label} no longer accepts null: calls with null are refused before sending`;
    }
    return `${s.label} type changed from ${show(d.before)} to ${show(d.after)}${effect(c, "calls with values of the old type are refused before sending", "values of the new type are now accepted", "readers may receive values of the new type", "readers receive a narrower type")}`;
  },
  required(c) {
    const { d, s } = c;
    if (!Array.isArray(d.before) && !Array.isArray(d.after)) {
      return d.after === true ? `${s.label} is now required: calls without it are refused before sending` : `${s.label} is now optional: calls may leave it out`;
    }
    const names = (list: unknown[]) => list.map((name) => `\`${s.field ? `${s.field}.` : ""}${String(name)}\``).join(", ");
    const nowRequired = added(d.before, d.after);
    const nowOptional = added(d.after, d.before);
    const parts: string[] = [];
    if (d.side === "response") {
      if (nowOptional.length) parts.push(`${names(nowOptional)} may now be absent: readers get undefined`);
      if (nowRequired.length) parts.push(`${names(nowRequired)} is now always present`);
    } else {
      if (nowRequired.length) parts.push(`${names(nowRequired)} is now required: calls without it are refused`);
      if (nowOptional.length) parts.push(`${names(nowOptional)} is now optional`);
    }
    return parts.join("; ");
  },
  default(c) {
    const { d, s } = c;
    if (d.before === undefined) return `${s.label} now defaults to ${show(d.after)}`;
    const omitted = d.side === "response" ? `an absent ${s.label} means` : `calls that leave ${s.label} out get`;
    if (d.after === undefined) return `${s.label} no longer has a default (was ${show(d.before)}): what ${omitted} is up to the server`;
    return `${s.label} default changed from ${show(d.before)} to ${show(d.after)}: ${omitted} ${show(d.after)} now`;
  },
  format: (c) => constraint(c, "format"),
  pattern: (c) => constraint(c, "pattern"),
  deprecated: (c) => `${c.s.label} is ${c.d.after === true ? "now" : "no longer"} deprecated`,
  style: serialization,
  explode: serialization,
  allowReserved: serialization,
  operationId(c) {
    const [from, to] = [String(c.d.before), String(c.d.after)];
    return `operationId of ${c.s.operation ?? "an operation"} changed from \`${from}\` to \`${to}\`: generated names change (\`${pascalCase(from)}Query\` → \`${pascalCase(to)}Query\`, \`operations["${from}"]\`)`;
  },
  key: (c) => `path \`${String(c.d.before)}\` renamed to \`${String(c.d.after)}\`: the \`paths\` types and \`client.api\` calls change`,
  version: (c) => (c.d.usage[0] === "info" ? `API version changed from ${show(c.d.before)} to ${show(c.d.after)}` : generic(c)),
};

function constraint(c: Context, word: string): string {
  const { d, s } = c;
  if (d.kind === "added") return `${s.label} now has ${word} ${show(d.after)}${d.side === "response" ? "" : `: calls with other values are refused`}`;
  if (d.kind === "removed") return `${s.label} no longer has ${word} ${show(d.before)}${d.side === "response" ? ": readers may receive any value" : ": any value is accepted"}`;
  return `${s.label} ${word} changed from ${show(d.before)} to ${show(d.after)}`;
}

function serialization(c: Context): string {
  const { d, s } = c;
  const change = d.kind === "added" ? `set to ${show(d.after)}` : d.kind === "removed" ? `unset (was ${show(d.before)})` : `changed from ${show(d.before)} to ${show(d.after)}`;
  return `${s.label} serialization: \`${d.property}\` ${change}: the query string is written differently`;
}

/** Changes of a whole node (added or removed), by the engine's node type. */
const WHOLE: Record<string, (c: Context) => string> = {
  Parameter(c) {
    const { d, s } = c;
    const where = `${s.parameter?.in ?? "query"} parameter ${s.label}`;
    if (d.kind === "removed") return `${where} removed: the SDK refuses unknown keys, so calls that still pass it fail before sending`;
    const required = (d.after as { required?: unknown } | undefined)?.required === true;
    return required ? `new required ${where}: calls without it are refused before sending` : `new optional ${where}`;
  },
  Schema(c) {
    const { d, s } = c;
    const combinator = d.usage.at(-2);
    if (combinator === "anyOf" || combinator === "oneOf" || combinator === "allOf") {
      return `${s.label} ${d.kind === "added" ? "gained" : d.kind === "removed" ? "lost" : "changed"} a member of its \`${combinator}\``;
    }
    const side = d.side === "response" ? "response field" : d.side === "request" ? "request field" : "schema";
    if (d.kind === "added") return `${side} ${s.label} added`;
    if (d.kind === "removed") return `${side} ${s.label} removed${d.side === "response" ? ": readers get undefined" : ""}`;
    return generic(c);
  },
  Response(c) {
    const status = statusOf(c.d);
    const error = /^[45]/.test(status);
    if (c.d.kind === "added") {
      return error
        ? `new error status ${status}: the SDK throws every non-2xx status as a typed \`APIError\`, so existing error handling covers it`
        : `new success status ${status}: the success body becomes a union and the SDK's page checks refuse the new shape`;
    }
    if (c.d.kind === "removed") {
      return error ? `error status ${status} no longer documented: the SDK still maps it to its typed error if it comes` : `success status ${status} removed: its body is gone from the types`;
    }
    return generic(c);
  },
  MediaType: (c) => `media type \`${c.d.usage.at(-1)}\` ${c.d.kind === "added" ? "added to" : "removed from"} ${c.s.label}`,
  PathItem: (c) => `path \`${c.d.usage[1]}\` ${c.d.kind === "added" ? "added" : "removed: calls to it fail"}`,
  Operation: (c) => `operation ${c.s.operation} ${c.d.kind === "added" ? "added" : "removed: calls to it fail"}`,
  SecurityRequirement: (c) =>
    c.d.kind === "removed" ? `security requirement ${show(Object.keys(Object(c.d.before)))} removed: requests no longer need it (the SDK still sends its key)` : `requests now need security ${show(Object.keys(Object(c.d.after)))}`,
  HeadersMap: (c) => `response headers ${show(Object.keys(Object(c.d.after ?? c.d.before)))} ${c.d.kind === "added" ? "documented" : "no longer documented"} on status ${statusOf(c.d)}`,
};

/** Node types whose changes read the same whatever key changed. */
const BY_TYPE: Record<string, (c: Context) => string> = {
  Server(c) {
    const { d } = c;
    if (d.property === undefined) return `server ${show(Object(d.after ?? d.before).url)} ${d.kind}`;
    if (d.property === "url" && d.usage[1] === "0" && d.kind === "modified") {
      return `default server changed from ${show(d.before)} to ${show(d.after)}: clients built without \`baseURL\` now send their requests, and API key, to the new host`;
    }
    return `\`${d.property}\` of server ${d.property === "url" ? show(d.before ?? d.after) : c.s.label} ${kindWord(d)}`;
  },
  Tag: (c) => (c.d.property === undefined ? `tag ${show(Object(c.d.after ?? c.d.before).name)} ${c.d.kind}` : generic(c)),
  SecurityScheme(c) {
    const { d } = c;
    const scheme = `security scheme \`${d.usage[2] ?? "?"}\``;
    if (d.property === undefined) return `${scheme} ${d.kind}`;
    if (d.property === "description") return `description of ${scheme} ${kindWord(d)}`;
    const change = d.kind === "modified" ? `changed from ${show(d.before)} to ${show(d.after)}` : d.kind;
    return `${scheme}: \`${d.property}\` ${change}: requests authenticate differently`;
  },
  XCodeSample: (c) => `code sample ${show(c.s.codeSample ?? "")} of ${c.s.operation ?? "an operation"} ${kindWord(c.d)}`,
  Example(c) {
    if (c.d.usage.at(-1) === "example") return `example of ${c.s.label} ${kindWord(c.d)}`;
    // The component's name where the example is one, else its name where it is used.
    const [at, named] = [decodePointer(c.d.pointer), c.d.usage.lastIndexOf("examples")];
    const name = at[0] === "components" && at[1] === "examples" ? at[2] : named >= 0 ? c.d.usage[named + 1] : c.d.usage.at(-1);
    return `example \`${name ?? "?"}\`${c.s.status ? ` of status ${c.s.status}` : ""} ${kindWord(c.d)}`;
  },
};

const kindWord = (d: Delta): string => (d.kind === "modified" ? "changed" : d.kind);

/** Whatever has no sentence of its own: the key that changed, both values, and the engine's own words. */
function generic(c: Context): string {
  const { d, s } = c;
  const what = d.property ?? d.usage.at(-1) ?? (d.typeName || "value");
  const prose = what === "description" || what === "summary" || what === "title"; // too long to quote
  const values = prose || d.kind !== "modified" ? "" : ` from ${show(d.before)} to ${show(d.after)}`;
  const engine = d.engine?.messages.length ? ` (${d.engine.messages.join("; ")})` : "";
  const unrated = !d.engine && c.breaking ? ": the diff engine does not rate it, so it counts as breaking" : "";
  const of = s.label === `\`${what}\`` ? "" : ` of ${s.label}`;
  return `\`${what}\`${of} ${kindWord(d)}${values}${engine}${unrated}`;
}

// The spec half of the release's bump: `npm run spec:diff -- --json` (base: the spec of the last
// release, spec/released/openapi.yaml) run as a command, its JSON contract checked, and each
// change placed as an addition, a removal or a change by looking its pointer up in both specs.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "yaml";
import { CommandFailed, runCommand, outputTail } from "./exec.js";

export type SpecBump = "major" | "minor" | "patch" | "none";
export type SpecClassification = "breaking" | "non-breaking" | "docs-only";

export interface SpecChange {
  pointer: string;
  line: number | null;
  side: string;
  classification: SpecClassification;
  reason: string;
  /** Where the pointer exists: only in the new spec (added), only in the base (removed), or both. */
  presence: "added" | "removed" | "changed";
}

export interface SpecDiff {
  bump: SpecBump;
  changes: SpecChange[];
}

export const RELEASED_SPEC = join("spec", "released", "openapi.yaml");
export const SPEC = join("spec", "openapi.yaml");

const BUMPS: readonly string[] = ["major", "minor", "patch", "none"];
const CLASSIFICATIONS: readonly string[] = ["breaking", "non-breaking", "docs-only"];

/** Runs spec:diff in `root` against the released spec. Throws with the command's output when it fails or breaks its contract. */
export async function diffSpec(root: string, env: NodeJS.ProcessEnv = process.env): Promise<SpecDiff> {
  const result = await runCommand("npm", ["run", "-s", "spec:diff", "--", "--json"], { cwd: root, env, timeoutMs: 120_000 });
  let parsed: unknown;
  try {
    parsed = JSON.parse(result.stdout);
  } catch {
    throw new CommandFailed(`npm run spec:diff -- --json exited ${result.code} without its JSON result:\n${outputTail(result)}`);
  }
  const base = parse(readFileSync(join(root, RELEASED_SPEC), "utf8")) as unknown;
  const working = parse(readFileSync(join(root, SPEC), "utf8")) as unknown;
  return checkContract(parsed, (pointer) => presence(base, working, pointer));
}

function checkContract(value: unknown, where: (pointer: string) => SpecChange["presence"]): SpecDiff {
  const fail = (what: string): never => {
    throw new CommandFailed(`npm run spec:diff -- --json broke its contract: ${what} (got ${JSON.stringify(value).slice(0, 300)})`);
  };
  if (typeof value !== "object" || value === null) return fail("not an object");
  const { bump, changes } = value as { bump?: unknown; changes?: unknown };
  if (typeof bump !== "string" || !BUMPS.includes(bump)) return fail(`bump must be one of ${BUMPS.join(", ")}`);
  if (!Array.isArray(changes)) return fail("changes must be an array");
  return {
    bump: bump as SpecBump,
    changes: changes.map((change: unknown, index) => {
      const { pointer, line, side, classification, reason } = (change ?? {}) as Record<string, unknown>;
      if (typeof pointer !== "string" || typeof reason !== "string" || typeof side !== "string") return fail(`changes[${index}] needs pointer, side and reason strings`);
      if (typeof classification !== "string" || !CLASSIFICATIONS.includes(classification)) return fail(`changes[${index}].classification must be one of ${CLASSIFICATIONS.join(", ")}`);
      return { pointer, line: typeof line === "number" ? line : null, side, classification: classification as SpecClassification, reason, presence: where(pointer) };
    }),
  };
}

function presence(base: unknown, working: unknown, pointer: string): SpecChange["presence"] {
  const inBase = resolvePointer(base, pointer);
  const inWorking = resolvePointer(working, pointer);
  // An array element (a parameter, an enum value) is known by its name, not its index: the
  // same index can hold another element once one is added or removed before it.
  const tokens = pointer.split("/");
  if (/^\d+$/.test(tokens.at(-1) ?? "")) {
    const parent = tokens.slice(0, -1).join("/");
    const baseList = resolvePointer(base, parent);
    const workingList = resolvePointer(working, parent);
    if (Array.isArray(baseList) && Array.isArray(workingList)) {
      const isNew = inWorking !== undefined && !baseList.some((element) => sameElement(element, inWorking));
      const isGone = inBase !== undefined && !workingList.some((element) => sameElement(element, inBase));
      if (isNew !== isGone) return isNew ? "added" : "removed";
    }
  }
  if (inWorking !== undefined && inBase === undefined) return "added";
  if (inBase !== undefined && inWorking === undefined) return "removed";
  return "changed";
}

function sameElement(a: unknown, b: unknown): boolean {
  const identity = (value: unknown) => {
    if (value && typeof value === "object" && "name" in value) return `${String((value as { in?: unknown }).in)}:${String((value as { name: unknown }).name)}`;
    if (value && typeof value === "object" && "$ref" in value) return String((value as { $ref: unknown }).$ref);
    return JSON.stringify(value);
  };
  return identity(a) === identity(b);
}

/** RFC 6901: `/paths/~1v2~1eval-runs/get` → document.paths["/v2/eval-runs"].get; undefined when absent. */
export function resolvePointer(document: unknown, pointer: string): unknown {
  if (pointer === "" || pointer === "#") return document;
  const tokens = pointer.replace(/^#/, "").split("/").slice(1).map((token) => token.replace(/~1/g, "/").replace(/~0/g, "~"));
  let node: unknown = document;
  for (const token of tokens) {
    if (node === null || typeof node !== "object" || !Object.hasOwn(node, token)) return undefined;
    node = (node as Record<string, unknown>)[token];
  }
  return node;
}

/** The spec's `info.version`: the API version a release targets. */
export function apiVersionOf(root: string, file = SPEC): string {
  const spec = parse(readFileSync(join(root, file), "utf8")) as { info?: { version?: unknown } };
  const version = spec.info?.version;
  if (typeof version !== "string" && typeof version !== "number") throw new CommandFailed(`${file} has no info.version.`);
  return String(version);
}

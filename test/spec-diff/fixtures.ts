// The fixture table: each fixtures/<name>.yaml is a change to base.yaml (a frozen copy of the 0.1.0 spec),
// written as JSON-Patch-like edits, with the bump and the classified changes spec:diff must report.
import * as fs from "node:fs";
import * as path from "node:path";
import { fileURLToPath } from "node:url";
import YAML from "yaml";
import type { Bump, Classification, Side } from "../../scripts/spec-diff/index.js";

export const FIXTURES = fileURLToPath(new URL("./fixtures/", import.meta.url));

/** `add` sets a key (or appends, with a last segment `-`), `replace` sets, `remove` deletes, `move` renames. */
export interface Edit {
  op: "add" | "replace" | "remove" | "move";
  path: string;
  value?: unknown;
  /** For `move`: where the value comes from. */
  from?: string;
}

export interface ExpectedChange {
  pointer: string;
  side: Side;
  classification: Classification;
  /** Words the reason must contain (the parameter or field name, the new value). */
  mentions: string[];
  /** Text on the reported line: of the after spec, or of the before spec for a removal. */
  at?: string;
}

export interface Fixture {
  name: string;
  title: string;
  /** Edits that make the before spec from base.yaml (none: base.yaml itself). */
  setup?: Edit[];
  /** Edits that make the after spec from the before spec. */
  change: Edit[];
  bump: Bump;
  changes: ExpectedChange[];
}

export function loadFixtures(): Fixture[] {
  return fs
    .readdirSync(FIXTURES)
    .filter((file) => file.endsWith(".yaml") && file !== "base.yaml")
    .sort()
    .map((file) => ({ name: path.basename(file, ".yaml"), ...(YAML.parse(fs.readFileSync(path.join(FIXTURES, file), "utf8")) as Omit<Fixture, "name">) }));
}

/** Writes before.yaml and after.yaml of a fixture into `dir`; returns their paths and texts. */
export function writePair(fixture: Fixture, dir: string): { before: string; after: string; beforeText: string; afterText: string } {
  const doc = YAML.parseDocument(fs.readFileSync(path.join(FIXTURES, "base.yaml"), "utf8"));
  applyEdits(doc, fixture.setup ?? []);
  const beforeText = print(doc);
  applyEdits(doc, fixture.change);
  const afterText = print(doc);
  const before = path.join(dir, `${fixture.name}.before.yaml`);
  const after = path.join(dir, `${fixture.name}.after.yaml`);
  fs.writeFileSync(before, beforeText);
  fs.writeFileSync(after, afterText);
  return { before, after, beforeText, afterText };
}

const print = (doc: YAML.Document): string => doc.toString({ lineWidth: 0, flowCollectionPadding: false });

function applyEdits(doc: YAML.Document, edits: readonly Edit[]): void {
  // `-` as the last key appends to a sequence, as in JSON Patch.
  const put = (keys: (string | number)[], node: unknown) => (keys.at(-1) === "-" ? doc.addIn(keys.slice(0, -1), node) : doc.setIn(keys, node));
  for (const edit of edits) {
    const keys = yamlPath(doc, edit.path);
    if (keys.length > 1 && !doc.hasIn(keys.slice(0, -1))) throw new Error(`fixture edit ${edit.op} ${edit.path}: no such parent`);
    if (edit.op === "remove" || edit.op === "move") {
      const from = edit.op === "move" ? yamlPath(doc, edit.from ?? "") : keys;
      if (!doc.hasIn(from)) throw new Error(`fixture edit ${edit.op} ${edit.from ?? edit.path}: nothing there`);
      const moved = doc.getIn(from, true);
      doc.deleteIn(from);
      if (edit.op === "move") put(keys, moved);
    } else put(keys, doc.createNode(edit.value));
  }
}

/** A JSON pointer as the keys yaml's Document API takes: a number where the parent is a sequence. */
function yamlPath(doc: YAML.Document, pointer: string): (string | number)[] {
  const keys: (string | number)[] = [];
  for (const part of pointer.split("/").slice(1).map((p) => p.replace(/~1/g, "/").replace(/~0/g, "~"))) {
    keys.push(YAML.isSeq(doc.getIn(keys, true)) && /^\d+$/.test(part) ? Number(part) : part);
  }
  return keys;
}

/** The 1-based line `line` of `text`. */
export const lineText = (text: string, line: number): string => text.split("\n")[line - 1] ?? "";

// Prettier results remembered across runs (like `prettier --cache`), for the codegen worker.
// Measured: formatting generated/ is ~200-400 ms of a ~1.1 s run, and loading prettier's parser
// plugins another ~300 ms of CPU; an unchanged output (the usual check:generated, and every
// output a spec edit does not touch) needs neither. The key covers everything the result depends
// on: prettier's version, the resolved config (.prettierrc, .editorconfig), the file name (it
// picks the parser) and the unformatted text. A corrupt or unreadable file is an empty memo.
import { createHash } from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";
import { fileURLToPath } from "node:url";

const file = fileURLToPath(new URL("../../node_modules/.cache/pipeline/format-memo.json", import.meta.url));
/** Results kept: the repo's formatted outputs (six), plus room for other versions (tests, watch edits). */
const MAX_ENTRIES = 25;

let entries; // key → formatted text, least recently used first

function load() {
  if (entries) return entries;
  try {
    entries = new Map(Object.entries(JSON.parse(fs.readFileSync(file, "utf8"))));
  } catch {
    entries = new Map();
  }
  return entries;
}

export function memoKey(prettierVersion, config, filepath, text) {
  const input = JSON.stringify([prettierVersion, config, path.basename(filepath), text]);
  return createHash("sha256").update(input).digest("hex");
}

export function recall(key) {
  const memo = load();
  const formatted = memo.get(key);
  if (typeof formatted !== "string") return undefined;
  memo.delete(key); // re-insert: most recently used last
  memo.set(key, formatted);
  return formatted;
}

export function remember(key, formatted) {
  const memo = load();
  memo.set(key, formatted);
  while (memo.size > MAX_ENTRIES) memo.delete(memo.keys().next().value);
}

/** Best effort and atomic (temp file + rename): a read-only or racing write only costs speed. */
export function saveMemo() {
  try {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    const tmp = `${file}.${process.pid}.tmp`;
    fs.writeFileSync(tmp, JSON.stringify(Object.fromEntries(load())));
    fs.renameSync(tmp, file);
  } catch {
    // ignore
  }
}

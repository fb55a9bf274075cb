// Step 10: compare the in-memory outputs with the output folder, and (generate only) bring the
// folder in line. The same comparison is the drift check, so generate and check cannot disagree.
import * as fs from "node:fs/promises";
import * as path from "node:path";

export interface Drift {
  /** On disk with different bytes. */
  stale: string[];
  /** Produced, not on disk. */
  missing: string[];
  /** On disk, no longer produced. */
  extra: string[];
  unchanged: string[];
}

export function hasDrift(d: Drift): boolean {
  return d.stale.length + d.missing.length + d.extra.length > 0;
}

export async function compareOutputs(outDir: string, files: ReadonlyMap<string, string>): Promise<Drift> {
  const onDisk = new Set(await listFiles(outDir));
  const drift: Drift = { stale: [], missing: [], extra: [], unchanged: [] };
  for (const [name, content] of files) {
    if (!onDisk.has(name)) drift.missing.push(name);
    else if ((await fs.readFile(path.join(outDir, name))).equals(Buffer.from(content))) drift.unchanged.push(name);
    else drift.stale.push(name);
  }
  drift.extra = [...onDisk].filter((name) => !files.has(name)).sort();
  return drift;
}

/**
 * Write only the files whose bytes changed (stable mtimes keep watchers and editors calm), and
 * remove extras. Changed files are first all written to a temp folder beside outDir (same file
 * system), then renamed in: a failure while writing (disk full, permissions) leaves outDir as it
 * was, and each rename is atomic, so no reader ever sees a half-written file.
 */
export async function writeOutputs(outDir: string, files: ReadonlyMap<string, string>): Promise<Drift> {
  const drift = await compareOutputs(outDir, files);
  if (!hasDrift(drift)) return drift;
  const changed = [...drift.stale, ...drift.missing];
  await fs.mkdir(outDir, { recursive: true });
  const tmp = await fs.mkdtemp(path.join(path.dirname(outDir), `.${path.basename(outDir)}.tmp-`));
  try {
    for (const name of changed) {
      await fs.mkdir(path.dirname(path.join(tmp, name)), { recursive: true });
      await fs.writeFile(path.join(tmp, name), files.get(name)!);
    }
    for (const name of changed) {
      await fs.mkdir(path.dirname(path.join(outDir, name)), { recursive: true });
      await fs.rename(path.join(tmp, name), path.join(outDir, name));
    }
    for (const name of drift.extra) await fs.rm(path.join(outDir, name), { force: true });
    await removeEmptyDirs(outDir);
  } finally {
    await fs.rm(tmp, { recursive: true, force: true });
  }
  return drift;
}

/** Files under dir, relative, `/`-separated, sorted; [] when dir does not exist. */
async function listFiles(dir: string): Promise<string[]> {
  let entries;
  try {
    entries = await fs.readdir(dir, { recursive: true, withFileTypes: true });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return [];
    throw error;
  }
  return entries
    .filter((e) => !e.isDirectory())
    .map((e) => path.relative(dir, path.join(e.parentPath, e.name)).split(path.sep).join("/"))
    .sort();
}

async function removeEmptyDirs(dir: string): Promise<void> {
  for (const entry of await fs.readdir(dir, { withFileTypes: true })) {
    if (!entry.isDirectory()) continue;
    const sub = path.join(dir, entry.name);
    await removeEmptyDirs(sub);
    if ((await fs.readdir(sub)).length === 0) await fs.rmdir(sub);
  }
}

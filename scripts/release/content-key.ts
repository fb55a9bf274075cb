// A key for content-keyed caches: a hash over the relative path and bytes of every file under
// the given inputs (files or folders; missing ones are skipped), the same on every machine.
import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative, sep } from "node:path";

export function contentKey(root: string, inputs: readonly string[], length = 24): string {
  const hash = createHash("sha256");
  const visit = (path: string): void => {
    if (!existsSync(path)) return;
    if (statSync(path).isDirectory()) {
      for (const name of readdirSync(path).sort()) visit(join(path, name));
      return;
    }
    hash.update(relative(root, path).split(sep).join("/")).update("\0").update(readFileSync(path)).update("\0");
  };
  for (const input of inputs) visit(join(root, input));
  return hash.digest("hex").slice(0, length);
}

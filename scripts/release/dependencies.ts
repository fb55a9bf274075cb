// The SDK's runtime dependencies as tarballs, packed from this repo's node_modules, so a consumer
// project installs the SDK with `npm install --offline` (no registry metadata needed) and a local
// registry can serve them (nothing leaves the machine). Shared by the release and test/support/packed.ts.
import { existsSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { runCommand } from "./exec.js";

/** node_modules folders of the production dependency tree of the package at `root`. */
export function runtimeDependencyFolders(root: string): string[] {
  const found = new Set<string>();
  const visit = (packageDir: string): void => {
    const { dependencies = {} } = JSON.parse(readFileSync(join(packageDir, "package.json"), "utf8")) as { dependencies?: Record<string, string> };
    for (const name of Object.keys(dependencies)) {
      const folder = resolvePackageFolder(packageDir, name, root);
      if (!found.has(folder)) {
        found.add(folder);
        visit(folder);
      }
    }
  };
  visit(root);
  return [...found].sort();
}

/** Node's lookup: node_modules/<name> in this folder or any parent up to `root`. */
function resolvePackageFolder(from: string, name: string, root: string): string {
  for (let dir = from; ; dir = join(dir, "..")) {
    const candidate = join(dir, "node_modules", name);
    if (existsSync(join(candidate, "package.json"))) return candidate;
    if (relative(root, dir) === "" || dir === join(dir, "..")) throw new Error(`Cannot find dependency ${name} from ${from}: run npm ci.`);
  }
}

/** Packs every runtime dependency of `root` into `destination`; returns the tarballs' paths. */
export async function packDependencies(root: string, destination: string, env: NodeJS.ProcessEnv = process.env): Promise<string[]> {
  const folders = runtimeDependencyFolders(root);
  const packed = await Promise.all(
    folders.map(async (folder) => {
      const result = await runCommand("npm", ["pack", folder, "--pack-destination", destination, "--ignore-scripts", "--json", "--no-fund", "--no-audit"], { cwd: root, env, timeoutMs: 120_000 });
      if (result.code !== 0) throw new Error(`npm pack ${folder} exited ${result.code}\n${result.stderr}`);
      const [info] = JSON.parse(result.stdout) as { filename: string }[];
      return join(destination, info!.filename);
    }),
  );
  return packed.sort();
}

// The SDK's runtime dependencies as tarballs, packed from this repo's node_modules, so a consumer
// project installs the SDK with `npm install --offline` (no registry metadata needed) and a local
// registry can serve them (nothing leaves the machine). Shared by the release and test/support/packed.ts.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync } from "node:fs";
import { join, relative } from "node:path";
import { CommandFailed, runCommand } from "./exec.js";

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

/**
 * Tarballs of every runtime dependency of `root`, packed once per name@version into `cacheDir`
 * (a release packs them for its corpus run; the next one reuses them).
 */
export async function packDependencies(root: string, cacheDir: string, env: NodeJS.ProcessEnv = process.env): Promise<string[]> {
  mkdirSync(cacheDir, { recursive: true });
  const packed = await Promise.all(
    runtimeDependencyFolders(root).map(async (folder) => {
      const { name, version } = JSON.parse(readFileSync(join(folder, "package.json"), "utf8")) as { name: string; version: string };
      const tarball = join(cacheDir, `${name.replace(/^@/, "").replace("/", "-")}-${version}.tgz`);
      if (existsSync(tarball)) return tarball;
      const staging = mkdtempSync(join(cacheDir, ".pack-"));
      try {
        const result = await runCommand("npm", ["pack", folder, "--pack-destination", staging, "--ignore-scripts", "--json", "--no-fund", "--no-audit"], { cwd: root, env, timeoutMs: 120_000 });
        if (result.code !== 0) throw new CommandFailed(`npm pack ${folder} exited ${result.code}\n${result.stderr}`);
        const [info] = JSON.parse(result.stdout.slice(result.stdout.search(/^\[/m))) as { filename: string }[];
        renameSync(join(staging, info!.filename), tarball);
        return tarball;
      } finally {
        rmSync(staging, { recursive: true, force: true });
      }
    }),
  );
  return packed.sort();
}

// The package as downstream users get it, packed once per content: every test file that needs the
// tarball (delivery, ecosystem, registry, sandbox CLI) shares one `npm pack` (which builds), even
// across vitest's worker processes. Keyed by a hash of every file that goes into the package, so
// an edit repacks and an unchanged tree reuses the tarball. Offline installs get the SDK's runtime
// dependencies as tarballs too (packed from this repo's node_modules): `npm install --offline`
// then needs no registry metadata, which a fresh CI machine's npm cache does not have.
import { execFile } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { contentKey } from "../../scripts/release/content-key.js";
import { runtimeDependencyFolders } from "../../scripts/release/dependencies.js";

export const repoRoot = fileURLToPath(new URL("../..", import.meta.url));
const PACKAGE_INPUTS = ["src", "generated", "scripts/build.ts", "package.json", "README.md", "CHANGELOG.md", "tsconfig.json", "tsconfig.build.json"];
const LOCK_STALE_MS = 5 * 60_000;
const WAIT_MS = 5 * 60_000;

export interface PackedSdk {
  /** The SDK's tarball, as `npm pack` wrote it. */
  tarball: string;
  /** Tarballs of the SDK's runtime dependencies (transitively), from this repo's node_modules. */
  dependencyTarballs: string[];
  /** The version in the tarball's package.json. */
  version: string;
}

let packedHere: Promise<PackedSdk> | undefined;

/** Packs the SDK (and its dependencies) once per content; later calls, in any process, reuse it. */
export function packedSdk(root = repoRoot): Promise<PackedSdk> {
  if (root !== repoRoot) return packOnce(root);
  return (packedHere ??= packOnce(root));
}

/**
 * An ESM consumer project at `dir` with the SDK installed from its tarball, offline. `packageJson`
 * is merged into the consumer's package.json (e.g. `{ type: "commonjs" }`).
 */
export async function installPackedSdk(dir: string, packageJson: Record<string, unknown> = {}): Promise<PackedSdk> {
  const packed = await packedSdk();
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, "package.json"), `${JSON.stringify({ name: "consumer", private: true, type: "module", ...packageJson }, null, 2)}\n`);
  const args = ["install", "--offline", "--no-audit", "--no-fund", "--no-package-lock", "--ignore-scripts", packed.tarball, ...packed.dependencyTarballs];
  const result = await npm(args, dir);
  if (result.code !== 0) throw new Error(`npm ${args.join(" ")} exited ${result.code} in ${dir}\n${result.output}`);
  return packed;
}

async function packOnce(root: string): Promise<PackedSdk> {
  const key = contentKey(root, PACKAGE_INPUTS, 16);
  const cacheDir = join(root, "node_modules", ".cache", "packed-sdk");
  const doneDir = join(cacheDir, key);
  const manifestFile = join(doneDir, "manifest.json");
  const lockDir = join(cacheDir, `${key}.lock`);
  mkdirSync(cacheDir, { recursive: true });
  const started = Date.now();
  for (;;) {
    const ready = readManifest(manifestFile);
    if (ready) return ready;
    if (tryLock(lockDir)) break;
    if (Date.now() - started > WAIT_MS) throw new Error(`Waited ${WAIT_MS / 1000} s for another process to pack the SDK (lock ${lockDir}).`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  try {
    const ready = readManifest(manifestFile); // packed while we waited for the lock
    if (ready) return ready;
    const staging = join(cacheDir, `${key}.${process.pid}.tmp`);
    rmSync(staging, { recursive: true, force: true });
    mkdirSync(staging, { recursive: true });
    const packed = await npm(["pack", "--pack-destination", staging, "--no-fund", "--no-audit"], root);
    if (packed.code !== 0) throw new Error(`npm pack exited ${packed.code} in ${root}\n${packed.output}`);
    const tarballs = readdirSync(staging).filter((name) => name.endsWith(".tgz"));
    if (tarballs.length !== 1) throw new Error(`npm pack left ${tarballs.length} tarballs in ${staging}`);
    const depsDir = join(staging, "deps");
    mkdirSync(depsDir);
    for (const folder of runtimeDependencyFolders(root)) {
      const result = await npm(["pack", folder, "--pack-destination", depsDir, "--ignore-scripts", "--no-fund", "--no-audit"], root);
      if (result.code !== 0) throw new Error(`npm pack ${folder} exited ${result.code}\n${result.output}`);
    }
    const { version } = JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as { version: string };
    const manifest = { tarball: tarballs[0]!, dependencyTarballs: readdirSync(depsDir).sort().map((name) => `deps/${name}`), version };
    writeFileSync(join(staging, "manifest.json"), JSON.stringify(manifest));
    rmSync(doneDir, { recursive: true, force: true });
    renameSync(staging, doneDir);
    return readManifest(manifestFile)!;
  } finally {
    rmSync(lockDir, { recursive: true, force: true });
  }
}

function readManifest(file: string): PackedSdk | undefined {
  try {
    const manifest = JSON.parse(readFileSync(file, "utf8")) as { tarball: string; dependencyTarballs: string[]; version: string };
    const dir = join(file, "..");
    const packed = { tarball: join(dir, manifest.tarball), dependencyTarballs: manifest.dependencyTarballs.map((name) => join(dir, name)), version: manifest.version };
    return [packed.tarball, ...packed.dependencyTarballs].every((path) => existsSync(path)) ? packed : undefined;
  } catch {
    return undefined;
  }
}

function tryLock(lockDir: string): boolean {
  try {
    mkdirSync(lockDir);
    return true;
  } catch {
    // A packer that died leaves its lock behind: take it over once it is clearly abandoned.
    try {
      if (Date.now() - statSync(lockDir).mtimeMs > LOCK_STALE_MS) rmSync(lockDir, { recursive: true, force: true });
    } catch {
      // gone meanwhile: the next round retries
    }
    return false;
  }
}

function npm(args: string[], cwd: string): Promise<{ code: number; output: string }> {
  return new Promise((resolve) => {
    // A private npm cache keeps concurrent installs from contending on the user's cache lock.
    const env = { ...process.env, npm_config_cache: join(tmpdir(), "aymara-npm-cache"), npm_config_update_notifier: "false" };
    execFile("npm", args, { cwd, env, maxBuffer: 64 * 1024 * 1024, timeout: 240_000 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === "number" ? error.code : 1) : 0;
      resolve({ code, output: `${stdout}\n${stderr}${error && typeof error.code !== "number" ? `\n${String(error)}` : ""}`.trim() });
    });
  });
}

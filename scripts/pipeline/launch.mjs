// `node scripts/pipeline/launch.mjs scripts/<entry>.ts [args]`: runs a pipeline entry without tsx.
// tsx costs ~0.4 s per cold start here (its loader thread, esbuild service, and a hook round trip
// for every module Node loads, ~400 for openapi-core alone). Instead the entry is bundled once with
// esbuild (libraries stay external) into node_modules/.cache/pipeline/, and reused while every
// source file in the bundle has the same SHA-1 (checking them: a few ms). Any edit → a rebuild.
// Plain JavaScript: it must run before any TypeScript can.
import { createHash } from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const root = fileURLToPath(new URL("../../", import.meta.url));
const cacheDir = path.join(root, "node_modules", ".cache", "pipeline");
/** Bump when the build options below change: older manifests then no longer match. */
const BUILD = "esbuild-esm-1";

if (!process.argv[2]?.endsWith(".ts")) {
  console.error("Usage: node scripts/pipeline/launch.mjs <entry.ts> [flags]");
  process.exit(2);
}
const entry = path.resolve(process.argv[2]);
// The entry sees the argv it would see under `tsx <entry> [args]`.
process.argv.splice(1, 2, entry);
const sha1 = (text) => createHash("sha1").update(text).digest("hex");
// One manifest per entry *path*: projects that share a node_modules (a copy with it symlinked, as
// the command tests make) would otherwise overwrite each other's and rebuild on every run.
const manifestFile = path.join(cacheDir, `${path.basename(entry, ".ts")}-${sha1(entry).slice(0, 8)}.json`);

function cachedBundle() {
  try {
    const manifest = JSON.parse(fs.readFileSync(manifestFile, "utf8"));
    if (manifest.build !== BUILD || manifest.entry !== entry) return undefined;
    for (const [file, hash] of Object.entries(manifest.inputs)) {
      if (sha1(fs.readFileSync(path.join(root, file))) !== hash) return undefined;
    }
    const out = path.join(cacheDir, manifest.out);
    return fs.existsSync(out) ? out : undefined;
  } catch {
    return undefined; // no manifest yet, unreadable or an input gone: rebuild
  }
}

// Bundling moves the code into the cache folder; each module keeps its own import.meta values
// (rootDir, the worker's URL, createRequire) by having them written in as literals.
const keepImportMeta = {
  name: "keep-import-meta",
  setup(build) {
    build.onLoad({ filter: /\.[cm]?ts$/ }, async (args) => {
      const source = await fs.promises.readFile(args.path, "utf8");
      const contents = source
        .replaceAll("import.meta.url", JSON.stringify(pathToFileURL(args.path).href))
        .replaceAll("import.meta.dirname", JSON.stringify(path.dirname(args.path)))
        .replaceAll("import.meta.filename", JSON.stringify(args.path));
      return { contents, loader: "ts" };
    });
  },
};

async function rebuild() {
  const esbuild = await import("esbuild");
  // esbuild runs as a child service; stopped as soon as the bundle is built, not left to the entry.
  const result = await esbuild.build({
    entryPoints: [entry],
    bundle: true,
    packages: "external",
    platform: "node",
    format: "esm",
    target: "node20",
    write: false,
    metafile: true,
    logLevel: "error",
    plugins: [keepImportMeta],
    absWorkingDir: root,
  }).finally(() => esbuild.stop());
  const inputs = {};
  for (const file of Object.keys(result.metafile.inputs).sort()) {
    inputs[file] = sha1(fs.readFileSync(path.join(root, file))); // file: relative to root, `/`-separated
  }
  const code = result.outputFiles[0].contents;
  // Named by content: concurrent runs never overwrite a bundle another run is about to import.
  const out = `${path.basename(entry, ".ts")}-${sha1(code).slice(0, 12)}.mjs`;
  fs.mkdirSync(cacheDir, { recursive: true });
  writeAtomically(path.join(cacheDir, out), code);
  writeAtomically(manifestFile, `${JSON.stringify({ build: BUILD, entry, out, inputs }, null, 2)}\n`);
  pruneOldBundles(out);
  pruneOrphanManifests();
  return path.join(cacheDir, out);
}

/** Earlier bundles of this entry, once no run can still be about to import them (an hour on). */
function pruneOldBundles(keep) {
  const prefix = `${path.basename(entry, ".ts")}-`;
  for (const name of fs.readdirSync(cacheDir)) {
    const file = path.join(cacheDir, name);
    if (name === keep || !name.startsWith(prefix) || !name.endsWith(".mjs")) continue;
    if (Date.now() - fs.statSync(file).mtimeMs > 3_600_000) fs.rmSync(file, { force: true });
  }
}

/** Manifests of entries that no longer exist (removed temp copies of the project). */
function pruneOrphanManifests() {
  for (const name of fs.readdirSync(cacheDir)) {
    if (!name.endsWith(".json") || name === "format-memo.json") continue;
    const file = path.join(cacheDir, name);
    try {
      const { build, entry: other } = JSON.parse(fs.readFileSync(file, "utf8"));
      if (build === BUILD && !fs.existsSync(other)) fs.rmSync(file, { force: true });
    } catch {
      // not a manifest, or removed meanwhile
    }
  }
}

function writeAtomically(file, data) {
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, data);
  fs.renameSync(tmp, file);
}

try {
  await import(pathToFileURL(cachedBundle() ?? (await rebuild())).href);
} catch (error) {
  // The entry could not be built or loaded (its own failures end in lifecycle.ts): exit 3, as there.
  console.error(error?.stack ?? String(error));
  console.error(`${path.relative(root, entry)}: internal error (a bug, or a broken install: \`npm ci\` may fix it).`);
  process.exitCode = 3;
}

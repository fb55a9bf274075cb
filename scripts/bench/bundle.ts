// Bundle size: what an application ships for the SDK (runtime entry + dependencies, minified, gzip -9),
// next to what it ships for bare openapi-fetch. Sizes are deterministic: one build each.
import { gzipSync, constants } from "node:zlib";
import path from "node:path";
import { build, type BuildOptions } from "esbuild";
import { repoRoot } from "./processes.js";
import type { Figure } from "./report.js";
import type { BenchContext } from "./context.js";
import { summarize } from "./stats.js";

const TARGET_KB = 10;

// A bundler targeting browsers and servers alike: ESM, tree-shaken, minified; Node built-ins (if any) stay external.
const common: BuildOptions = {
  bundle: true,
  minify: true,
  format: "esm",
  platform: "neutral",
  mainFields: ["module", "main"],
  target: "es2022",
  external: ["node:*"],
  write: false,
  logLevel: "silent",
  absWorkingDir: repoRoot,
};

interface Size {
  minified: number;
  gzipped: number;
  externals: string[];
  /** Minified bytes each input file contributes, largest first. */
  inputs: [string, number][];
}

async function bundledSize(options: BuildOptions): Promise<Size> {
  const result = await build({ ...common, ...options, metafile: true });
  const file = result.outputFiles?.[0];
  if (!file) throw new Error("esbuild produced no output");
  const externals = Object.values(result.metafile?.outputs ?? {}).flatMap((output) =>
    output.imports.filter((imported) => imported.external).map((imported) => imported.path),
  );
  const inputs = Object.values(result.metafile?.outputs ?? {})
    .flatMap((output) => Object.entries(output.inputs).map(([name, input]): [string, number] => [name, input.bytesInOutput]))
    .sort((a, b) => b[1] - a[1]);
  return {
    inputs,
    minified: file.contents.byteLength,
    gzipped: gzipSync(file.contents, { level: constants.Z_BEST_COMPRESSION }).byteLength,
    externals,
  };
}

const kB = (bytes: number): number => bytes / 1000;
const one = (value: number) => summarize([value]);

export async function benchBundle(ctx: BenchContext): Promise<Figure[]> {
  const sdk = await bundledSize({ entryPoints: [path.join(repoRoot, "src/index.ts")] });
  // What an app using openapi-fetch directly imports: its default export, createClient.
  const bare = await bundledSize({
    stdin: { contents: 'export { default } from "openapi-fetch";', resolveDir: repoRoot, loader: "js" },
  });
  ctx.log(`bundle: SDK ${sdk.gzipped} B gz (${sdk.minified} B min), openapi-fetch ${bare.gzipped} B gz (${bare.minified} B min)`);
  const perInput = sdk.inputs.map(([name, bytes]) => `${name.replace(/^node_modules\//, "")} ${(bytes / 1000).toFixed(1)}`);
  ctx.log(`bundle: SDK inputs, minified kB: ${perInput.join(", ")}`);
  const externalNote = sdk.externals.length > 0 ? `; imports ${[...new Set(sdk.externals)].join(", ")} at run time` : "";
  return [
    {
      bench: "bundle",
      name: "SDK `src/index.ts` + deps, min+gzip",
      unit: "kB",
      summary: one(kB(sdk.gzipped)),
      target: { text: `<= ${TARGET_KB} kB`, met: kB(sdk.gzipped) <= TARGET_KB },
      note: `${kB(sdk.minified).toFixed(1)} kB minified; per input, minified kB: ${perInput.join(", ")}${externalNote}`,
    },
    {
      bench: "bundle",
      name: "bare openapi-fetch (createClient), min+gzip",
      unit: "kB",
      summary: one(kB(bare.gzipped)),
      note: `${kB(bare.minified).toFixed(1)} kB minified`,
    },
    { bench: "bundle", name: "SDK's own code on top of openapi-fetch, min+gzip", unit: "kB", summary: one(kB(sdk.gzipped - bare.gzipped)) },
    { bench: "bundle", name: "SDK / bare openapi-fetch, min+gzip", unit: "x", summary: one(sdk.gzipped / bare.gzipped) },
  ];
}

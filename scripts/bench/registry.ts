// The registry round trip that test/release/release.test.ts proves, timed as one piece: start Verdaccio
// on loopback (no uplinks), publish release N with its dependencies, `npm install aymara-eval-runs@^N`
// into a fresh project and list runs from the sandbox there, publish a non-breaking N+1 and a breaking
// N+2, `npm update`, and stop the registry. N+1 and N+2 are the packed tarball with its version
// rewritten (made before timing): what is measured is the registry and npm, not the build.
import { execFileSync } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { packedSdk } from "../../test/support/packed.js";
import { startLocalRegistry } from "../../test/support/registry.js";
import { rounds, type BenchContext } from "./context.js";
import { makeTempDir, removeTempDir } from "./project-copy.js";
import type { Figure } from "./report.js";
import { msSince, summarize } from "./stats.js";

const TARGET_MS = 30_000;

const LIST_SCRIPT = `import { AymaraAI } from "aymara-eval-runs";
import { createSandboxServer } from "aymara-eval-runs/testing";
const sandbox = await createSandboxServer({ runs: 30 });
const runs = await new AymaraAI({ apiKey: sandbox.apiKey, baseURL: sandbox.url }).evals.runs.list({ limit: 10 }).toArray();
await sandbox.close();
if (runs.length !== 30) throw new Error("listed " + runs.length + " runs, expected 30");
`;

/** The tarball `tarball` with `version` in its package.json, packed into `dir`. */
function withVersion(tarball: string, version: string, dir: string): string {
  const unpacked = path.join(dir, version);
  mkdirSync(unpacked, { recursive: true });
  execFileSync("tar", ["-xzf", tarball, "-C", unpacked]);
  const manifest = path.join(unpacked, "package", "package.json");
  writeFileSync(manifest, JSON.stringify({ ...JSON.parse(readFileSync(manifest, "utf8")), version }, null, 2));
  const name = execFileSync("npm", ["pack", path.join(unpacked, "package"), "--ignore-scripts", "--pack-destination", dir], { cwd: dir, encoding: "utf8" }).trim().split("\n").pop()!;
  return path.join(dir, name);
}

function nextVersions(version: string): { patch: string; minor: string } {
  const [major, minor, patch] = version.split(".").map(Number) as [number, number, number];
  return { patch: `${major}.${minor}.${patch + 1}`, minor: `${major}.${minor + 1}.0` };
}

async function roundTrip(releases: string[], dependencies: string[], range: string, expected: string): Promise<number> {
  const consumer = makeTempDir("registry-consumer");
  const started = process.hrtime.bigint();
  const registry = await startLocalRegistry();
  try {
    const [release, ...later] = releases;
    await Promise.all([release!, ...dependencies].map((tarball) => registry.publish(tarball)));
    writeFileSync(path.join(consumer, "package.json"), JSON.stringify({ name: "downstream-app", private: true, type: "module" }));
    writeFileSync(path.join(consumer, "list.mjs"), LIST_SCRIPT);
    const checked = async (args: string[]) => {
      const result = await registry.npm(args, consumer);
      if (result.code !== 0) throw new Error(`npm ${args.join(" ")} exited ${result.code}\n${result.stdout}\n${result.stderr}`);
    };
    await checked(["install", `aymara-eval-runs@${range}`]);
    execFileSync(process.execPath, ["list.mjs"], { cwd: consumer, timeout: 30_000 });
    for (const tarball of later) await registry.publish(tarball);
    await checked(["update"]);
    const installed = (JSON.parse(readFileSync(path.join(consumer, "node_modules/aymara-eval-runs/package.json"), "utf8")) as { version: string }).version;
    if (installed !== expected) throw new Error(`npm update installed ${installed}, expected ${expected}`);
  } finally {
    await registry.stop();
    removeTempDir(consumer);
  }
  return msSince(started);
}

export async function benchRegistry(ctx: BenchContext): Promise<Figure[]> {
  const sdk = await packedSdk();
  const scratch = makeTempDir("registry-tarballs");
  try {
    const next = nextVersions(sdk.version);
    const releases = [sdk.tarball, withVersion(sdk.tarball, next.patch, scratch), withVersion(sdk.tarball, next.minor, scratch)];
    const ms: number[] = [];
    for (let round = 0; round < rounds(ctx, 3, 1); round++) {
      ms.push(await roundTrip(releases, sdk.dependencyTarballs, `^${sdk.version}`, next.patch));
    }
    ctx.log(`registry: ${ms.map(Math.round).join(", ")} ms`);
    const summary = summarize(ms);
    return [
      {
        bench: "registry",
        name: `local registry round trip: start Verdaccio, publish ${sdk.version} and its dependencies, \`npm install aymara-eval-runs@^${sdk.version}\`, list runs, publish ${next.patch} and ${next.minor}, \`npm update\` (picks ${next.patch}), stop`,
        unit: "ms",
        summary,
        target: { text: `<= ${TARGET_MS / 1000} s`, met: summary.median <= TARGET_MS },
      },
    ];
  } finally {
    removeTempDir(scratch);
  }
}

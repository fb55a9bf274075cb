// The two speed paths that reach into dependency internals degrade, never break: in a copy of the
// project whose node_modules holds fake layouts of those packages (the internal gone, as a future
// release could do it), `npm run generate` warns once for each, takes the public path, and writes
// the same bytes as the fast path does in an untouched copy.
//  - openapi-typescript without its `./*` export: the codegen worker (openapi-ts-adapter.mjs)
//    cannot require its transform modules and calls the public openapiTS() + astToString().
//  - @redocly/cli whose entry imports the build-docs chunk in another way: the docs step
//    (docs-redocly.ts) cannot find the in-process handler and spawns `redocly build-docs`.
import { createHash } from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";
import { afterAll, describe, expect, test } from "vitest";
import { copyProject, fakePackage, repoRoot, runScript, type ProjectCopy } from "./commands.js";

/** package.json without the `./*` subpath exports (the entry points `.` stay). */
const openapiTypescriptWithoutSubpaths = fakePackage({
  "package.json": (real, fake) => {
    const manifest = JSON.parse(fs.readFileSync(real, "utf8")) as { exports: Record<string, unknown> };
    expect(Object.keys(manifest.exports)).toEqual(expect.arrayContaining(["./*", "./*.js"]));
    delete manifest.exports["./*"];
    delete manifest.exports["./*.js"];
    fs.writeFileSync(fake, JSON.stringify(manifest, null, 2));
  },
});

/** lib/index.js imports the build-docs chunk through a computed path: the CLI still works, our lookup does not. */
const redoclyCliWithOtherEntry = fakePackage({
  // A real file: require.resolve() follows symlinks, and the package root must be this fake one.
  "package.json": (real, fake) => fs.copyFileSync(real, fake),
  bin: (real, fake) => {
    fs.mkdirSync(fake);
    fs.copyFileSync(path.join(real, "cli.js"), path.join(fake, "cli.js")); // so `../lib/index.js` is the fake one
  },
  lib: fakePackage({
    "index.js": (real, fake) => {
      const entry = fs.readFileSync(real, "utf8");
      const changed = entry.replace(/(\{handlerBuildCommand:\w+\}=await import\()("\.\/chunks\/)/, '$1""+$2');
      expect(changed, "the fake entry differs from the real one").not.toBe(entry);
      fs.writeFileSync(fake, changed);
    },
  }),
});

/** The APIs block of a multi-API redocly.yaml: openapi-typescript's CLI would trip on it; openapiTS() must not read it. */
const APIS_BLOCK = "\napis:\n  eval-runs:\n    root: spec/openapi.yaml\n";

const copies: ProjectCopy[] = [];
afterAll(() => {
  for (const copy of copies) copy.remove();
});

/** name → SHA-256 of the bytes of every file in dir (byte-for-byte equality, readable diffs). */
function files(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of fs.readdirSync(dir).sort()) out[name] = createHash("sha256").update(fs.readFileSync(path.join(dir, name))).digest("hex");
  return out;
}

describe("dependency internals degrade, never break", { timeout: 180_000 }, () => {
  test("with both internals gone, generate warns once for each and writes the same generated/ and docs bytes", async () => {
    const fast = copyProject();
    const slow = copyProject({ "openapi-typescript": openapiTypescriptWithoutSubpaths, "@redocly/cli": redoclyCliWithOtherEntry });
    copies.push(fast, slow);
    fs.appendFileSync(slow.file("redocly.yaml"), APIS_BLOCK);
    for (const copy of [fast, slow]) fs.rmSync(copy.file("generated"), { recursive: true }); // every file written anew

    const [fastRun, slowRun] = await Promise.all([runScript(fast.root, "generate"), runScript(slow.root, "generate")]);

    expect(fastRun.code, fastRun.stdout + fastRun.stderr).toBe(0);
    expect(slowRun.code, slowRun.stdout + slowRun.stderr).toBe(0);
    expect(fastRun.errorLines.filter((line) => line.startsWith("warning:"))).toEqual([]);
    expect(slowRun.errorLines.filter((line) => line.startsWith("warning:"))).toEqual([
      expect.stringMatching(/^warning: openapi-typescript 7\.\d+\.\d+: .*ERR_PACKAGE_PATH_NOT_EXPORTED.*; generating types with its slower public openapiTS\(\) instead\.$/),
      expect.stringMatching(/^warning: @redocly\/cli 2\.\d+\.\d+: lib\/index\.js no longer imports a build-docs handler .*; rendering with the slower public `redocly build-docs --inlineBundle` instead\.$/),
    ]);

    const committed = files(path.join(repoRoot, "generated"));
    expect(files(fast.file("generated"))).toEqual(committed);
    expect(files(slow.file("generated"))).toEqual(committed);
    const docs = files(fast.file("dist/docs"));
    expect(Object.keys(docs)).toEqual(["index.html", "openapi.json", "openapi.yaml"]);
    expect(files(slow.file("dist/docs"))).toEqual(docs);
  });
});

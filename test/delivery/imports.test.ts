import { execFile } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { packedSdk } from "../support/packed.js";

// What installing the package brings at run time: every module in the packed tarball imports only
// its own files, Node's built-ins (node:*) and openapi-fetch, so the sandbox's validators (ajv,
// compiled ahead of time) and everything else cost SDK users no dependency.

const ALLOWED_PACKAGES = ["openapi-fetch"];
const SPECIFIER = /\b(?:import|export)\s*(?:type\s+)?(?:[\w$*{}\s,]+?\s*from\s*)?["']([^"']+)["']|\bimport\(\s*["']([^"']+)["']\s*\)|\brequire\(\s*["']([^"']+)["']\s*\)/g;

let unpacked: string;
beforeAll(async () => {
  const { tarball } = await packedSdk();
  unpacked = mkdtempSync(join(tmpdir(), "aymara-tarball-"));
  await promisify(execFile)("tar", ["-xzf", tarball, "-C", unpacked]);
}, 300_000);
afterAll(() => {
  if (unpacked) rmSync(unpacked, { recursive: true, force: true });
});

function modules(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && /\.(?:js|mjs|cjs|d\.ts)$/.test(entry.name))
    .map((entry) => join(entry.parentPath, entry.name));
}

describe("the packed tarball's run-time imports", () => {
  test("depends on openapi-fetch alone", () => {
    const manifest = JSON.parse(readFileSync(join(unpacked, "package", "package.json"), "utf8")) as Record<string, unknown>;
    expect(Object.keys((manifest.dependencies ?? {}) as object)).toEqual(ALLOWED_PACKAGES);
    expect(manifest.peerDependencies).toBeUndefined();
    expect(manifest.optionalDependencies).toBeUndefined();
  });

  test("every built module imports only its own files, node: built-ins and openapi-fetch", () => {
    const files = modules(join(unpacked, "package", "dist"));
    expect(files.some((file) => file.endsWith("generated/validators.js"))).toBe(true);
    const outside: string[] = [];
    const seen = new Set<string>();
    for (const file of files) {
      for (const match of readFileSync(file, "utf8").matchAll(SPECIFIER)) {
        const specifier = match[1] ?? match[2] ?? match[3]!;
        seen.add(specifier);
        const allowed = specifier.startsWith(".") || specifier.startsWith("node:") || ALLOWED_PACKAGES.some((name) => specifier === name || specifier.startsWith(`${name}/`));
        if (!allowed) outside.push(`${relative(unpacked, file)}: ${specifier}`);
      }
    }
    expect(outside).toEqual([]);
    // The scan does see imports: the SDK's own, Node's and openapi-fetch.
    expect([...seen]).toEqual(expect.arrayContaining(["openapi-fetch", "node:http", "../../generated/validators.js"]));
  });
});

import { readFileSync } from "node:fs";
import { join } from "node:path";
import ts from "typescript";
import { describe, expect, test } from "vitest";
import { ENTRIES, runApiReport } from "../../scripts/build-api-report.js";
import { repoRoot } from "../support/packed.js";

// Every spec change that alters public types must show in review: the public surface of the
// built package, entry point by entry point, is compared with the committed reports in test/api-report/.
describe("public API report", () => {
  test(
    "the committed reports match the SDK's public surface (else: npm run api:update)",
    () => {
      const { changed, succeeded, messages } = runApiReport({ update: false });
      expect(messages).toEqual([]);
      expect(changed).toBe(false);
      expect(succeeded).toBe(true);
    },
    180_000,
  );

  test("every entry point is in a report: its own (ENTRIES), or, like ./types, re-exported whole by \".\"", () => {
    const { exports } = JSON.parse(readFileSync(join(repoRoot, "package.json"), "utf8")) as { exports: Record<string, { types?: string }> };
    // ./dist/src/index.d.ts is built from src/index.ts; ./dist/generated/types.d.ts from generated/types.ts.
    const declarations = (entry: string) => exports[entry]!.types!.replace(/^\.\/dist\//, "");
    const source = (entry: string) => join(repoRoot, declarations(entry).replace(/\.d\.ts$/, ".ts"));
    const entries = Object.keys(exports).filter((entry) => exports[entry]!.types);
    const reported: readonly string[] = ENTRIES.map(({ entry }) => entry);
    for (const { entry, declarations: built } of ENTRIES) expect(declarations(entry), entry).toBe(built);
    const program = ts.createProgram(entries.map(source), { noLib: true, types: [], noEmit: true, module: ts.ModuleKind.NodeNext, moduleResolution: ts.ModuleResolutionKind.NodeNext });
    const checker = program.getTypeChecker();
    const exportsOf = (entry: string) => {
      const module = checker.getSymbolAtLocation(program.getSourceFile(source(entry))!)!;
      return new Map(checker.getExportsOfModule(module).map((symbol) => [symbol.name, symbol.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(symbol) : symbol]));
    };
    const main = exportsOf(".");
    const unreported = entries.filter((entry) => !reported.includes(entry));
    expect(unreported).toEqual(["./types"]);
    for (const entry of unreported) {
      const names = [...exportsOf(entry)];
      expect(names.length, entry).toBeGreaterThan(0);
      // The same declaration under the same name, so the "." report shows every change to it.
      expect(names.filter(([name, symbol]) => main.get(name) !== symbol).map(([name]) => name), `${entry}: names "." does not re-export`).toEqual([]);
    }
  });
});

// The fixture table: every kind of spec change this SDK's callers care about, classified in-process by
// diffSpecs() (the engine still runs as its own process). The command itself is tested in cli.test.ts.
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { diffSpecs, SpecInputError, type SpecDiffReport } from "../../scripts/spec-diff/index.js";
import { RULES } from "../../scripts/spec-diff/rules.js";
import { lineText, loadFixtures, writePair } from "./fixtures.js";

const repoRoot = fileURLToPath(new URL("../../", import.meta.url));
const fixtures = loadFixtures();
let dir: string;

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "spec-diff-fixtures-"));
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

test("the table covers at least 25 fixture pairs", () => {
  expect(fixtures.length).toBeGreaterThanOrEqual(25);
});

// Concurrent: each diff waits on its engine process; vitest runs at most maxConcurrency (5) at once. A hung
// engine is ended by diffSpecs itself (60 s); the timeout here leaves room for a loaded machine.
describe.concurrent("classifies each fixture change", { timeout: 120_000 }, () => {
  test.each(fixtures.map((fixture) => [fixture.title, fixture] as const))("%s", async (_, fixture) => {
    const pair = writePair(fixture, dir);
    const report: SpecDiffReport = await diffSpecs({ base: pair.before, head: pair.after, rootDir: repoRoot });

    expect(report.bump).toBe(fixture.bump);
    expect(report.changes.map((c) => c.pointer).sort()).toEqual(fixture.changes.map((c) => c.pointer).sort());
    for (const expected of fixture.changes) {
      const change = report.changes.find((c) => c.pointer === expected.pointer)!;
      expect({ side: change.side, classification: change.classification }).toEqual({ side: expected.side, classification: expected.classification });
      for (const word of expected.mentions) expect(change.reason).toContain(word);
      expect(change.reason).not.toContain("\n");
      if (expected.at) {
        // A removal is located in the before spec, anything else in the after spec.
        const removal = !lineText(pair.afterText, change.line).includes(expected.at) && lineText(pair.beforeText, change.line).includes(expected.at);
        const text = removal ? pair.beforeText : pair.afterText;
        expect(lineText(text, change.line), `line ${change.line}`).toContain(expected.at);
      }
    }
  });
});

describe("the report", () => {
  test("has exactly the documented keys, and says where a removal was (the base's line)", async () => {
    const [fixture] = fixtures.filter((f) => f.name === "response-field-removed");
    const pair = writePair(fixture!, dir);
    const report = await diffSpecs({ base: pair.before, head: pair.after, rootDir: repoRoot });
    expect(Object.keys(report).sort()).toEqual(["bump", "changes"]);
    const [change] = report.changes;
    expect(Object.keys(change!).sort()).toEqual(["classification", "line", "pointer", "reason", "side"]);
    expect(lineText(pair.beforeText, change!.line)).toContain("ai_description:");
    expect(lineText(pair.afterText, change!.line)).not.toContain("ai_description:");
  });

  test("a base that does not parse is bad input located at file:line:col, and leaves no engine running", async () => {
    const bad = path.join(dir, "bad.yaml");
    fs.writeFileSync(bad, "openapi: 3.1.0\ninfo:\n  title: [unclosed\n");
    const error = await diffSpecs({ base: bad, head: path.join(repoRoot, "spec/openapi.yaml"), rootDir: repoRoot }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SpecInputError);
    expect((error as SpecInputError).problems.join("\n")).toMatch(/bad\.yaml:\d+:\d+ +error +yaml-syntax/);
    // The engine had started before the base failed to load: it has exited by the time diffSpecs settles
    // (its process handle is freed on the event loop's next turn).
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(process.getActiveResourcesInfo()).not.toContain("ProcessWrap");
  });

  test("a base that is no OpenAPI 3 spec is bad input", async () => {
    const swagger = path.join(dir, "swagger.yaml");
    fs.writeFileSync(swagger, 'swagger: "2.0"\ninfo: { title: Old, version: "1" }\npaths: {}\n');
    const error = await diffSpecs({ base: swagger, rootDir: repoRoot }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SpecInputError);
    expect((error as Error).message).toContain("swagger.yaml is not an OpenAPI 3 spec");
  });

  test("a base that is neither a file nor a git ref is bad input", async () => {
    const error = await diffSpecs({ base: "no/such/spec.yaml", rootDir: repoRoot }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SpecInputError);
    expect((error as Error).message).toContain("no/such/spec.yaml: no such file, and not a git ref");
  });
});

test("every rule of ours states its intent in one line", () => {
  for (const rule of RULES) expect(rule.intent, rule.id).toMatch(/^[^\n]{20,220}$/);
});

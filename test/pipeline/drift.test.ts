import * as fs from "node:fs/promises";
import * as path from "node:path";
import { afterEach, beforeEach, describe, expect, test, vi } from "vitest";
import { OUTPUTS, runPipeline } from "../../scripts/pipeline/index.js";
import { printDrift } from "../../scripts/pipeline/report.js";
import { hasDrift } from "../../scripts/pipeline/write.js";
import { makeProject, snapshot, type TempProject } from "./helpers.js";

describe("the drift check (check:generated)", { timeout: 120_000 }, () => {
  let project: TempProject;
  let copy: string;
  beforeEach(async () => {
    project = await makeProject();
    expect((await runPipeline(project.options)).ok).toBe(true);
    // Work on a copy of the output folder, as the brief for this check asks.
    copy = path.join(project.rootDir, "generated-copy");
    await fs.cp(project.outDir, copy, { recursive: true });
  });
  afterEach(() => project.remove());

  test("finds no drift right after generate", async () => {
    const result = await runPipeline({ ...project.options, outDir: "generated-copy", write: false });
    expect(result.ok).toBe(true);
    expect(hasDrift(result.drift!)).toBe(false);
    expect(result.drift!.unchanged).toHaveLength(OUTPUTS.length);
  });

  test("catches a hand-edited, a missing and an extra file, and changes none of them", async () => {
    const types = path.join(copy, "types.ts");
    await fs.writeFile(types, (await fs.readFile(types, "utf8")).replace("WidgetPage =", "WidgetPage2 ="));
    await fs.rm(path.join(copy, "metadata.ts"));
    await fs.writeFile(path.join(copy, "leftover.ts"), "export {};\n");
    const before = await snapshot(copy);

    const result = await runPipeline({ ...project.options, outDir: "generated-copy", write: false });

    expect(result.ok).toBe(true);
    expect(result.drift).toMatchObject({ stale: ["types.ts"], missing: ["metadata.ts"], extra: ["leftover.ts"] });
    expect(hasDrift(result.drift!)).toBe(true);
    expect(await snapshot(copy)).toEqual(before);
  });

  test("even a whitespace-only edit is drift (bytes are compared after prettier)", async () => {
    const readme = path.join(copy, "README.md");
    await fs.appendFile(readme, "\n");
    const result = await runPipeline({ ...project.options, outDir: "generated-copy", write: false });
    expect(result.drift?.stale).toEqual(["README.md"]);
  });

  test("the report lists each file and the fix command", () => {
    const lines: string[] = [];
    const spy = vi.spyOn(console, "error").mockImplementation((line: string) => void lines.push(line));
    try {
      printDrift({ stale: ["types.ts"], missing: ["metadata.ts"], extra: ["leftover.ts"], unchanged: [] }, "generated");
    } finally {
      spy.mockRestore();
    }
    expect(lines.join("\n")).toMatch(/stale\s+generated\/types\.ts/);
    expect(lines.join("\n")).toMatch(/missing\s+generated\/metadata\.ts/);
    expect(lines.join("\n")).toMatch(/extra\s+generated\/leftover\.ts/);
    expect(lines.join("\n")).toContain("npm run generate");
  });
});

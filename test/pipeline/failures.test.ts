import * as fs from "node:fs/promises";
import * as path from "node:path";
import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { formatProblem, runPipeline, summarizeProblems } from "../../scripts/pipeline/index.js";
import { lineOf, makeProject, snapshot, useSpec, type TempProject } from "./helpers.js";

describe("a failing run leaves generated/ byte-for-byte untouched", { timeout: 120_000 }, () => {
  let project: TempProject;
  let before: Record<string, string>;
  beforeEach(async () => {
    project = await makeProject();
    expect((await runPipeline(project.options)).ok).toBe(true);
    before = await snapshot(project.outDir);
  });
  afterEach(() => project.remove());

  test("lint errors are reported as file:line:col, severity and rule name", async () => {
    const spec = await useSpec(project, "lint-error");
    const result = await runPipeline(project.options);

    expect(result.ok).toBe(false);
    expect(result.files.size).toBe(0);
    expect(result.problems.map(formatProblem)).toEqual([
      `spec/openapi.yaml:${lineOf(spec, "    get:")}:5  error  operation-operationId  Operation object should contain \`operationId\` field.`,
      // Redocly points at the property's schema (its first key), not at the property name.
      `spec/openapi.yaml:${lineOf(spec, "          type: integer")}:11  error  rule/schema-properties-have-description  Every schema property needs a description.`,
    ]);
    expect(result.timings.map((t) => t.step)).toEqual(["lint"]);
    expect(await snapshot(project.outDir)).toEqual(before);
  });

  test("a YAML syntax error is reported with its position", async () => {
    const spec = await useSpec(project, "yaml-error");
    const result = await runPipeline(project.options);

    expect(result.ok).toBe(false);
    expect(result.problems).toHaveLength(1);
    expect(result.problems[0]).toMatchObject({
      file: "spec/openapi.yaml",
      line: lineOf(spec, "summary: this line is indented"),
      severity: "error",
      ruleId: "yaml-syntax",
    });
    expect(result.problems[0]!.col).toBeGreaterThan(0);
    expect(formatProblem(result.problems[0]!)).toMatch(
      /^spec\/openapi\.yaml:9:\d+  error  yaml-syntax  bad indentation of a mapping entry$/,
    );
    expect(await snapshot(project.outDir)).toEqual(before);
  });

  test("warnings fail the run too (the spec is kept at 0 errors, 0 warnings)", async () => {
    await fs.copyFile(path.join(import.meta.dirname, "fixtures", "redocly-warn.yaml"), path.join(project.rootDir, "redocly.yaml"));
    const spec = await useSpec(project, "warning");
    const result = await runPipeline(project.options);

    expect(result.ok).toBe(false);
    expect(summarizeProblems(result.problems)).toBe("0 errors, 1 warning");
    expect(result.problems.map(formatProblem)).toEqual([
      `spec/openapi.yaml:${lineOf(spec, "    get:")}:5  warning  operation-summary  Operation object should contain \`summary\` field.`,
    ]);
    expect(await snapshot(project.outDir)).toEqual(before);
  });

  test("a YAML error in redocly.yaml is reported with its position", async () => {
    await fs.writeFile(path.join(project.rootDir, "redocly.yaml"), "extends:\n  - recommended-strict\nrules: [\n");
    const result = await runPipeline(project.options);

    expect(result.ok).toBe(false);
    expect(result.problems[0]).toMatchObject({ file: "redocly.yaml", ruleId: "yaml-syntax", severity: "error" });
    expect(result.problems[0]!.line).toBeGreaterThan(0);
    expect(await snapshot(project.outDir)).toEqual(before);
  });

  test("an unknown rule in redocly.yaml is a problem, not a silently weaker lint", async () => {
    const config = await fs.readFile(path.join(project.rootDir, "redocly.yaml"), "utf8");
    await fs.writeFile(path.join(project.rootDir, "redocly.yaml"), config.replace("info-license: off", "info-licence: off"));
    const result = await runPipeline(project.options);

    expect(result.ok).toBe(false);
    expect(result.problems.map(formatProblem).join("\n")).toContain("info-licence");
    expect(await snapshot(project.outDir)).toEqual(before);
  });

  test("a missing spec file is a problem, not a crash", async () => {
    await fs.rm(project.specPath);
    const result = await runPipeline(project.options);

    expect(result.ok).toBe(false);
    expect(result.problems).toEqual([expect.objectContaining({ file: "spec/openapi.yaml", severity: "error" })]);
    expect(await snapshot(project.outDir)).toEqual(before);
  });
});

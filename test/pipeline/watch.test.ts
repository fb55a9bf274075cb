import * as fs from "node:fs/promises";
import * as path from "node:path";
import { afterEach, beforeEach, describe, expect, test } from "vitest";
import type { PipelineResult } from "../../scripts/pipeline/index.js";
import { startWatch, type Watcher } from "../../scripts/pipeline/watch.js";
import { FIXTURES, makeProject, snapshot, waitFor, type TempProject } from "./helpers.js";

describe("generate --watch", { timeout: 180_000 }, () => {
  let project: TempProject;
  let watcher: Watcher | undefined;
  const results: PipelineResult[] = [];
  beforeEach(async () => {
    project = await makeProject();
    results.length = 0;
  });
  afterEach(async () => {
    await watcher?.close();
    await project.remove();
  });

  /** The first result after `seen` results, once it arrives. */
  const nextResult = (seen: number) => waitFor(() => results[seen], `watch run #${seen + 1}`);
  const metadata = () => fs.readFile(path.join(project.outDir, "metadata.ts"), "utf8");

  test("regenerates on a good edit, survives a bad one, and picks up the next good one", async () => {
    watcher = startWatch({ ...project.options, onResult: (result) => results.push(result) });
    expect((await watcher.ready).ok).toBe(true);
    expect(await metadata()).toContain('"gear", "spring"');
    const good = await fs.readFile(project.specPath, "utf8");

    // 1. A good edit: a new enum value reaches metadata.ts.
    let seen = results.length;
    await fs.writeFile(project.specPath, good.replace("        - spring\n", "        - spring\n        - lever\n"));
    const first = await waitFor(async () => ((await metadata()).includes('"lever"') ? true : undefined), "lever in metadata.ts");
    expect(first).toBe(true);
    await waitFor(() => results.slice(seen).find((r) => r.ok), "the good run's result");
    const lastGood = await snapshot(project.outDir);

    // 2. A bad edit: problems reported, output untouched.
    seen = results.length;
    await fs.writeFile(project.specPath, await fs.readFile(path.join(FIXTURES, "lint-error", "openapi.yaml"), "utf8"));
    const bad = await waitFor(() => results.slice(seen).find((r) => !r.ok), "a failed run");
    expect(bad.problems.map((p) => p.ruleId)).toContain("operation-operationId");
    expect(await snapshot(project.outDir)).toEqual(lastGood);

    // 3. The next good edit is picked up.
    seen = results.length;
    await fs.writeFile(project.specPath, good.replace("        - spring\n", "        - spring\n        - cog\n"));
    await waitFor(async () => ((await metadata()).includes('"cog"') ? true : undefined), "cog in metadata.ts");
    await waitFor(() => results.slice(seen).find((r) => r.ok), "the good run's result");
    expect(await metadata()).not.toContain('"lever"');
  });

  test("saves by rename (as editors and sed -i do) are picked up every time, not just the first", async () => {
    watcher = startWatch({ ...project.options, onResult: (result) => results.push(result) });
    expect((await watcher.ready).ok).toBe(true);
    const good = await fs.readFile(project.specPath, "utf8");
    // Like `sed -i`: a new file beside the spec, renamed over it (a new inode each time).
    const saveByRename = async (text: string) => {
      const temp = path.join(path.dirname(project.specPath), `sed${Math.random().toString(36).slice(2, 8)}`);
      await fs.writeFile(temp, text);
      await fs.rename(temp, project.specPath);
    };
    for (const value of ["lever", "cog", "pulley"]) {
      await saveByRename(good.replace("        - spring\n", `        - spring\n        - ${value}\n`));
      await waitFor(async () => ((await metadata()).includes(`"${value}"`) ? true : undefined), `${value} in metadata.ts`);
    }
    expect(await metadata()).not.toContain('"lever"');
  });

  test("a change to redocly.yaml triggers a run too", async () => {
    watcher = startWatch({ ...project.options, onResult: (result) => results.push(result) });
    await watcher.ready;
    const seen = results.length;
    const config = path.join(project.rootDir, "redocly.yaml");
    // Turn on a rule the fixture satisfies: a clean run. Then misspell it: a failed run.
    await fs.writeFile(config, `${await fs.readFile(config, "utf8")}\n  operation-description: error\n`);
    await nextResult(seen);
    expect(results.at(-1)!.ok).toBe(true);
    const seen2 = results.length;
    await fs.writeFile(config, (await fs.readFile(config, "utf8")).replace("operation-description", "operation-descripton"));
    const failed = await waitFor(() => results.slice(seen2).find((r) => !r.ok), "a failed run after the config edit");
    expect(failed.problems.map((p) => p.message).join("\n")).toContain("operation-descripton");
  });

  test("its own writes do not trigger runs, even when generated/ is inside the watched folder", async () => {
    // The spec at the project root: the watched folder then holds generated/ and the temp folder.
    await fs.cp(path.join(FIXTURES, "good", "spec"), project.rootDir, { recursive: true });
    watcher = startWatch({ ...project.options, specPath: "openapi.yaml", onResult: (result) => results.push(result) });
    expect((await watcher.ready).ok).toBe(true);
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect(results).toHaveLength(1);
  });

  test("close() stops watching", async () => {
    watcher = startWatch({ ...project.options, onResult: (result) => results.push(result) });
    await watcher.ready;
    await watcher.close();
    const seen = results.length;
    await fs.appendFile(project.specPath, "\n");
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(results.length).toBe(seen);
    watcher = undefined;
  });
});

import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { CommandResult } from "../../scripts/release/exec.js";
import { packedSdk, type PackedSdk } from "../support/packed.js";
import { startLocalRegistry, type LocalRegistry } from "../support/registry.js";
import { cloneProject, commitAll, describeRun, fingerprint, git, interruptRelease, processesIn, runNpm as runCommandIn, runRelease } from "./clone.js";
import { addLimitMaximum, addOptionalParameter, addSandboxOption, removeParameter, replaceUnreleasedBullets, SCENARIO_BULLETS } from "./fixtures.js";

// `npm run release`, spawned in temp clones of the project: a dry run then a real release for a
// non-breaking spec change (0.1.0 → 0.1.1; an addition to ./testing rides along) and for a breaking
// one (0.1.0 → 0.2.0), the refusals, and the released tarballs published to a real registry
// (Verdaccio on loopback) and installed from it. The release's tests are `--test-command` (README
// "Releasing"): here the VERSION test, which proves the bump reached src/version.ts; the consumer
// corpus runs on each tarball regardless.
const TEST_COMMAND = "npx vitest run test/client/version.test.ts";
const RELEASE_MS = 240_000;

interface Scenario {
  dryRun: CommandResult;
  dryRunChangedNothing: boolean;
  release: CommandResult;
  tarball: string;
  /** The clone right after the release (the minor clone goes on to another release attempt). */
  after: { files: Record<string, string>; subject: string; tags: string; status: string; specDiffAfter: CommandResult };
}

const REPORTS = ["aymara-eval-runs", "aymara-eval-runs-testing"].map((name) => [`test/api-report/${name}.api.md`, `test/api-report/released/${name}.api.md`] as const);
const SNAPSHOT = ["package.json", "package-lock.json", "src/version.ts", "CHANGELOG.md", "spec/openapi.yaml", "spec/released/openapi.yaml", ...REPORTS.flat()];

const temps: string[] = [];
let minor: Scenario;
let major: Scenario;
let failingTests: { result: CommandResult; unchanged: boolean };
let refusals: { usage: CommandResult[]; dirty: CommandResult; unchanged: boolean; interrupted: CommandResult & { interrupted: boolean }; restored: boolean; leftBehind: string[] };
let registry: Promise<LocalRegistry>;

async function clone(label: string): Promise<string> {
  const dir = await cloneProject(label);
  temps.push(dir);
  return dir;
}

async function dryRunThenRelease(label: string, changes: ((dir: string) => void)[], beforeRelease?: (dir: string) => Promise<void>): Promise<Scenario> {
  const dir = await clone(label);
  for (const change of changes) change(dir);
  await commitAll(dir, `fixture: ${label}`);
  const before = await fingerprint(dir, { ignored: true });
  const dryRun = await runRelease(dir, ["--dry-run"], RELEASE_MS);
  const dryRunChangedNothing = (await fingerprint(dir, { ignored: true })) === before;
  await beforeRelease?.(dir);
  const release = await runRelease(dir, ["--test-command", TEST_COMMAND], RELEASE_MS);
  const after = {
    files: Object.fromEntries(SNAPSHOT.map((file) => [file, readFileSync(join(dir, file), "utf8")])),
    subject: (await git(dir, ["log", "-1", "--format=%s"])).trim(),
    tags: (await git(dir, ["tag", "--list"])).trim(),
    status: await git(dir, ["status", "--porcelain"]),
    // spec:diff's default base is now the spec this release recorded.
    specDiffAfter: await runCommandIn(dir, ["run", "-s", "spec:diff", "--", "--json"]),
  };
  return { dryRun, dryRunChangedNothing, release, tarball: /^Tarball: (.+)$/m.exec(release.stdout)?.[1] ?? "", after };
}

/** The same change released with failing tests first (its plan and API report are those of the dry run). */
async function releaseWithFailingTests(dir: string): Promise<typeof failingTests> {
  const before = await fingerprint(dir, { ignored: false });
  const result = await runRelease(dir, ["--test-command", "false"], RELEASE_MS);
  return { result, unchanged: (await fingerprint(dir, { ignored: false })) === before };
}

async function refusedReleases(): Promise<typeof refusals> {
  const dir = await clone("refusals");
  const usage = await Promise.all([["--bogus"], ["--test-command"], ["extra"], ["--help"]].map((args) => runRelease(dir, args, 60_000)));
  writeFileSync(join(dir, "spec", "openapi.yaml"), `${readFileSync(join(dir, "spec", "openapi.yaml"), "utf8")}# an edit not committed yet\n`);
  const before = await fingerprint(dir, { ignored: true });
  const dirty = await runRelease(dir, ["--test-command", TEST_COMMAND], 60_000);
  const unchanged = (await fingerprint(dir, { ignored: true })) === before;
  // Interrupted once it has regenerated (generated/ rewritten) and while API Extractor runs.
  await git(dir, ["checkout", "--", "spec/openapi.yaml"]);
  addOptionalParameter(dir);
  await commitAll(dir, "fixture: optional parameter");
  const committed = await fingerprint(dir, { ignored: false });
  const interrupted = await interruptRelease(dir, ["--test-command", TEST_COMMAND], "release: npm run api:update", 60_000);
  return { usage, dirty, unchanged, interrupted, restored: (await fingerprint(dir, { ignored: false })) === committed, leftBehind: processesIn(dir) };
}

let releaseN: Promise<PackedSdk>;

beforeAll(async () => {
  // The registry and release N (the work tree's own tarball) get ready while the releases run.
  registry = startLocalRegistry();
  releaseN = packedSdk();
  for (const pending of [registry, releaseN]) pending.catch(() => undefined); // reported by the registry tests
  [minor, major, refusals] = await Promise.all([
    dryRunThenRelease("minor", [replaceUnreleasedBullets, addOptionalParameter, addSandboxOption]),
    dryRunThenRelease("major", [replaceUnreleasedBullets, removeParameter, addLimitMaximum], async (dir) => {
      failingTests = await releaseWithFailingTests(dir);
    }),
    refusedReleases(),
  ]);
}, 600_000);

afterAll(async () => {
  await (await registry?.catch(() => undefined))?.stop();
  for (const dir of temps) rmSync(dir, { recursive: true, force: true });
});

const read = (dir: string, file: string) => readFileSync(join(dir, file), "utf8");
/** The changelog entry a dry run prints (indented under "CHANGELOG.md entry:"). */
const printedEntry = (stdout: string) => `${stdout.split("CHANGELOG.md entry:\n\n")[1]!.split("\n\nDry run:")[0]!.split("\n").map((line) => line.replace(/^ {4}/, "")).join("\n").trimEnd()}\n`;
const releasedEntry = (changelog: string, version: string) => changelog.slice(changelog.indexOf(`## ${version} `), changelog.indexOf("\n## 0.1.0 ") + 1);

describe.each([
  { label: "non-breaking (an optional query parameter added)", get: () => minor, version: "0.1.1", bump: "minor", section: "Added", about: "`name`" },
  { label: "breaking (a query parameter removed)", get: () => major, version: "0.2.0", bump: "major", section: "Breaking", about: "`workspace_uuid`" },
])("npm run release for a $label spec change", ({ get, version, bump, section, about }) => {
  test(`--dry-run prints 0.1.0 → ${version}, the bump and its reasons, and the changelog entry, and changes nothing`, () => {
    const { dryRun, dryRunChangedNothing } = get();
    expect(dryRun.code, describeRun(dryRun)).toBe(0);
    expect(dryRun.stdout).toContain(`aymara-eval-runs 0.1.0 → ${version} (`);
    expect(dryRun.stdout).toMatch(new RegExp(`^Bump: ${bump} \\(spec diff: ${bump}, API report: (major|minor)`, "m"));
    expect(dryRun.stdout).toContain(`## ${version} (API 2.0.0)`);
    expect(printedEntry(dryRun.stdout)).toMatch(new RegExp(`### ${section}\\n\\n(- [^\\n]*\\n(  [^\\n]*\\n)*)*- [^\\n]*${about}`));
    expect(dryRun.stdout).toContain("Dry run: nothing was changed");
    expect(dryRunChangedNothing).toBe(true);
  });

  test(`a real release writes ${version} everywhere, records the released spec and report, commits, tags and packs`, async () => {
    const { dryRun, release, tarball, after } = get();
    const file = (name: string) => after.files[name]!;
    expect(release.code, describeRun(release)).toBe(0);
    // The dry run built the API report; the release reuses it (same sources).
    expect(dryRun.stderr).not.toContain("its report reused");
    expect(release.stderr).toContain("npm run api:update: same sources as an earlier run, its report reused");
    expect(JSON.parse(file("package.json"))).toMatchObject({ version });
    expect(JSON.parse(file("package-lock.json"))).toMatchObject({ version, packages: { "": { version } } });
    expect(file("src/version.ts")).toContain(`export const VERSION: string = "${version}";`);
    const changelog = file("CHANGELOG.md");
    expect(changelog).toContain(`## [Unreleased]\n\n## ${version} (API 2.0.0)\n`);
    expect(releasedEntry(changelog, version)).toBe(`${printedEntry(dryRun.stdout)}\n`);
    for (const [section, bullet] of Object.entries(SCENARIO_BULLETS)) expect(releasedEntry(changelog, version)).toMatch(new RegExp(`### ${section}\\n\\n(- [^\\n]*\\n(  [^\\n]*\\n)*)*${bullet.replace(/[.()]/g, "\\$&")}\\n`));
    expect(file("spec/released/openapi.yaml")).toBe(`# The spec as released in aymara-eval-runs ${version} (API 2.0.0): the default base of \`npm run spec:diff\`.\n# Written by \`npm run release\`, never by hand.\n${file("spec/openapi.yaml")}`);
    for (const [report, released] of REPORTS) expect(file(released), released).toBe(file(report));
    expect(after.subject).toBe(`Release ${version} (API 2.0.0)`);
    expect(after.tags).toBe(`v${version}`);
    expect(after.status).toBe("");
    expect(tarball).toMatch(new RegExp(`/aymara-eval-runs-${version.replace(/\./g, "\\.")}\\.tgz$`));
    expect(JSON.parse(execFileSync("tar", ["-xzOf", tarball, "package/package.json"], { encoding: "utf8" }))).toMatchObject({ version });
    expect(execFileSync("tar", ["-xzOf", tarball, "package/dist/src/version.js"], { encoding: "utf8" })).toContain(`"${version}"`);
  });
});

describe("what a release records", () => {
  test("the released spec becomes spec:diff's default base: right after 0.1.1 it finds no change", () => {
    const { specDiffAfter } = minor.after;
    expect(specDiffAfter.code, describeRun(specDiffAfter)).toBe(0);
    expect(JSON.parse(specDiffAfter.stdout)).toEqual({ bump: "none", changes: [] });
  });

  test("every entry's API report counts: a ./testing addition is in the plan and the entry, named with its entry, and recorded as released", () => {
    const change = "`./testing`: `SandboxOptions.releaseTestOption` added (optional)";
    expect(minor.dryRun.stdout).toContain(`\n  addition     ${change}\n`);
    expect(releasedEntry(minor.after.files["CHANGELOG.md"]!, "0.1.1")).toMatch(new RegExp(`### Added\\n\\n(- [^\\n]*\\n(  [^\\n]*\\n)*)*- ${change.replace(/[.()]/g, "\\$&")}\\.\\n`));
    expect(minor.after.files["test/api-report/released/aymara-eval-runs-testing.api.md"]).toContain("    releaseTestOption?: boolean;");
  });

  test("a breaking change the TypeScript types cannot show (a new maximum) is in the entry, in words", () => {
    const entry = releasedEntry(major.after.files["CHANGELOG.md"]!, "0.2.0");
    expect(entry).toMatch(/### Breaking\n\n(- [^\n]*\n(  [^\n]*\n)*)*- [^\n]*`limit`[^\n]*500/);
    expect(major.dryRun.stdout).toMatch(/^ {2}breaking +request +spec\/openapi\.yaml:\d+ \S+\/maximum: /m);
    // A removal is located in the spec it was removed from.
    expect(major.dryRun.stdout).toMatch(/^ {2}breaking +request +spec\/released\/openapi\.yaml:\d+ \S+: [^\n]*`workspace_uuid`/m);
  });
});

describe("the consumer corpus on every release", () => {
  test("a non-breaking release passes it (and spec:diff says minor)", () => {
    expect(minor.release.stderr).toContain("release: consumer corpus: compiles and runs against 0.1.1");
    expect(minor.dryRun.stdout).toContain("spec diff: minor");
  });

  test("a breaking release fails it where code written against 0.1.0 breaks (and spec:diff says major)", () => {
    expect(major.release.stderr).toMatch(/consumer corpus: it no longer compiles:\n {2}src\/types-entry\.ts\(\d+,\d+\): error TS\d+: [^\n]*workspace_uuid/);
    expect(major.release.stderr).toContain("allowed for a major release");
    expect(major.dryRun.stdout).toContain("spec diff: major");
  });
});

describe("npm run release refuses", () => {
  test("a dirty work tree, saying what to do, and changes nothing (exit 1)", () => {
    expect(refusals.dirty.code, describeRun(refusals.dirty)).toBe(1);
    expect(refusals.dirty.stderr).toContain("release refused: The work tree has uncommitted changes:\n   M spec/openapi.yaml\nCommit or stash them");
    expect(refusals.unchanged).toBe(true);
  });

  test("failing tests, after printing the plan, and puts every file back (exit 1)", () => {
    const { result, unchanged } = failingTests;
    expect(result.code, describeRun(result)).toBe(1);
    expect(result.stdout).toContain("aymara-eval-runs 0.1.0 → 0.2.0 (");
    expect(result.stderr).toContain("release refused: The tests failed (false exited 1); nothing was released.\nRun false, fix the failures");
    expect(result.stderr).toContain("putting back every file the release wrote");
    expect(unchanged).toBe(true);
  });

  test("nothing, when interrupted (SIGTERM to its process group): its children end and every file it wrote is put back", () => {
    const { interrupted, restored, leftBehind } = refusals;
    expect(interrupted.interrupted, describeRun(interrupted)).toBe(true);
    expect(interrupted.timedOut, describeRun(interrupted)).toBe(false);
    expect(interrupted.code, describeRun(interrupted)).toBe(143); // 128 + SIGTERM, as a shell reports it
    expect(interrupted.stderr).toContain("release: interrupted; nothing was released and every file it wrote is back as HEAD has it.");
    expect(restored).toBe(true);
    expect(leftBehind).toEqual([]);
  });

  test.each([
    [0, "an unknown flag", "npm run release: unknown flag --bogus"],
    [1, "a flag without its value", "npm run release: Option '--test-command <value>' argument missing"],
    [2, "a positional argument", 'npm run release: unexpected argument "extra" (this command takes flags only)'],
  ])("%#: %s, listing the flags (exit 2)", (index, _what, message) => {
    const result = refusals.usage[index]!;
    expect(result.code, describeRun(result)).toBe(2);
    expect(result.stderr).toContain(message);
    for (const flag of ["--dry-run", "--test-command <value>", "-h, --help", "1 the release was refused"]) expect(result.stderr).toContain(flag);
  });

  test("nothing with --help, which prints the flags (exit 0)", () => {
    const help = refusals.usage[3]!;
    expect(help.code, describeRun(help)).toBe(0);
    expect(help.stdout).toMatch(/^Usage: npm run release \[-- <flags>\]\n/);
    expect(help.stdout).toContain("--test-command <value>");
    expect(help.stderr).toBe("");
  });
});

describe("a real registry (Verdaccio on 127.0.0.1, no uplinks)", () => {
  let consumer: string;
  const listScript = `import { AymaraAI, VERSION } from "aymara-eval-runs";
import { createSandboxServer } from "aymara-eval-runs/testing";
const sandbox = await createSandboxServer({ runs: 30 });
try {
  const runs = await new AymaraAI({ apiKey: sandbox.apiKey, baseURL: sandbox.url }).evals.runs.list({ limit: 10 }).toArray();
  console.log(JSON.stringify({ version: VERSION, runs: runs.length }));
} finally {
  await sandbox.close();
}
`;
  const installed = () => (JSON.parse(read(consumer, "node_modules/aymara-eval-runs/package.json")) as { version: string }).version;
  const listRuns = () => JSON.parse(execFileSync(process.execPath, ["list.mjs"], { cwd: consumer, encoding: "utf8", timeout: 30_000 })) as { version: string; runs: number };

  beforeAll(() => {
    consumer = mkdtempSync(join(tmpdir(), "aymara-registry-consumer-"));
    temps.push(consumer);
    writeFileSync(join(consumer, "package.json"), `${JSON.stringify({ name: "downstream-app", private: true, type: "module" }, null, 2)}\n`);
    writeFileSync(join(consumer, "list.mjs"), listScript);
  });

  test("publishes release 0.1.0 with its dependencies; npm install aymara-eval-runs@^0.1.0 gets it and lists runs", async () => {
    const local = await registry;
    const sdk = await releaseN;
    expect(sdk.version).toBe("0.1.0");
    await Promise.all([sdk.tarball, ...sdk.dependencyTarballs].map((tarball) => local.publish(tarball)));
    const install = await local.npm(["install", "aymara-eval-runs@^0.1.0"], consumer);
    expect(install.code, describeRun(install)).toBe(0);
    expect(JSON.parse(read(consumer, "package.json"))).toMatchObject({ dependencies: { "aymara-eval-runs": "^0.1.0" } });
    expect(installed()).toBe("0.1.0");
    expect(listRuns()).toEqual({ version: "0.1.0", runs: 30 });
  }, 180_000);

  test("publishes the released 0.1.1 (non-breaking) and 0.2.0 (breaking); npm update picks 0.1.1, not 0.2.0", async () => {
    const local = await registry;
    expect([minor.tarball, major.tarball].every((tarball) => existsSync(tarball))).toBe(true);
    for (const tarball of [minor.tarball, major.tarball]) await local.publish(tarball);
    const update = await local.npm(["update"], consumer);
    expect(update.code, describeRun(update)).toBe(0);
    expect(installed()).toBe("0.1.1");
    expect(listRuns()).toEqual({ version: "0.1.1", runs: 30 });
    const outdated = await local.npm(["outdated", "--json"], consumer);
    expect(JSON.parse(outdated.stdout)).toMatchObject({ "aymara-eval-runs": { current: "0.1.1", wanted: "0.1.1", latest: "0.2.0" } });
  }, 180_000);

  test("nothing came from anywhere but the local registry", async () => {
    const local = await registry;
    const lock = JSON.parse(read(consumer, "package-lock.json")) as { packages: Record<string, { resolved?: string }> };
    const resolved = Object.entries(lock.packages).filter(([path]) => path !== "").map(([, entry]) => entry.resolved ?? "");
    expect(resolved).toHaveLength(3); // the SDK, openapi-fetch, openapi-typescript-helpers
    for (const url of resolved) expect(url.startsWith(local.url)).toBe(true);
    const versions = await local.npm(["view", "aymara-eval-runs", "versions", "--json"], consumer);
    expect(JSON.parse(versions.stdout)).toEqual(["0.1.0", "0.1.1", "0.2.0"]);
  }, 60_000);
});

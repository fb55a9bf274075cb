// What the release reads from and writes to the repository: git state, the scratch copy a dry run
// works in, the release's files (version, changelog, recorded base spec and API surface), the
// release commit and tag, and the restore that undoes a refused release.
import { execFileSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { CommandFailed, runCommand, outputTail } from "./exec.js";
import { API_REPORTS } from "./api-reports.js";
import { RELEASED_SPEC, SPEC } from "./spec-changes.js";

/** Every path a release writes (restored from HEAD when a release is refused after writing). */
export const RELEASE_PATHS = ["CHANGELOG.md", "package.json", "package-lock.json", "src/version.ts", "spec/released", "test/api-report", "generated"];
const VERSION_FILE = join("src", "version.ts");

async function git(root: string, args: string[]): Promise<string> {
  const result = await runCommand("git", args, { cwd: root, timeoutMs: 60_000 });
  if (result.code !== 0) throw new CommandFailed(`git ${args.join(" ")} exited ${result.code}: ${outputTail(result, 10)}`);
  return result.stdout;
}

/** `git status --porcelain` lines: uncommitted and untracked (not ignored) files. */
export async function uncommitted(root: string): Promise<string[]> {
  return (await git(root, ["status", "--porcelain"])).split("\n").filter(Boolean);
}

export async function tagExists(root: string, tag: string): Promise<boolean> {
  return (await runCommand("git", ["rev-parse", "-q", "--verify", `refs/tags/${tag}`], { cwd: root, timeoutMs: 30_000 })).code === 0;
}

/** git can make commits here (user.name and user.email are set). */
export async function committerProblem(root: string): Promise<string | undefined> {
  const result = await runCommand("git", ["var", "GIT_COMMITTER_IDENT"], { cwd: root, timeoutMs: 30_000 });
  return result.code === 0 ? undefined : outputTail(result, 5);
}

/**
 * A copy of the work tree (tracked and untracked, not ignored files) in a temp dir, with a
 * node_modules of symlinks to the project's packages and caches (content-keyed: what the dry run
 * computes, the release reuses), for a dry run to regenerate and refresh the API report without
 * touching the work tree.
 */
export async function scratchCopy(root: string): Promise<string> {
  const copy = mkdtempSync(join(tmpdir(), "aymara-release-dry-run-"));
  const files = (await git(root, ["ls-files", "-z", "--cached", "--others", "--exclude-standard"])).split("\0").filter(Boolean);
  for (const file of files) {
    // Deleted in the work tree but not yet committed; or a node_modules symlink git does not ignore.
    if (!existsSync(join(root, file)) || file.split("/")[0] === "node_modules") continue;
    mkdirSync(dirname(join(copy, file)), { recursive: true });
    cpSync(join(root, file), join(copy, file));
  }
  mkdirSync(join(copy, "node_modules"));
  mkdirSync(join(root, "node_modules", ".cache"), { recursive: true });
  for (const name of readdirSync(join(root, "node_modules"))) symlinkSync(join(root, "node_modules", name), join(copy, "node_modules", name));
  return copy;
}

export function removeScratch(copy: string): void {
  if (copy.startsWith(join(tmpdir(), "aymara-release-"))) rmSync(copy, { recursive: true, force: true });
}

/** Writes the version everywhere it lives: package.json and package-lock.json (npm version), src/version.ts. */
export async function writeVersion(root: string, version: string): Promise<void> {
  const result = await runCommand("npm", ["version", version, "--no-git-tag-version", "--ignore-scripts", "--allow-same-version"], { cwd: root, timeoutMs: 60_000 });
  if (result.code !== 0) throw new CommandFailed(`npm version ${version} exited ${result.code}: ${outputTail(result, 10)}`);
  const file = join(root, VERSION_FILE);
  const source = readFileSync(file, "utf8");
  const pattern = /(export const VERSION: string = )"[^"]*";/;
  if (!pattern.test(source)) throw new CommandFailed(`${VERSION_FILE} has no \`export const VERSION: string = "...";\` line to update.`);
  writeFileSync(file, source.replace(pattern, `$1${JSON.stringify(version)};`));
}

/** Records what was released as the next release's base: the spec (spec:diff's default base) and every entry's API report. */
export function recordReleasedSurface(root: string, version: string, apiVersion: string): void {
  const header = [`# The spec as released in aymara-eval-runs ${version} (API ${apiVersion}): the default base of \`npm run spec:diff\`.`, "# Written by `npm run release`, never by hand.", ""].join("\n");
  writeFileSync(join(root, RELEASED_SPEC), header + readFileSync(join(root, SPEC), "utf8"));
  for (const { report, released } of API_REPORTS) writeFileSync(join(root, released), readFileSync(join(root, report)));
}

export async function commitAndTag(root: string, version: string, apiVersion: string, entry: string): Promise<string> {
  await git(root, ["add", "--all", "--", ...RELEASE_PATHS]);
  await git(root, ["commit", "-q", "-m", `Release ${version} (API ${apiVersion})`, "-m", entry]);
  await git(root, ["tag", "-a", `v${version}`, "-m", `aymara-eval-runs ${version} (API ${apiVersion})\n\n${entry}`]);
  return (await git(root, ["rev-parse", "--short", "HEAD"])).trim();
}

/** `restore`, synchronously: for a signal handler, where nothing asynchronous runs any more. */
export function restoreSync(root: string): void {
  execFileSync("git", ["checkout", "HEAD", "--", ...RELEASE_PATHS], { cwd: root, stdio: "ignore", timeout: 30_000 });
  execFileSync("git", ["clean", "-fdq", "--", ...RELEASE_PATHS], { cwd: root, stdio: "ignore", timeout: 30_000 });
}

/** Puts every path the release writes back as HEAD has it (the tree was clean when the release started). */
export async function restore(root: string): Promise<void> {
  await git(root, ["checkout", "HEAD", "--", ...RELEASE_PATHS]);
  await git(root, ["clean", "-fdq", "--", ...RELEASE_PATHS]);
}

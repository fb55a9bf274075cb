// What `--base` names: a spec file, or a git ref whose spec/openapi.yaml is taken with `git show`
// (into a temp file, so the engine and the pipeline's loader read the same bytes).
import { execFile } from "node:child_process";
import * as fs from "node:fs/promises";
import * as path from "node:path";
import { SpecInputError } from "./types.js";

export interface SpecSource {
  /** Absolute path of a file holding the spec's text. */
  path: string;
  /** How messages name it: `spec/released/openapi.yaml`, `v0.1.0:spec/openapi.yaml`. */
  name: string;
}

/** The spec file a git ref is read from, relative to the project root. */
export const SPEC_AT_REF = "spec/openapi.yaml";

/** A file if one exists at `spec` (relative to rootDir), else a git ref; `scratchDir` receives a ref's spec. */
export async function resolveSource(spec: string, rootDir: string, scratchDir: () => Promise<string>): Promise<SpecSource> {
  const file = path.resolve(rootDir, spec);
  const stat = await fs.stat(file).catch(() => undefined);
  if (stat?.isFile()) return { path: file, name: displayName(file, rootDir) };
  if (stat?.isDirectory()) throw new SpecInputError(`${spec} is a directory: give a spec file or a git ref.`);

  if (spec.startsWith("-") || !(await isCommit(spec, rootDir))) {
    throw new SpecInputError(`${spec}: no such file, and not a git ref${(await isGitRepo(rootDir)) ? "" : ` (${rootDir} is not in a git repository)`}.`);
  }
  const name = `${spec}:${SPEC_AT_REF}`;
  let text: string;
  try {
    text = await git(rootDir, ["show", `${spec}:./${SPEC_AT_REF}`]);
  } catch {
    throw new SpecInputError(`${spec} has no ${SPEC_AT_REF}: give the spec file instead.`);
  }
  const target = path.join(await scratchDir(), "base", SPEC_AT_REF);
  await fs.mkdir(path.dirname(target), { recursive: true });
  await fs.writeFile(target, text);
  return { path: target, name };
}

function displayName(file: string, rootDir: string): string {
  const relative = path.relative(rootDir, file);
  return relative.startsWith("..") || path.isAbsolute(relative) ? file : relative.split(path.sep).join("/");
}

const isCommit = (ref: string, cwd: string): Promise<boolean> =>
  git(cwd, ["rev-parse", "--verify", "--quiet", `${ref}^{commit}`]).then(() => true, () => false);

const isGitRepo = (cwd: string): Promise<boolean> => git(cwd, ["rev-parse", "--git-dir"]).then(() => true, () => false);

function git(cwd: string, args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile("git", args, { cwd, maxBuffer: 64 * 1024 * 1024 }, (error, stdout) => (error ? reject(error) : resolve(stdout)));
  });
}

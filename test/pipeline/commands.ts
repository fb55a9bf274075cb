// Runs the project's npm scripts as a person or CI does, in throw-away copies of the project, each
// with a hard bound: a command that hangs is killed (its whole process group) and fails the test
// with its output, instead of freezing the suite.
import { execFileSync, spawn } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { fileURLToPath } from "node:url";

export const repoRoot = fileURLToPath(new URL("../../", import.meta.url));

/** Long enough for a cold run on a loaded 2-core machine, short enough that a hang fails fast. */
export const COMMAND_BOUND_MS = 30_000;

/** Builds a stand-in for a package in `fakeDir`, from the real one in `realDir`; null: the package is missing. */
export type FakePackage = ((realDir: string, fakeDir: string) => void) | null;

export interface ProjectCopy {
  root: string;
  file(relative: string): string;
  remove(): void;
}

/**
 * The repo's source files (as they are in the work tree) in a temp dir. node_modules is a real
 * folder of symlinks to the repo's packages, so a package can be swapped for a fake one and the
 * tool caches (node_modules/.cache) start empty and stay in the copy.
 */
export function copyProject(fakes: Record<string, FakePackage> = {}): ProjectCopy {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "aymara-commands-"));
  try {
    // Tracked files and new ones not yet committed (not the ignored: node_modules, dist, caches).
    const files = execFileSync("git", ["ls-files", "-z", "--cached", "--others", "--exclude-standard"], { cwd: repoRoot, encoding: "utf8" });
    for (const file of files.split("\0").filter(Boolean)) {
      const from = path.join(repoRoot, file);
      if (!fs.existsSync(from)) continue; // deleted in the work tree, not yet committed
      fs.mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
      fs.copyFileSync(from, path.join(root, file));
    }
    linkPackages(path.join(repoRoot, "node_modules"), path.join(root, "node_modules"), fakes);
  } catch (error) {
    fs.rmSync(root, { recursive: true, force: true });
    throw error;
  }
  return {
    root,
    file: (relative) => path.join(root, relative),
    remove: () => fs.rmSync(root, { recursive: true, force: true }),
  };
}

function linkPackages(realModules: string, modules: string, fakes: Record<string, FakePackage>, scope = ""): void {
  fs.mkdirSync(modules);
  for (const name of fs.readdirSync(realModules)) {
    const id = scope ? `${scope}/${name}` : name;
    const real = path.join(realModules, name);
    if (id === ".cache") continue;
    if (!scope && name.startsWith("@") && Object.keys(fakes).some((fake) => fake.startsWith(`${name}/`))) {
      linkPackages(real, path.join(modules, name), fakes, name);
    } else if (fakes[id]) {
      fs.mkdirSync(path.join(modules, name));
      fakes[id](real, path.join(modules, name));
    } else if (fakes[id] === undefined) {
      fs.symlinkSync(real, path.join(modules, name));
    }
  }
}

/** A fake package: every entry of the real one symlinked, except those `own` writes itself. */
export function fakePackage(own: Record<string, (real: string, fake: string) => void>): (realDir: string, fakeDir: string) => void {
  return (realDir, fakeDir) => {
    fs.mkdirSync(fakeDir, { recursive: true });
    for (const name of fs.readdirSync(realDir)) {
      if (own[name]) own[name](path.join(realDir, name), path.join(fakeDir, name));
      else fs.symlinkSync(path.join(realDir, name), path.join(fakeDir, name));
    }
  };
}

export interface Finished {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  /** Non-empty lines of stderr. */
  errorLines: string[];
}

export interface Running {
  pid: number;
  /** Resolves once stdout or stderr contains `text`; rejects if the command ends first. */
  waitForOutput(text: string): Promise<void>;
  /** Resolves when the command exits; rejects (after killing its process group) at the bound. */
  finished: Promise<Finished>;
}

/**
 * Starts package.json's script `name` in `root`: with `npm run -s` (via: "npm", as people type
 * it), or its command line through `sh -c` as npm runs it, minus npm's start-up (via: "sh").
 * In its own process group, so the bound can kill everything it started.
 */
export function startScript(root: string, name: string, args: string[] = [], { via = "sh" }: { via?: "npm" | "sh" } = {}): Running {
  const command = JSON.parse(fs.readFileSync(path.join(root, "package.json"), "utf8")).scripts[name] as string;
  return via === "npm"
    ? startCommand(root, "npm", ["run", "-s", name, ...(args.length > 0 ? ["--", ...args] : [])])
    : startCommand(root, "sh", ["-c", [command, ...args].join(" ")], `sh -c ${name} ${args.join(" ")}`);
}

/** Starts `file args` in `cwd` in its own process group, bounded (see startScript). */
export function startCommand(cwd: string, file: string, args: string[], label = `${file} ${args.join(" ")}`): Running {
  const env = { ...process.env, REDOCLY_TELEMETRY: "off", NO_COLOR: "1", PATH: `${path.join(cwd, "node_modules", ".bin")}${path.delimiter}${process.env.PATH ?? ""}` };
  const child = spawn(file, args, { cwd, env, detached: true });
  let stdout = "";
  let stderr = "";
  const watchers: (() => void)[] = [];
  child.stdout.on("data", (chunk: Buffer) => {
    stdout += chunk.toString();
    for (const check of watchers) check();
  });
  child.stderr.on("data", (chunk: Buffer) => {
    stderr += chunk.toString();
    for (const check of watchers) check();
  });
  const finished = new Promise<Finished>((resolve, reject) => {
    const bound = setTimeout(() => {
      killGroup(child.pid!, "SIGKILL");
      reject(new Error(`${label} did not exit within ${COMMAND_BOUND_MS} ms; killed. Output:\n${stdout}\n${stderr}`));
    }, COMMAND_BOUND_MS);
    child.once("error", (error) => {
      clearTimeout(bound);
      reject(error);
    });
    child.once("close", (code, signal) => {
      clearTimeout(bound);
      resolve({ code, signal, stdout, stderr, errorLines: stderr.split("\n").filter((line) => line.trim() !== "") });
    });
  });
  finished.catch(() => {}); // observed by the caller; this only keeps an early failure from being "unhandled"
  const waitForOutput = (text: string) =>
    new Promise<void>((resolve, reject) => {
      const check = () => {
        if (stdout.includes(text) || stderr.includes(text)) resolve();
      };
      watchers.push(check);
      check();
      finished.then(() => reject(new Error(`${label} ended before printing "${text}":\n${stdout}\n${stderr}`)), reject);
    });
  return { pid: child.pid!, waitForOutput, finished };
}

/** Runs a script to its end (see startScript). */
export function runScript(root: string, name: string, args: string[] = [], options?: { via?: "npm" | "sh" }): Promise<Finished> {
  return startScript(root, name, args, options).finished;
}

/** True while any process of the group `pid` leads is alive (a worker or child left behind). */
export function groupAlive(pid: number): boolean {
  try {
    process.kill(-pid, 0);
    return true;
  } catch {
    return false;
  }
}

function killGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    // already gone
  }
}


// A real npm registry on loopback for tests: Verdaccio with a temp storage, its own config and no
// uplinks, and an npm environment that talks to it only (a temp userconfig with an auth token, a
// private cache, a dead proxy for every other host). Nothing leaves the machine.
import { spawn, type ChildProcess } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { runCommand, type CommandResult } from "../../scripts/release/exec.js";

const serverScript = fileURLToPath(new URL("./registry-server.mjs", import.meta.url));
const START_TIMEOUT_MS = 30_000;

export interface LocalRegistry {
  /** e.g. http://127.0.0.1:41234/ */
  readonly url: string;
  /** Environment for npm: this registry only, with a token that may publish. */
  readonly npmEnv: NodeJS.ProcessEnv;
  /** `npm <args>` in `cwd` against this registry, bounded by `timeoutMs`. */
  npm(args: readonly string[], cwd: string, timeoutMs?: number): Promise<CommandResult>;
  /** Publishes a tarball; throws with npm's output when it fails. */
  publish(tarball: string): Promise<void>;
  /** Stops the server (its whole process group) and removes its storage. Idempotent. */
  stop(): Promise<void>;
}

export async function startLocalRegistry(): Promise<LocalRegistry> {
  const home = mkdtempSync(join(tmpdir(), "aymara-registry-"));
  const configFile = join(home, "config.yaml");
  writeFileSync(
    configFile,
    [
      `storage: ${JSON.stringify(join(home, "storage"))}`,
      "auth:",
      "  htpasswd:",
      `    file: ${JSON.stringify(join(home, "htpasswd"))}`,
      "    max_users: 1",
      "# No uplinks: a package that was not published here does not exist.",
      "uplinks: {}",
      "packages:",
      "  '**':",
      "    access: $all",
      "    publish: $authenticated",
      "web:",
      "  enable: false",
      "log: { type: stdout, format: json, level: error }",
      "",
    ].join("\n"),
  );
  const child = spawn(process.execPath, [serverScript, configFile], { cwd: home, detached: true, stdio: ["pipe", "pipe", "pipe"] });
  let stopping: Promise<void> | undefined;
  const stop = (): Promise<void> =>
    (stopping ??= (async () => {
      await endProcessGroup(child);
      rmSync(home, { recursive: true, force: true });
    })());
  try {
    const url = await firstUrl(child);
    const token = await addUser(url);
    const npmEnv = npmEnvironment(home, url, token);
    const npm = (args: readonly string[], cwd: string, timeoutMs = 120_000) => runCommand("npm", args, { cwd, env: npmEnv, timeoutMs });
    return {
      url,
      npmEnv,
      npm,
      async publish(tarball) {
        const result = await npm(["publish", tarball, "--tag", "latest", "--no-provenance"], home);
        if (result.code !== 0) throw new Error(`npm publish ${tarball} exited ${result.code}\n${result.stdout}\n${result.stderr}`);
      },
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

/** The URL the server prints once listening (or its output, when it dies or takes too long). */
function firstUrl(child: ChildProcess): Promise<string> {
  return new Promise((resolve, reject) => {
    let errors = "";
    child.stderr!.on("data", (chunk: Buffer) => (errors += chunk.toString()));
    const lines = createInterface({ input: child.stdout! });
    const timer = setTimeout(() => reject(new Error(`Verdaccio did not start within ${START_TIMEOUT_MS / 1000} s\n${errors}`)), START_TIMEOUT_MS);
    lines.on("line", (line) => {
      try {
        const { url } = JSON.parse(line) as { url?: unknown };
        if (typeof url !== "string") return;
        clearTimeout(timer);
        resolve(url);
      } catch {
        // a log line, not the hello
      }
    });
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`Verdaccio exited (${code}) before listening\n${errors}`));
    });
  });
}

/** Creates the one user the config allows (npm's adduser call) and returns its token. */
async function addUser(url: string): Promise<string> {
  const name = "release-test";
  const response = await fetch(new URL(`-/user/org.couchdb.user:${name}`, url), {
    method: "PUT",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ name, password: "local-registry-only" }),
  });
  const body = (await response.json()) as { token?: string };
  if (!response.ok || !body.token) throw new Error(`Verdaccio refused to add a user: ${response.status} ${JSON.stringify(body)}`);
  return body.token;
}

/**
 * npm's configuration for this registry only: a temp userconfig (never the user's) with the token,
 * an empty global config, a private cache, and a proxy that does not exist for every other host,
 * so a request meant for registry.npmjs.org fails instead of leaving the machine.
 */
function npmEnvironment(home: string, url: string, token: string): NodeJS.ProcessEnv {
  const host = new URL(url).host;
  const userconfig = join(home, "npmrc");
  const globalconfig = join(home, "npmrc-global");
  writeFileSync(userconfig, [`registry=${url}`, `//${host}/:_authToken=${token}`, "audit=false", "fund=false", "update-notifier=false", ""].join("\n"));
  writeFileSync(globalconfig, "");
  mkdirSync(join(home, "cache"));
  const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !/^npm_config_/i.test(name) && !/^(https?_proxy|no_proxy)$/i.test(name)));
  return {
    ...env,
    npm_config_userconfig: userconfig,
    npm_config_globalconfig: globalconfig,
    npm_config_registry: url,
    npm_config_cache: join(home, "cache"),
    npm_config_proxy: "http://127.0.0.1:9/",
    npm_config_https_proxy: "http://127.0.0.1:9/",
    npm_config_noproxy: "127.0.0.1",
    npm_config_fetch_retries: "0",
  };
}

/** Closes the server's stdin (it exits by itself), then kills its process group if it lingers. */
async function endProcessGroup(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  child.stdin?.end();
  const lingering = setTimeout(() => {
    try {
      process.kill(-child.pid!, "SIGKILL");
    } catch {
      // already gone
    }
  }, 3_000);
  await exited;
  clearTimeout(lingering);
}

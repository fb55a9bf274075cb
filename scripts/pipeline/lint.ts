// Step 1: load redocly.yaml and lint the spec with it, the same rules `redocly lint` applies.
// The parsed document and resolver are handed on to the bundle step, so the spec is read once.
import * as fs from "node:fs/promises";
import * as path from "node:path";
import type { BaseResolver, Config, Document } from "@redocly/openapi-core";
import { loadCore } from "./deps.js";
import { fromError, fromRedocly, type Problem } from "./problems.js";

export interface LintInput {
  /** Absolute paths. */
  specPath: string;
  configPath: string;
  /** Problems name files relative to this folder. */
  rootDir: string;
}

export interface Linted {
  problems: Problem[];
  /** Set when the spec parsed; bundling needs all three. */
  loaded?: { document: Document; config: Config; resolver: BaseResolver };
}

export async function lintSpec(input: LintInput): Promise<Linted> {
  const read = await loadSpec(input);
  if (!read.loaded) return read;
  const { document, config, resolver } = read.loaded;
  const found = await loadCore().lintDocument({ document, config, externalRefResolver: resolver });
  // Decorators only run in the bundle step, so only rules and preprocessors are known used here.
  const unused = config.getUnusedRules();
  const unusedProblems: Problem[] = [...unused.rules, ...unused.preprocessors].map(
    (name) => ({
      file: path.relative(input.rootDir, input.configPath).split(path.sep).join("/"),
      severity: "warning",
      ruleId: "unused-rule",
      message: `"${name}" is configured but no such rule ran: check its name.`,
    }),
  );
  return { problems: [...read.problems, ...fromRedocly(found, input.rootDir), ...unusedProblems], loaded: read.loaded };
}

/**
 * Loads redocly.yaml and parses the spec (and every file it `$ref`s) without linting the spec:
 * what lint and bundle need, and all that `npm run spec:diff` asks of a base spec.
 * Problems: the config's own findings, then the spec's parse or read error (and no `loaded`).
 */
export async function loadSpec({ specPath, configPath, rootDir }: LintInput): Promise<Linted> {
  const { loadConfig, lintConfig, BaseResolver } = loadCore();

  let config: Config;
  let configProblems: Problem[];
  const key = await configKey(configPath);
  if (cachedConfig && cachedConfig.key === key) {
    ({ config, configProblems } = cachedConfig);
  } else {
    try {
      config = apiConfigFor(await loadConfig({ configPath }), specPath);
    } catch (error) {
      return { problems: [fromError(error, rootDir, "config")] };
    }
    // A typo in redocly.yaml (unknown key, bad severity) would otherwise silently weaken the lint.
    configProblems = fromRedocly(await lintConfig({ config }), rootDir);
    cachedConfig = { key, config, configProblems };
  }

  // A fresh resolver per run: its cache would otherwise serve stale files in watch mode.
  const resolver = new BaseResolver(config.resolve);
  try {
    const resolved = await resolver.resolveDocument(null, specPath, true);
    if (resolved instanceof Error) throw resolved;
    return { problems: configProblems, loaded: { document: resolved, config, resolver } };
  } catch (error) {
    return { problems: [...configProblems, fromError(error, rootDir, "spec")] };
  }
}

// Watch mode: loading and checking redocly.yaml is a third of a warm run, so keep the result
// while redocly.yaml and its lint-ignore file are byte-identical (they are what the watcher
// watches; a config that `extends` another local file must be re-saved to be reloaded).
let cachedConfig: { key: string; config: Config; configProblems: Problem[] } | undefined;

async function configKey(configPath: string): Promise<string> {
  const read = (file: string) => fs.readFile(file, "utf8").catch(() => "");
  const ignorePath = path.join(path.dirname(configPath), ".redocly.lint-ignore.yaml");
  return JSON.stringify([configPath, await read(configPath), await read(ignorePath)]);
}

/** With an `apis:` block, the rules for this spec are those of the API whose root it is. */
function apiConfigFor(config: Config, specPath: string): Config {
  const apis = config.resolvedConfig.apis ?? {};
  const configDir = config.configPath ? path.dirname(path.resolve(config.configPath)) : process.cwd();
  const alias = Object.keys(apis).find((name) => path.resolve(configDir, apis[name]!.root) === specPath);
  return alias ? config.forAlias(alias) : config;
}

// The consumer corpus (test/consumer-corpus/): code written against the last release, compiled and
// run against a build of the package installed in a consumer project, the way a downstream repo
// uses it. `npm test` runs it on the packed work tree (test/consumer-corpus/corpus.test.ts); every
// release runs it on the tarball it is about to ship.
import { cpSync, mkdirSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";
import { packDependencies } from "./dependencies.js";
import { CommandFailed, runCommand, type CommandResult } from "./exec.js";

const repoRoot = fileURLToPath(new URL("../..", import.meta.url));
export const CORPUS_DIR = join(repoRoot, "test", "consumer-corpus");
export const PACKAGE_NAME = "aymara-eval-runs";

/** Export names per entry point ("aymara-eval-runs", "aymara-eval-runs/types", ...). */
export type ExportsByEntry = Record<string, string[]>;

export interface CorpusResult {
  /** tsc's errors, `file(line,col): error TSxxxx: message`, relative to the corpus; empty when it compiled. */
  diagnostics: string[];
  /** `node out/scenario.js`; undefined when the corpus did not compile. */
  scenario: CommandResult | undefined;
  /** The scenario's JSON summary line, when it ran to the end. */
  summary: Record<string, unknown> | undefined;
  /** What the installed build exports, per entry point the corpus imports. */
  exports: ExportsByEntry;
  /** The names the corpus imports, per entry point. */
  used: ExportsByEntry;
}

export const corpusPassed = (result: CorpusResult): boolean => result.diagnostics.length === 0 && result.scenario?.code === 0 && result.summary !== undefined;

/**
 * Installs `tarball` into a new consumer project at `dir`, offline, with the SDK's runtime
 * dependencies packed from `root`'s node_modules (kept in its node_modules/.cache/release/deps).
 */
export async function installTarball(dir: string, tarball: string, root: string, env: NodeJS.ProcessEnv = process.env): Promise<void> {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, "package.json"), `${JSON.stringify({ name: "consumer", private: true, type: "module" }, null, 2)}\n`);
  const dependencies = await packDependencies(root, join(root, "node_modules", ".cache", "release", "deps"), env);
  const args = ["install", "--offline", "--no-audit", "--no-fund", "--no-package-lock", "--ignore-scripts", tarball, ...dependencies];
  const result = await runCommand("npm", args, { cwd: dir, env, timeoutMs: 180_000 });
  if (result.code !== 0) throw new CommandFailed(`npm ${args.join(" ")} exited ${result.code} in ${dir}\n${result.stderr}`);
}

/**
 * Compiles the corpus in `consumerDir` (where the package is installed) and runs its scenario.
 * `typeRoots` is where `@types/node` lives (the consumer project installs none).
 */
export async function runConsumerCorpus(consumerDir: string, { typeRoots = [join(repoRoot, "node_modules", "@types")], timeoutMs = 60_000 } = {}): Promise<CorpusResult> {
  cpSync(join(CORPUS_DIR, "src"), join(consumerDir, "src"), { recursive: true });
  cpSync(join(CORPUS_DIR, "tsconfig.json"), join(consumerDir, "tsconfig.json"));
  const { program, diagnostics } = compile(consumerDir, typeRoots);
  const { exports, used } = surfaceSeen(program);
  if (diagnostics.length > 0) return { diagnostics, scenario: undefined, summary: undefined, exports, used };
  const scenario = await runCommand(process.execPath, [join("out", "scenario.js")], { cwd: consumerDir, timeoutMs });
  const lastLine = scenario.stdout.trim().split("\n").at(-1) ?? "";
  let summary: Record<string, unknown> | undefined;
  if (scenario.code === 0) {
    try {
      summary = JSON.parse(lastLine) as Record<string, unknown>;
    } catch {
      summary = undefined;
    }
  }
  return { diagnostics, scenario, summary, exports, used };
}

function compile(consumerDir: string, typeRoots: string[]): { program: ts.Program; diagnostics: string[] } {
  const configPath = join(consumerDir, "tsconfig.json");
  const parsed = ts.getParsedCommandLineOfConfigFile(configPath, { typeRoots }, {
    ...ts.sys,
    onUnRecoverableConfigFileDiagnostic: (diagnostic) => {
      throw new Error(ts.flattenDiagnosticMessageText(diagnostic.messageText, "\n"));
    },
  });
  if (!parsed) throw new Error(`Cannot read ${configPath}.`);
  const program = ts.createProgram({ rootNames: parsed.fileNames, options: parsed.options });
  const emitted = program.emit();
  const all = [...parsed.errors, ...ts.getPreEmitDiagnostics(program), ...emitted.diagnostics];
  const diagnostics = [...new Set(all.filter((d) => d.category === ts.DiagnosticCategory.Error).map((d) => formatDiagnostic(d, consumerDir)))];
  return { program, diagnostics };
}

function formatDiagnostic(diagnostic: ts.Diagnostic, root: string): string {
  const message = ts.flattenDiagnosticMessageText(diagnostic.messageText, " ");
  if (!diagnostic.file || diagnostic.start === undefined) return `error TS${diagnostic.code}: ${message}`;
  const { line, character } = diagnostic.file.getLineAndCharacterOfPosition(diagnostic.start);
  return `${relative(root, diagnostic.file.fileName)}(${line + 1},${character + 1}): error TS${diagnostic.code}: ${message}`;
}

/** For each entry point the corpus imports: what the installed build exports and what the corpus uses. */
function surfaceSeen(program: ts.Program): { exports: ExportsByEntry; used: ExportsByEntry } {
  const checker = program.getTypeChecker();
  const exports: ExportsByEntry = {};
  const used: Record<string, Set<string>> = {};
  for (const file of program.getSourceFiles()) {
    if (file.isDeclarationFile) continue;
    for (const statement of file.statements) {
      if (!ts.isImportDeclaration(statement) || !ts.isStringLiteral(statement.moduleSpecifier)) continue;
      const entry = statement.moduleSpecifier.text;
      if (entry !== PACKAGE_NAME && !entry.startsWith(`${PACKAGE_NAME}/`)) continue;
      const moduleSymbol = checker.getSymbolAtLocation(statement.moduleSpecifier);
      if (moduleSymbol) exports[entry] = checker.getExportsOfModule(moduleSymbol).map((symbol) => symbol.name).sort();
      const names = (used[entry] ??= new Set());
      const clause = statement.importClause;
      if (clause?.name) names.add("default");
      if (clause?.namedBindings && ts.isNamedImports(clause.namedBindings)) {
        for (const element of clause.namedBindings.elements) names.add((element.propertyName ?? element.name).text);
      }
    }
  }
  return { exports, used: Object.fromEntries(Object.entries(used).map(([entry, names]) => [entry, [...names].sort()])) };
}

/** Exports the corpus does not import ("entry: name"): every export must have a use downstream code relies on. */
export function uncoveredExports(exports: ExportsByEntry, used: ExportsByEntry): string[] {
  return Object.entries(exports).flatMap(([entry, names]) => names.filter((name) => !used[entry]?.includes(name)).map((name) => `${entry}: ${name}`));
}

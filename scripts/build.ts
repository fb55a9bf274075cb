// `npm run build`: compile src/ and generated/ with tsc (tsconfig.build.json) into dist/,
// then copy generated/*.d.ts, which tsc reads but never emits, so dist/generated/types.d.ts resolves.
// Leaves dist/docs alone (that is `npm run docs`).
import { chmodSync, copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import ts from "typescript";

const repoRoot = fileURLToPath(new URL("..", import.meta.url));

export interface BuildOptions {
  /** Where to write `src/` and `generated/`; default `<repo>/dist`. Tests build into a temp dir. */
  outDir?: string;
  /** Emit declarations only (what the API report needs). */
  declarationsOnly?: boolean;
}

export interface BuildResult {
  outDir: string;
  /** Absolute paths of every file written. */
  files: string[];
}

/** Compile the package into `outDir`; throws with tsc's diagnostics when the code does not compile. */
export function buildPackage({ outDir = join(repoRoot, "dist"), declarationsOnly = false }: BuildOptions = {}): BuildResult {
  const absoluteOutDir = resolve(outDir);
  // Stale output from a renamed source file must not ship.
  for (const folder of ["src", "generated"]) rmSync(join(absoluteOutDir, folder), { recursive: true, force: true });

  const config = readBuildConfig({ outDir: absoluteOutDir, emitDeclarationOnly: declarationsOnly });
  const program = ts.createProgram({ rootNames: config.fileNames, options: config.options });
  const files: string[] = [];
  const emitted = program.emit(undefined, (fileName, text) => {
    mkdirSync(resolve(fileName, ".."), { recursive: true });
    ts.sys.writeFile(fileName, text);
    files.push(fileName);
  });
  const diagnostics = [...ts.getPreEmitDiagnostics(program), ...emitted.diagnostics];
  if (diagnostics.length > 0) throw new Error(`tsc -p tsconfig.build.json failed:\n${formatDiagnostics(diagnostics)}`);

  const generatedOut = join(absoluteOutDir, "generated");
  mkdirSync(generatedOut, { recursive: true });
  for (const name of readdirSync(join(repoRoot, "generated")).filter((file) => file.endsWith(".d.ts"))) {
    copyFileSync(join(repoRoot, "generated", name), join(generatedOut, name));
    files.push(join(generatedOut, name));
  }
  markBinsExecutable(absoluteOutDir);
  return { outDir: absoluteOutDir, files: files.sort() };
}

/** The package's `bin` files (e.g. dist/src/testing/cli.js), built into `outDir`, get mode 755. */
function markBinsExecutable(outDir: string): void {
  const { bin = {} } = JSON.parse(readFileSync(join(repoRoot, "package.json"), "utf8")) as { bin?: Record<string, string> };
  for (const target of Object.values(bin)) {
    const built = join(outDir, relative("dist", target));
    if (existsSync(built)) chmodSync(built, 0o755);
  }
}

function readBuildConfig(overrides: ts.CompilerOptions): ts.ParsedCommandLine {
  const configPath = join(repoRoot, "tsconfig.build.json");
  const parsed = ts.getParsedCommandLineOfConfigFile(configPath, overrides, {
    ...ts.sys,
    onUnRecoverableConfigFileDiagnostic: (diagnostic) => {
      throw new Error(formatDiagnostics([diagnostic]));
    },
  });
  if (!parsed) throw new Error(`Cannot read ${configPath}.`);
  if (parsed.errors.length > 0) throw new Error(formatDiagnostics(parsed.errors));
  return parsed;
}

function formatDiagnostics(diagnostics: readonly ts.Diagnostic[]): string {
  return ts.formatDiagnostics(diagnostics, {
    getCanonicalFileName: (fileName) => fileName,
    getCurrentDirectory: () => repoRoot,
    getNewLine: () => "\n",
  });
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  const { outDir, files } = buildPackage();
  console.log(`Built ${files.length} files into ${outDir}.`);
}

// Loads two API Extractor reports (test/api-report/*.api.md) as TypeScript declarations in one
// program, so the release can compare the released surface with the new one using the type
// checker (assignability), not text. Also works out, for every declaration and property path,
// whether users give values of it to the SDK ("in"), get them from it ("out"), or both.
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";

const repoRoot = fileURLToPath(new URL("../..", import.meta.url));

export type Position = "in" | "out";

export interface Surface {
  readonly file: ts.SourceFile;
  /** Exported name → its declaration symbol (aliases resolved). */
  readonly exports: ReadonlyMap<string, ts.Symbol>;
}

export interface Surfaces {
  readonly checker: ts.TypeChecker;
  readonly before: Surface;
  readonly after: Surface;
  /** Where values of a path flow (see `positionOf`). */
  readonly marks: ReadonlyMap<string, ReadonlySet<Position>>;
}

/** The report's code block, as a declaration file (the report omits `declare` on local declarations). */
export function reportDeclarations(report: string): string {
  const match = /```ts\n([\s\S]*?)\n```/.exec(report.replace(/\r\n/g, "\n"));
  if (!match) throw new Error("Not an API Extractor report: no ```ts code block.");
  return match[1]!.replace(/^(class|interface|type|function|const|let|enum|namespace) /gm, "declare $1 ");
}

/** Parsed lib and dependency declarations (lib.dom alone takes a second), reused by later comparisons. */
const libraryFiles = new Map<string, ts.SourceFile>();

export function loadSurfaces(beforeReport: string, afterReport: string): Surfaces {
  const files = new Map([
    [join(repoRoot, "api-before.d.ts"), reportDeclarations(beforeReport)],
    [join(repoRoot, "api-after.d.ts"), reportDeclarations(afterReport)],
  ]);
  const options: ts.CompilerOptions = {
    strict: true,
    noEmit: true,
    skipLibCheck: true,
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    lib: ["lib.es2022.d.ts", "lib.dom.d.ts"],
    types: [],
  };
  const host = ts.createCompilerHost(options);
  const { getSourceFile, fileExists, readFile } = host;
  host.getSourceFile = (name, language, ...rest) => {
    if (files.has(name)) return ts.createSourceFile(name, files.get(name)!, language, true);
    let file = libraryFiles.get(name);
    if (!file) {
      file = getSourceFile.call(host, name, language, ...rest);
      if (file) libraryFiles.set(name, file);
    }
    return file;
  };
  host.fileExists = (name) => files.has(name) || fileExists.call(host, name);
  host.readFile = (name) => files.get(name) ?? readFile.call(host, name);
  const program = ts.createProgram({ rootNames: [...files.keys()], options, host });
  const checker = program.getTypeChecker();
  const [before, after] = [...files.keys()].map((name) => surfaceOf(checker, program.getSourceFile(name)!));
  return { checker, before: before!, after: after!, marks: flowMarks(checker, [before!, after!]) };
}

function surfaceOf(checker: ts.TypeChecker, file: ts.SourceFile): Surface {
  const moduleSymbol = checker.getSymbolAtLocation(file);
  const exports = new Map<string, ts.Symbol>();
  for (const symbol of moduleSymbol ? checker.getExportsOfModule(moduleSymbol) : []) {
    exports.set(symbol.name, symbol.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(symbol) : symbol);
  }
  return { file, exports };
}

/**
 * Where a property path's values flow. Spec shapes decide by their place (request parameters and
 * bodies are given, responses are received); everything else by how the surface reaches it. A
 * type nothing reaches is taken as received, the usual case for an SDK's data types.
 */
export function positionOf(marks: ReadonlyMap<string, ReadonlySet<Position>>, path: readonly string[]): ReadonlySet<Position> {
  if (path.some((segment) => segment === "parameters" || segment === "requestBody")) return new Set(["in"]);
  if (path.includes("responses")) return new Set(["out"]);
  const found = new Set<Position>();
  for (let length = 1; length <= path.length; length++) for (const position of marks.get(path.slice(0, length).join(".")) ?? []) found.add(position);
  return found.size > 0 ? found : new Set(["out"]);
}

const flip = (position: Position): Position => (position === "in" ? "out" : "in");

/** Marks every path a value export reaches, with the direction its values flow, to a fixed point. */
function flowMarks(checker: ts.TypeChecker, surfaces: readonly Surface[]): Map<string, Set<Position>> {
  const marks = new Map<string, Set<Position>>();
  const walked = new Set<string>();
  let grew = true;
  const mark = (path: string, position: Position): void => {
    const set = marks.get(path) ?? new Set<Position>();
    if (!set.has(position)) grew = true;
    marks.set(path, set.add(position));
  };
  const visit = (node: ts.Node, position: Position): void => {
    if (ts.isIndexedAccessTypeNode(node)) {
      const path = indexedPath(node);
      if (path) return mark(path.join("."), position);
    }
    if (ts.isTypeReferenceNode(node)) mark(firstIdentifier(node.typeName), position);
    if (ts.isExpressionWithTypeArguments(node) && ts.isIdentifier(node.expression)) mark(node.expression.text, position);
    // openapi-typescript's shapes: parameters and request bodies are given, responses received.
    if (ts.isPropertySignature(node) && node.type && node.name) {
      const name = memberName(node.name);
      if (name === "parameters" || name === "requestBody") return visit(node.type, "in");
      if (name === "responses") return visit(node.type, "out");
    }
    if (ts.isFunctionLike(node)) {
      for (const parameter of node.parameters) if (parameter.type) visit(parameter.type, flip(position));
      if (node.type) visit(node.type, position);
      return;
    }
    ts.forEachChild(node, (child) => visit(child, position));
  };
  for (const surface of surfaces) {
    for (const symbol of surface.exports.values()) if (symbol.flags & (ts.SymbolFlags.Class | ts.SymbolFlags.Function | ts.SymbolFlags.Variable)) mark(symbol.name, "out");
  }
  while (grew) {
    grew = false;
    for (const [path, positions] of [...marks]) {
      for (const position of positions) {
        const key = `${path}\0${position}`;
        if (walked.has(key)) continue;
        walked.add(key);
        for (const surface of surfaces) for (const node of nodesAtPath(checker, surface, path.split("."))) visit(node, position);
      }
    }
  }
  return marks;
}

function firstIdentifier(name: ts.EntityName): string {
  return ts.isIdentifier(name) ? name.text : firstIdentifier(name.left);
}

/** `components["schemas"]["X"]` → ["components", "schemas", "X"]; undefined when an index is not a literal. */
function indexedPath(node: ts.IndexedAccessTypeNode): string[] | undefined {
  const index = node.indexType;
  const key = ts.isLiteralTypeNode(index) && (ts.isStringLiteral(index.literal) || ts.isNumericLiteral(index.literal)) ? index.literal.text : undefined;
  if (key === undefined) return undefined;
  const object = node.objectType;
  if (ts.isIndexedAccessTypeNode(object)) {
    const parent = indexedPath(object);
    return parent && [...parent, key];
  }
  return ts.isTypeReferenceNode(object) ? [firstIdentifier(object.typeName), key] : undefined;
}

/** The declaration nodes (a whole export, or a property's type) at a path of a surface. */
function nodesAtPath(checker: ts.TypeChecker, surface: Surface, path: readonly string[]): ts.Node[] {
  const root = surface.exports.get(path[0]!) ?? localSymbol(checker, surface, path[0]!);
  let nodes: ts.Node[] = root?.declarations ?? [];
  for (const segment of path.slice(1)) {
    const matching: ts.Node[] = nodes.flatMap((node) => membersOf(node).filter((member) => member.name !== undefined && memberName(member.name) === segment));
    nodes = matching.map((member) => (ts.isPropertySignature(member) && member.type ? member.type : member));
  }
  return nodes;
}

function localSymbol(checker: ts.TypeChecker, surface: Surface, name: string): ts.Symbol | undefined {
  return checker.getSymbolsInScope(surface.file, ts.SymbolFlags.Type | ts.SymbolFlags.Value).find((symbol) => symbol.name === name && symbol.declarations?.some((d) => d.getSourceFile() === surface.file));
}

function membersOf(node: ts.Node): readonly ts.TypeElement[] | readonly ts.ClassElement[] {
  if (ts.isInterfaceDeclaration(node) || ts.isClassDeclaration(node) || ts.isTypeLiteralNode(node)) return node.members;
  if (ts.isTypeAliasDeclaration(node) && ts.isTypeLiteralNode(node.type)) return node.type.members;
  return [];
}

export function memberName(name: ts.PropertyName): string {
  return ts.isIdentifier(name) || ts.isStringLiteral(name) || ts.isNumericLiteral(name) || ts.isPrivateIdentifier(name) ? name.text : name.getText();
}

// Classifies the change between two API reports (the released one and the new one) the way a user
// of the package meets it: for every export, member and nested property, the type checker decides
// whether code written against the old surface still compiles against the new one. A value users
// receive may not widen (a new union member breaks an exhaustive switch) or become optional; a
// value users give may not narrow or become required; a function may not require more arguments.
import ts from "typescript";
import { loadSurfaces, positionOf, type Position, type Surface, type Surfaces } from "./api-surface.js";

export type ApiChangeClass = "breaking" | "addition" | "change";

export interface ApiChange {
  /** Dotted path in the report: `ClientOptions.timeout`, `components.schemas.EvalRunResult.name`. */
  path: string;
  classification: ApiChangeClass;
  /** One line in words. */
  reason: string;
}

export interface ApiDiff {
  bump: "major" | "minor" | "none";
  changes: ApiChange[];
}

interface Item {
  path: string[];
  /** Source text of the declaration: unchanged text means unchanged item. */
  text: string;
  optional: boolean;
  /** Compared through its members only (classes, interfaces, object literals). */
  container: boolean;
  type: ts.Type | undefined;
  signatures: readonly ts.Signature[];
}

export function diffApiReports(beforeReport: string, afterReport: string): ApiDiff {
  const surfaces = loadSurfaces(beforeReport, afterReport);
  const before = collectItems(surfaces.checker, surfaces.before);
  const after = collectItems(surfaces.checker, surfaces.after);
  const changes: ApiChange[] = [];
  const parentIn = (items: Map<string, Item>, path: string[]) => path.length > 1 && items.has(path.slice(0, -1).join("."));
  for (const [key, item] of before) {
    if (!after.has(key) && (item.path.length === 1 || parentIn(after, item.path))) {
      changes.push({ path: key, classification: "breaking", reason: `${display(item.path)} removed: code that uses it no longer compiles` });
    }
  }
  for (const [key, item] of after) {
    const old = before.get(key);
    if (!old) {
      if (item.path.length === 1 || parentIn(before, item.path)) changes.push(added(surfaces, item));
    } else if (old.text !== item.text) {
      const change = compare(surfaces, old, item);
      if (change) changes.push(change);
    }
  }
  const bump = changes.some((c) => c.classification === "breaking") ? "major" : changes.length > 0 ? "minor" : "none";
  return { bump, changes };
}

function added(surfaces: Surfaces, item: Item): ApiChange {
  const path = item.path.join(".");
  const given = positionOf(surfaces.marks, item.path).has("in");
  if (item.path.length > 1 && !item.optional && given && !item.path.at(-1)!.startsWith("static ")) {
    return { path, classification: "breaking", reason: `${display(item.path)} added as required: code that builds one without it no longer compiles` };
  }
  return { path, classification: "addition", reason: `${display(item.path)} added${item.optional ? " (optional)" : ""}` };
}

function compare(surfaces: Surfaces, old: Item, now: Item): ApiChange | undefined {
  const { checker } = surfaces;
  const path = now.path.join(".");
  const name = display(now.path);
  const positions = positionOf(surfaces.marks, now.path);
  const breaking = (reason: string): ApiChange => ({ path, classification: "breaking", reason: `${name} ${reason}` });
  if (positions.has("out") && !old.optional && now.optional) return breaking("may now be missing (it became optional): code that reads it gets undefined");
  if (positions.has("in") && old.optional && !now.optional) return breaking("is now required: code that leaves it out no longer compiles");
  if (now.path.at(-1) === "extends") {
    const base = (item: Item) => `\`${item.text.replace(/^extends /, "")}\``;
    return { path, classification: "breaking", reason: `${display(now.path.slice(0, -1))} no longer extends ${base(old)} (now ${base(now)}): instanceof checks and catch blocks that rely on it break` };
  }
  if (now.container || !old.type || !now.type) return undefined;
  if (old.signatures.length > 0 && now.signatures.length > 0) {
    const problem = [...positions].map((position) => signatureProblem(checker, old.signatures.at(-1)!, now.signatures.at(-1)!, position)).find(Boolean);
    return problem ? breaking(problem) : { path, classification: "change", reason: `${name} changed signature compatibly: ${short(checker.signatureToString(old.signatures.at(-1)!))} → ${short(checker.signatureToString(now.signatures.at(-1)!))}` };
  }
  const problem = [...positions].map((position) => typeProblem(checker, old.type!, now.type!, position)).find(Boolean);
  if (problem) return breaking(problem);
  return { path, classification: "change", reason: `${name} changed compatibly: ${short(typeText(checker, old.type))} → ${short(typeText(checker, now.type))}` };
}

/** Why code written for `old` breaks on `now` at this position, or undefined. */
function typeProblem(checker: ts.TypeChecker, old: ts.Type, now: ts.Type, position: Position): string | undefined {
  const assignable = (source: ts.Type, target: ts.Type) => checker.isTypeAssignableTo(source, target);
  const members = (type: ts.Type) => (type.isUnion() ? type.types : [type]);
  if (position === "out" && !assignable(now, old)) {
    const extra = members(now).filter((member) => !assignable(member, old)).map((member) => typeText(checker, member));
    const absent = extra.filter((member) => member === "null" || member === "undefined");
    if (assignable(old, now) && absent.length === extra.length) return `may now be ${absent.join(" or ")}: code that reads it must handle that`;
    if (assignable(old, now)) return `now also returns ${extra.join(" | ")}: code that handles every value (an exhaustive switch) no longer compiles`;
    return `changed type (${short(typeText(checker, old))} → ${short(typeText(checker, now))}): code that reads it no longer compiles`;
  }
  if (position === "in" && !assignable(old, now)) {
    const lost = members(old).filter((member) => !assignable(member, now)).map((member) => typeText(checker, member));
    if (assignable(now, old)) return `accepts fewer values (${lost.join(" | ")} no longer allowed): code that passes them no longer compiles`;
    return `changed type (${short(typeText(checker, old))} → ${short(typeText(checker, now))}): code that passes the old type no longer compiles`;
  }
  return undefined;
}

/** Functions users call ("out") must take every old call; callbacks users give ("in") must accept every new call. */
function signatureProblem(checker: ts.TypeChecker, old: ts.Signature, now: ts.Signature, position: Position): string | undefined {
  const [caller, callee] = position === "out" ? [old, now] : [now, old];
  const args = caller.parameters.length;
  if (requiredCount(callee) > requiredCount(caller)) return position === "out" ? `now needs ${plural(requiredCount(callee), "argument")} (was ${requiredCount(caller)})` : "is now called with fewer arguments than a callback written for it needs";
  if (args > callee.parameters.length && !hasRest(callee)) return position === "out" ? `now takes ${plural(callee.parameters.length, "argument")} (was ${args})` : "is now called with more arguments";
  for (let index = 0; index < Math.min(args, callee.parameters.length); index++) {
    const given = checker.getTypeOfSymbol(caller.parameters[index]!);
    const expected = checker.getTypeOfSymbol(callee.parameters[index]!);
    if (!checker.isTypeAssignableTo(given, expected)) {
      const parameter = callee.parameters[index]!.name;
      return position === "out"
        ? `argument \`${parameter}\` no longer accepts ${short(typeText(checker, given))} (now ${short(typeText(checker, expected))})`
        : `now passes ${short(typeText(checker, given))} as \`${parameter}\` to a callback written for ${short(typeText(checker, expected))}`;
    }
  }
  const [returned, expectedReturn] = position === "out" ? [now.getReturnType(), old.getReturnType()] : [old.getReturnType(), now.getReturnType()];
  if (!checker.isTypeAssignableTo(returned, expectedReturn)) return `now returns ${short(typeText(checker, now.getReturnType()))} (was ${short(typeText(checker, old.getReturnType()))})`;
  return undefined;
}

function requiredCount(signature: ts.Signature): number {
  return signature.parameters.filter((parameter) => {
    const declaration = parameter.valueDeclaration;
    return !(declaration && ts.isParameter(declaration) && (declaration.questionToken || declaration.initializer || declaration.dotDotDotToken));
  }).length;
}

const hasRest = (signature: ts.Signature) => signature.parameters.some((p) => p.valueDeclaration && ts.isParameter(p.valueDeclaration) && p.valueDeclaration.dotDotDotToken);

function collectItems(checker: ts.TypeChecker, surface: Surface): Map<string, Item> {
  const items = new Map<string, Item>();
  const add = (item: Item) => items.set(item.path.join("."), item);
  const textOf = (symbol: ts.Symbol) => (symbol.declarations ?? []).map((d) => d.getText()).join("\n");
  const members = (path: string[], type: ts.Type, own?: ts.Node): void => {
    for (const property of checker.getPropertiesOfType(type)) {
      if (own && !property.declarations?.some((d) => d.parent === own)) continue;
      const propertyType = checker.getTypeOfSymbol(property);
      const literal = declaresObjectLiteral(property) && isObjectLiteral(propertyType);
      add({ path: [...path, property.name], text: textOf(property), optional: (property.flags & ts.SymbolFlags.Optional) !== 0, container: literal, type: propertyType, signatures: checker.getSignaturesOfType(propertyType, ts.SignatureKind.Call) });
      if (literal) members([...path, property.name], propertyType.getNonNullableType());
    }
  };
  for (const [name, symbol] of surface.exports) {
    const declaration = symbol.declarations?.[0];
    if (name === "default" || !declaration) {
      add({ path: [name], text: `default ${symbol.name}`, optional: false, container: true, type: undefined, signatures: [] });
      continue;
    }
    if (ts.isClassDeclaration(declaration)) {
      add({ path: [name], text: "class", optional: false, container: true, type: undefined, signatures: [] });
      const base = declaration.heritageClauses?.find((clause) => clause.token === ts.SyntaxKind.ExtendsKeyword)?.types[0]?.getText() ?? "nothing";
      add({ path: [name, "extends"], text: `extends ${base}`, optional: false, container: false, type: undefined, signatures: [] });
      members([name], checker.getDeclaredTypeOfSymbol(symbol), declaration);
      const constructorType = checker.getTypeOfSymbol(symbol);
      const statics = checker.getPropertiesOfType(constructorType).filter((p) => p.name !== "prototype" && p.declarations?.some((d) => d.parent === declaration));
      for (const property of statics) {
        const type = checker.getTypeOfSymbol(property);
        add({ path: [name, `static ${property.name}`], text: textOf(property), optional: false, container: false, type, signatures: checker.getSignaturesOfType(type, ts.SignatureKind.Call) });
      }
      const constructors = checker.getSignaturesOfType(constructorType, ts.SignatureKind.Construct);
      add({ path: [name, "constructor"], text: declaration.members.filter(ts.isConstructorDeclaration).map((c) => c.getText()).join("\n") || "constructor()", optional: false, container: false, type: constructorType, signatures: constructors });
    } else if (ts.isInterfaceDeclaration(declaration) || (ts.isTypeAliasDeclaration(declaration) && ts.isTypeLiteralNode(declaration.type))) {
      add({ path: [name], text: "object", optional: false, container: true, type: undefined, signatures: [] });
      members([name], checker.getDeclaredTypeOfSymbol(symbol));
    } else {
      const type = symbol.flags & ts.SymbolFlags.TypeAlias ? checker.getDeclaredTypeOfSymbol(symbol) : checker.getTypeOfSymbol(symbol);
      add({ path: [name], text: textOf(symbol), optional: false, container: false, type, signatures: checker.getSignaturesOfType(type, ts.SignatureKind.Call) });
    }
  }
  return items;
}

/** The property writes its `{ ... }` type out (not a reference to another declaration, compared there). */
function declaresObjectLiteral(property: ts.Symbol): boolean {
  const declaration = property.declarations?.[0];
  let node = declaration && (ts.isPropertySignature(declaration) || ts.isPropertyDeclaration(declaration)) ? declaration.type : undefined;
  if (node && ts.isUnionTypeNode(node)) node = node.types.find((member) => !(ts.isLiteralTypeNode(member) && member.literal.kind === ts.SyntaxKind.NullKeyword) && member.kind !== ts.SyntaxKind.UndefinedKeyword);
  return node !== undefined && ts.isTypeLiteralNode(node);
}

/** An anonymous `{ ... }` type (not a function): compared member by member. */
function isObjectLiteral(type: ts.Type): boolean {
  const objectType = type.getNonNullableType();
  return (objectType.flags & ts.TypeFlags.Object) !== 0 && ((objectType as ts.ObjectType).objectFlags & ts.ObjectFlags.Anonymous) !== 0 && (objectType.symbol?.flags & ts.SymbolFlags.TypeLiteral) !== 0 && objectType.getCallSignatures().length === 0;
}

/** A path as users know it: the schema or the operation's parameter rather than the report's nesting. */
export function display(path: readonly string[]): string {
  const [root, ...rest] = path;
  if (root === "components" && rest[0] === "schemas" && rest.length > 1) return `\`${rest.slice(1).join(".")}\``;
  if (root === "operations" && rest.length >= 4 && rest[1] === "parameters") return `\`${rest[0]}\` ${rest[2]} parameter \`${rest.slice(3).join(".")}\``;
  if (root === "operations" && rest.length >= 3 && rest[1] === "responses") return `\`${rest[0]}\` response ${rest[2]}${rest.length > 3 ? ` \`${rest.slice(3).join(".")}\`` : ""}`;
  return `\`${path.map((segment) => segment.replace(/^static /, "")).join(".")}\``;
}

/** A type as written, with aliases expanded one level (`LogLevel` shows its members). */
function typeText(checker: ts.TypeChecker, type: ts.Type): string {
  return checker.typeToString(type, undefined, ts.TypeFormatFlags.InTypeAlias | ts.TypeFormatFlags.NoTruncation | ts.TypeFormatFlags.UseSingleQuotesForStringLiteralType);
}

const plural = (count: number, noun: string) => `${count} ${noun}${count === 1 ? "" : "s"}`;
const short = (text: string) => (text.length > 100 ? `${text.slice(0, 97)}...` : text);


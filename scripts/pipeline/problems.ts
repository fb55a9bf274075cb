// One problem shape for everything the pipeline can report: lint findings, YAML syntax errors,
// bundle problems and step failures. Printed one per line, clickable in editors and CI logs.
import * as path from "node:path";
import type { NormalizedProblem } from "@redocly/openapi-core";
import { loadCore } from "./deps.js";

export type Severity = "error" | "warning";

export interface Problem {
  /** Path relative to the pipeline's rootDir (e.g. `spec/openapi.yaml`), when known. */
  file?: string;
  line?: number;
  col?: number;
  severity: Severity;
  ruleId: string;
  message: string;
}

/** `spec/openapi.yaml:12:7  error  operation-operationId  Operation object should contain ...` */
export function formatProblem(p: Problem): string {
  const where = !p.file ? "(pipeline)" : p.line ? `${p.file}:${p.line}:${p.col ?? 1}` : p.file;
  return `${where}  ${p.severity}  ${p.ruleId}  ${p.message}`;
}

export function countProblems(problems: readonly Problem[]): { errors: number; warnings: number } {
  const errors = problems.filter((p) => p.severity === "error").length;
  return { errors, warnings: problems.length - errors };
}

export function summarizeProblems(problems: readonly Problem[]): string {
  const { errors, warnings } = countProblems(problems);
  return `${errors} error${errors === 1 ? "" : "s"}, ${warnings} warning${warnings === 1 ? "" : "s"}`;
}

/** Redocly problems carry a source + JSON pointer; turn that into file:line:col. */
export function fromRedocly(problems: readonly NormalizedProblem[], rootDir: string): Problem[] {
  const { getLineColLocation } = loadCore();
  return problems
    .filter((p) => !p.ignored) // silenced in .redocly.lint-ignore.yaml on purpose
    .map((p) => {
      const loc = p.location[0];
      const lineCol = loc ? getLineColLocation(loc) : undefined;
      return {
        ...(loc && { file: relative(rootDir, loc.source.absoluteRef) }),
        ...(lineCol && { line: lineCol.start.line, col: lineCol.start.col }),
        severity: p.severity === "error" ? "error" : "warning",
        ruleId: p.ruleId,
        message: p.message,
      };
    });
}

/** A thrown error (YAML syntax, missing file, crash in a step) as a Problem. */
export function fromError(error: unknown, rootDir: string, ruleId = "pipeline"): Problem {
  const e = error as { message?: string; source?: { absoluteRef?: string }; originalError?: { path?: string } };
  const { YamlParseError } = loadCore();
  if (error instanceof YamlParseError) {
    return {
      file: relative(rootDir, error.source.absoluteRef),
      line: error.line,
      col: error.col,
      severity: "error",
      ruleId: "yaml-syntax",
      // js-yaml ends the message with ` in "<file>" (line:col)`: both already in the prefix.
      message: error.message.replace(/\s*\(\d+:\d+\)$/, "").replace(/\s+in "[^"]*"$/, ""),
    };
  }
  // ResolveError (e.g. ENOENT) keeps the file in originalError.path.
  const ref = e.source?.absoluteRef ?? e.originalError?.path;
  return {
    ...(ref && { file: relative(rootDir, ref) }),
    severity: "error",
    ruleId,
    message: e.message ?? String(error),
  };
}

function relative(rootDir: string, absoluteRef: string): string {
  return path.isAbsolute(absoluteRef) ? path.relative(rootDir, absoluteRef).split(path.sep).join("/") : absoluteRef;
}

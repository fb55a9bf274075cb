// What `npm run spec:diff` prints without --json: the changes grouped by classification, each with
// its file:line (the working spec, or the base for a removal), then the bump.
import type { DetailedReport } from "./index.js";
import type { Bump, Classification } from "./types.js";

const GROUPS: [Classification, string][] = [
  ["breaking", "Breaking"],
  ["non-breaking", "Non-breaking"],
  ["docs-only", "Docs-only"],
];

const BUMP_MEANING: Record<Bump, string> = {
  major: "something breaks for someone",
  minor: "additions only",
  patch: "documentation only",
  none: "no change",
};

export function formatReport(report: DetailedReport): string {
  const lines = [`spec:diff ${report.base} (base) → ${report.head}`];
  if (report.changes.length === 0) lines.push("", "No changes.");
  for (const [classification, title] of GROUPS) {
    const group = report.changes.filter((change) => change.classification === classification);
    if (group.length === 0) continue;
    lines.push("", `${title} (${group.length})`);
    for (const change of group) {
      const where = change.lineIn === "base" ? `${report.base}:${change.line} (base, removed)` : `${report.head}:${change.line}`;
      lines.push(`  ${change.side.padEnd(8)} ${where}  ${change.pointer || "/"}`, `           ${change.reason}`);
    }
  }
  lines.push("", `Bump: ${report.bump} (${BUMP_MEANING[report.bump]}; semantic impact, before any 0.x mapping)`);
  return lines.join("\n");
}

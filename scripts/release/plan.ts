// The release plan: from a regenerated tree with refreshed API reports, the two diffs against the
// last release, the hand-written [Unreleased] bullets, the bump, the next version and the
// changelog entry. Pure reading: nothing is written here.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { diffEntryReports, MAIN_ENTRY, readEntryReports, type EntriesApiDiff } from "./api-reports.js";
import { decideBump, describeMove, nextVersion, type BumpDecision, type Level } from "./bump.js";
import { mentioned, readUnreleased, renderEntry, SECTIONS, emptyBullets, unreleasedLevel, type Bullets, type Section } from "./changelog.js";
import { apiVersionOf, diffSpec, RELEASED_SPEC, type SpecChange, type SpecDiff } from "./spec-changes.js";

export interface ReleasePlan {
  current: string;
  next: string;
  level: Exclude<Level, "none">;
  apiVersion: string;
  spec: SpecDiff;
  api: EntriesApiDiff;
  unreleased: Bullets;
  decision: BumpDecision;
  entry: string;
}

export type PlanOutcome = { plan: ReleasePlan } | { nothing: string };

export async function planRelease(workspace: string, env: NodeJS.ProcessEnv = process.env): Promise<PlanOutcome> {
  const read = (file: string) => readFileSync(join(workspace, file), "utf8");
  const current = (JSON.parse(read("package.json")) as { version: string }).version;
  const spec = await diffSpec(workspace, env);
  const reports = readEntryReports(workspace);
  const api = diffEntryReports(reports);
  const unreleased = readUnreleased(read("CHANGELOG.md"));
  const apiVersion = apiVersionOf(workspace);
  const previousApiVersion = apiVersionOf(workspace, RELEASED_SPEC);
  const specReasons = spec.changes.filter((change) => specLevel(change) === spec.bump).map((change) => change.reason);
  const apiReasons = api.changes.filter((change) => (change.classification === "breaking") === (api.bump === "major")).map((change) => change.reason);
  const decision = decideBump({ spec: spec.bump, api: api.bump, unreleased: unreleasedLevel(unreleased), specReasons, apiReasons });
  if (decision.level === "none") {
    return { nothing: `Nothing to release since ${current}: the spec and the public API are unchanged and CHANGELOG.md has no bullet under [Unreleased]. Describe what changed there (### Fixed / ### Changed) if this release is for an internal fix.` };
  }
  const level = decision.level;
  const next = nextVersion(current, level);
  const specDerived = new Map(reports.map(({ entry, current }) => [entry, specTypeNames(current)]));
  const sections = mergeSections(unreleased, generatedBullets(spec, api, unreleased, specDerived, apiVersion, previousApiVersion));
  const entry = renderEntry({ version: next, apiVersion, note: decision.note, sections });
  return { plan: { current, next, level, apiVersion, spec, api, unreleased, decision, entry } };
}

const specLevel = (change: SpecChange): Level => (change.classification === "breaking" ? "major" : change.classification === "non-breaking" ? "minor" : "patch");

function generatedBullets(spec: SpecDiff, api: EntriesApiDiff, written: Bullets, specDerived: ReadonlyMap<string, ReadonlySet<string>>, apiVersion: string, previousApiVersion: string): Bullets {
  const bullets = emptyBullets();
  for (const change of spec.changes) {
    const addition = change.presence === "added" || (change.presence === "changed" && /\b(added|new)\b/i.test(change.reason));
    const section: Section = change.classification === "breaking" ? "Breaking" : change.classification === "docs-only" ? "Changed" : addition ? "Added" : "Changed";
    bullets[section].push(`- ${change.classification === "docs-only" ? "Docs: " : ""}${sentence(change.reason)}`);
  }
  if (apiVersion !== previousApiVersion) bullets.Changed.push(`- Targets API ${apiVersion} (was ${previousApiVersion}).`);
  const writtenText = SECTIONS.flatMap((section) => written[section]).join("\n");
  const mainChanges = new Set(api.changes.filter((change) => change.entry === MAIN_ENTRY).map((change) => `${change.path} ${change.classification}`));
  for (const change of api.changes) {
    const root = change.path.split(".")[0]!;
    // The spec diff already says, in the API's words, what changed in the types made from the spec;
    // another entry's copy of those types needs its own bullet only where it rates a change otherwise
    // (the sandbox takes runs, so a required field added to a run breaks code that builds one).
    const sameAsMain = change.entry === MAIN_ENTRY || mainChanges.has(`${change.path} ${change.classification}`);
    if (spec.changes.length > 0 && specDerived.get(change.entry)?.has(root) && sameAsMain) continue;
    if (mentioned(writtenText, change.path)) continue;
    const section: Section = change.classification === "breaking" ? "Breaking" : change.classification === "addition" ? "Added" : "Changed";
    bullets[section].push(`- ${sentence(change.reason)}`);
  }
  return bullets;
}

function mergeSections(written: Bullets, generated: Bullets): Bullets {
  const merged = emptyBullets();
  for (const section of SECTIONS) merged[section] = [...written[section], ...generated[section]];
  return merged;
}

/** A reason as a changelog sentence: capitalised, with a full stop. */
const sentence = (text: string) => {
  const trimmed = text.trim().replace(/^[a-z]/, (letter) => letter.toUpperCase());
  return /[.!?]$/.test(trimmed) ? trimmed : `${trimmed}.`;
};

/** The types made from the spec: `paths`, `components`, `operations` and the aliases (exported or not) that point into them. */
function specTypeNames(report: string): Set<string> {
  const aliases = [...report.matchAll(/^(?:export )?type (\w+) = (?:NonNullable<)?(?:components|operations|paths)\[/gm)].map((match) => match[1]!);
  return new Set(["paths", "components", "operations", ...aliases]);
}

/** The plan as the release prints it (dry run or not). */
export function formatPlan(plan: ReleasePlan): string {
  const lines = [
    `aymara-eval-runs ${describeMove(plan.current, plan.next, plan.level)}`,
    `Bump: ${plan.level} (spec diff: ${plan.spec.bump}, API report: ${plan.api.bump}, [Unreleased] bullets: ${unreleasedLevel(plan.unreleased)})`,
  ];
  if (plan.decision.note) lines.push(`Why: ${plan.decision.note}`);
  lines.push("Spec changes (npm run spec:diff, base spec/released/openapi.yaml):");
  if (plan.spec.changes.length === 0) lines.push("  none");
  for (const change of plan.spec.changes) {
    // spec:diff gives a removal's line in the base spec, anything else's in the working spec.
    const file = change.presence === "removed" ? "spec/released/openapi.yaml" : "spec/openapi.yaml";
    lines.push(`  ${change.classification.padEnd(12)} ${change.side.padEnd(8)} ${file}${change.line === null ? "" : `:${change.line}`} ${change.pointer}: ${change.reason}`);
  }
  lines.push("Public API changes (each entry's test/api-report/*.api.md against its released report):");
  if (plan.api.changes.length === 0) lines.push("  none");
  for (const change of plan.api.changes) lines.push(`  ${change.classification.padEnd(12)} ${change.reason}`);
  lines.push("CHANGELOG.md entry:", "", ...plan.entry.trimEnd().split("\n").map((line) => (line ? `    ${line}` : "")), "");
  return lines.join("\n");
}

// The bump: the strictest of what the spec diff, the API-report diff and the hand-written
// [Unreleased] entries say, and the next version under semver (0.x: a breaking change bumps the
// minor number, everything else the patch number, as CHANGELOG.md states).

export type Level = "major" | "minor" | "patch" | "none";

const ORDER: readonly Level[] = ["none", "patch", "minor", "major"];
const rank = (level: Level) => ORDER.indexOf(level);
export const stricter = (a: Level, b: Level): Level => (rank(a) >= rank(b) ? a : b);

/** What a level means, for messages and the changelog. */
export const LEVEL_WORDS: Record<Level, string> = {
  major: "a breaking change",
  minor: "additions",
  patch: "fixes and documentation only",
  none: "no change",
};

export interface BumpInputs {
  spec: Level;
  api: Level;
  /** From the sections of the hand-written [Unreleased] bullets (Breaking → major, Added → minor, else patch). */
  unreleased: Level;
  /** One-line reasons of the spec changes and API changes at their own level, for the disagreement note. */
  specReasons: string[];
  apiReasons: string[];
}

export interface BumpDecision {
  level: Level;
  /** Why the diffs disagree and which won; undefined when they agree. */
  note: string | undefined;
}

export function decideBump(inputs: BumpInputs): BumpDecision {
  const level = [inputs.spec, inputs.api, inputs.unreleased].reduce(stricter, "none");
  // With no spec change the report's changes are the SDK's own work, told by the [Unreleased] bullets: nothing to reconcile.
  if (inputs.spec === inputs.api || inputs.spec === "none") return { level, note: undefined };
  const [winner, loser, reasons] = rank(inputs.spec) > rank(inputs.api) ? (["spec diff", "API report", inputs.specReasons] as const) : (["API report", "spec diff", inputs.apiReasons] as const);
  const winning = winner === "spec diff" ? inputs.spec : inputs.api;
  const losing = winner === "spec diff" ? inputs.api : inputs.spec;
  const unseen = winner === "spec diff" && inputs.api === "none" ? " (the TypeScript types do not show it)" : "";
  const listed = reasons.length > 0 ? `: ${reasons.join("; ")}` : "";
  const note = `The ${winner} finds ${LEVEL_WORDS[winning]}${unseen}, the ${loser} ${losing === "none" ? "nothing" : LEVEL_WORDS[losing]}; the stricter wins${listed}.`;
  return { level, note };
}

/** The version after `current` for a change of `level` (semver; 0.x shifts every bump one place right). */
export function nextVersion(current: string, level: Exclude<Level, "none">): string {
  const match = /^(\d+)\.(\d+)\.(\d+)$/.exec(current);
  if (!match) throw new Error(`Cannot bump version ${JSON.stringify(current)}: expected MAJOR.MINOR.PATCH with no pre-release tag.`);
  const [major, minor, patch] = match.slice(1).map(Number) as [number, number, number];
  if (major === 0) return level === "major" ? `0.${minor + 1}.0` : `0.${minor}.${patch + 1}`;
  if (level === "major") return `${major + 1}.0.0`;
  return level === "minor" ? `${major}.${minor + 1}.0` : `${major}.${minor}.${patch + 1}`;
}

/** How the version moves, in words: "0.1.0 → 0.2.0 (0.x: a breaking change bumps the minor number)". */
export function describeMove(current: string, next: string, level: Exclude<Level, "none">): string {
  const zero = current.startsWith("0.");
  const part = zero ? (level === "major" ? "minor" : "patch") : level;
  return `${current} → ${next} (${LEVEL_WORDS[level]}: ${zero ? "0.x, " : ""}the ${part} number)`;
}

// CHANGELOG.md: reads the hand-written bullets under `## [Unreleased]`, renders a release entry
// (Breaking / Added / Changed / Fixed) and writes it below an emptied [Unreleased] heading.

export const SECTIONS = ["Breaking", "Added", "Changed", "Fixed"] as const;
export type Section = (typeof SECTIONS)[number];
export type Bullets = Record<Section, string[]>;

const UNRELEASED = "## [Unreleased]";

export const emptyBullets = (): Bullets => ({ Breaking: [], Added: [], Changed: [], Fixed: [] });

/** The bullets under [Unreleased], by section (a bullet keeps its continuation lines). Unknown sections count as Changed. */
export function readUnreleased(changelog: string): Bullets {
  const bullets = emptyBullets();
  const lines = unreleasedBody(changelog).split("\n");
  let section: Section = "Changed";
  let current: string[] | undefined;
  const flush = () => {
    if (current) bullets[section].push(current.join("\n").trimEnd());
    current = undefined;
  };
  for (const line of lines) {
    const heading = /^###\s+(.+?)\s*$/.exec(line);
    if (heading) {
      flush();
      section = (SECTIONS as readonly string[]).includes(heading[1]!) ? (heading[1] as Section) : "Changed";
    } else if (/^[-*] /.test(line)) {
      flush();
      current = [line.replace(/^\* /, "- ")];
    } else if (current && line.trim() !== "") {
      current.push(line);
    } else if (line.trim() !== "") {
      // prose outside a bullet: keep it as a bullet of its own
      flush();
      current = [`- ${line.trim()}`];
    }
  }
  flush();
  return bullets;
}

function unreleasedBody(changelog: string): string {
  const start = changelog.indexOf(UNRELEASED);
  if (start < 0) throw new Error(`CHANGELOG.md has no "${UNRELEASED}" heading: add one above the latest release.`);
  const bodyStart = start + UNRELEASED.length;
  const next = changelog.indexOf("\n## ", bodyStart);
  return changelog.slice(bodyStart, next < 0 ? undefined : next);
}

export interface EntryInput {
  version: string;
  apiVersion: string;
  /** Why the release is stricter than one of the diffs says (see bump.ts). */
  note: string | undefined;
  sections: Bullets;
}

export function renderEntry({ version, apiVersion, note, sections }: EntryInput): string {
  const parts = [`## ${version} (API ${apiVersion})`];
  if (note) parts.push(note);
  for (const section of SECTIONS) {
    if (sections[section].length > 0) parts.push(`### ${section}`, sections[section].join("\n"));
  }
  return `${parts.join("\n\n")}\n`;
}

/** The changelog with [Unreleased] emptied and `entry` as the newest release below it. */
export function withEntry(changelog: string, entry: string): string {
  const start = changelog.indexOf(UNRELEASED);
  if (start < 0) throw new Error(`CHANGELOG.md has no "${UNRELEASED}" heading.`);
  const bodyStart = start + UNRELEASED.length;
  const next = changelog.indexOf("\n## ", bodyStart);
  const rest = next < 0 ? "" : changelog.slice(next + 1);
  return `${changelog.slice(0, bodyStart)}\n\n${entry}${rest ? `\n${rest}` : ""}`;
}

/**
 * A hand-written bullet already covers an API change (a dotted path such as `SandboxOptions.cors`)
 * when it names the export or member in backticks: `cors`, `cors(...)`, `cors: ...`, as an option
 * key, `createSandboxServer({ cors: true })`, or as a method call, `client.withOptions(...)`.
 */
export function mentioned(text: string, path: string): boolean {
  const segments = path.split(".").map((segment) => segment.replace(/^static /, ""));
  const spans = [...text.matchAll(/`([^`]+)`/g)].map((match) => match[1]!);
  return [segments.join("."), segments.at(-1)!].some((name) => {
    const literal = name.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
    const inSpan = new RegExp(`[{,]\\s*${literal}\\??:|\\.${literal}\\(`);
    return text.includes(`\`${name}\``) || text.includes(`\`${name}(`) || text.includes(`\`${name}:`) || spans.some((span) => inSpan.test(span));
  });
}

/** The strictest section that has bullets, as a bump level. */
export function unreleasedLevel(bullets: Bullets): "major" | "minor" | "patch" | "none" {
  if (bullets.Breaking.length > 0) return "major";
  if (bullets.Added.length > 0) return "minor";
  return bullets.Changed.length + bullets.Fixed.length > 0 ? "patch" : "none";
}

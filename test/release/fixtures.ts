// Edits the release tests make in their clones (the spec, and one SDK source): each asserts that the
// file still has the text it edits, so a change there fails here with a message rather than testing nothing.
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { withEntry } from "../../scripts/release/changelog.js";

function edit(dir: string, from: string, to: string, file = join("spec", "openapi.yaml")): void {
  const path = join(dir, file);
  const text = readFileSync(path, "utf8");
  if (!text.includes(from)) throw new Error(`${file} no longer contains the text this fixture edits:\n${from}`);
  writeFileSync(path, text.replace(from, to));
}

const WORKSPACE_PARAMETER = `        - name: workspace_uuid
          in: query
          required: false
          description: UUID of the workspace to filter runs by. Omit it to list the runs of every workspace.
          schema:
            type: string
`;
const LIMIT_SCHEMA = `          description: Maximum number of eval runs to return in one page.
          schema:
            type: integer
            minimum: 1
`;

/** Non-breaking: an optional query parameter `name` (the sandbox filters runs by the field of that name). */
export function addOptionalParameter(dir: string): void {
  edit(dir, WORKSPACE_PARAMETER, `${WORKSPACE_PARAMETER}        - name: name
          in: query
          required: false
          description: Only runs with exactly this name.
          schema:
            type: string
`);
}

/** Breaking, visible in the types: the query parameter `workspace_uuid` removed (the consumer corpus sends it). */
export function removeParameter(dir: string): void {
  edit(dir, WORKSPACE_PARAMETER, "");
}

/** Breaking, invisible in the types: `limit` gets a maximum, so the SDK refuses values it used to send. */
export function addLimitMaximum(dir: string): void {
  edit(dir, LIMIT_SCHEMA, `${LIMIT_SCHEMA}            maximum: 500
`);
}

/** Additive in ./testing only (its API report, not "."'s): an optional sandbox option, which the sandbox ignores. */
export function addSandboxOption(dir: string): void {
  const last = "  validateResponses?: boolean;\n}\n";
  edit(dir, last, `${last.slice(0, -2)}  /** Added by a release test. */\n  releaseTestOption?: boolean;\n}\n`, join("src", "testing", "server.ts"));
}

/**
 * The hand-written [Unreleased] bullets of every scenario, in place of the ones this repository has
 * pending: those decide a bump too (a Breaking bullet makes any release major), so each scenario's
 * version must come from its own change. One bullet per section that alone would be minor at most.
 */
export const SCENARIO_BULLETS = {
  Added: "- A hand-written addition, carried into the entry (release test).",
  Changed: "- A hand-written change, carried into the entry (release test).",
  Fixed: "- A hand-written fix, carried into the entry (release test).",
} as const;

export function replaceUnreleasedBullets(dir: string): void {
  const path = join(dir, "CHANGELOG.md");
  const body = Object.entries(SCENARIO_BULLETS).map(([section, bullet]) => `### ${section}\n\n${bullet}\n`).join("\n");
  // What the release writes below an emptied [Unreleased] heading may as well be the bullets under it.
  writeFileSync(path, withEntry(readFileSync(path, "utf8"), body));
}

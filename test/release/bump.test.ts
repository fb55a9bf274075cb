import { describe, expect, test } from "vitest";
import { decideBump, describeMove, nextVersion } from "../../scripts/release/bump.js";
import { mentioned, readUnreleased, renderEntry, unreleasedLevel, withEntry } from "../../scripts/release/changelog.js";

describe("nextVersion", () => {
  test.each([
    ["0.1.0", "major", "0.2.0"],
    ["0.1.0", "minor", "0.1.1"],
    ["0.1.0", "patch", "0.1.1"],
    ["0.9.3", "major", "0.10.0"],
    ["1.4.2", "major", "2.0.0"],
    ["1.4.2", "minor", "1.5.0"],
    ["1.4.2", "patch", "1.4.3"],
  ] as const)("%s with a %s change → %s (0.x shifts every bump one place right)", (current, level, next) => {
    expect(nextVersion(current, level)).toBe(next);
  });

  test("refuses a version it cannot bump", () => {
    expect(() => nextVersion("1.0.0-beta.1", "minor")).toThrow("Cannot bump version \"1.0.0-beta.1\": expected MAJOR.MINOR.PATCH");
  });

  test("describes the move in words", () => {
    expect(describeMove("0.1.0", "0.2.0", "major")).toBe("0.1.0 → 0.2.0 (a breaking change: 0.x, the minor number)");
    expect(describeMove("1.2.3", "1.3.0", "minor")).toBe("1.2.3 → 1.3.0 (additions: the minor number)");
  });
});

describe("decideBump: the stricter diff wins and says why", () => {
  const reasons = { specReasons: ["`limit` now has maximum 500: calls with larger values are refused before sending"], apiReasons: ["`EvalRunResult.owner` added"] };

  test("agreeing diffs need no note", () => {
    expect(decideBump({ spec: "minor", api: "minor", unreleased: "none", ...reasons })).toEqual({ level: "minor", note: undefined });
  });

  test("a breaking spec change the API report cannot see", () => {
    expect(decideBump({ spec: "major", api: "none", unreleased: "none", ...reasons })).toEqual({
      level: "major",
      note: "The spec diff finds a breaking change (the TypeScript types do not show it), the API report nothing; the stricter wins: `limit` now has maximum 500: calls with larger values are refused before sending.",
    });
  });

  test("an API report stricter than the spec diff", () => {
    expect(decideBump({ spec: "patch", api: "minor", unreleased: "none", ...reasons })).toEqual({
      level: "minor",
      note: "The API report finds additions, the spec diff fixes and documentation only; the stricter wins: `EvalRunResult.owner` added.",
    });
  });

  test("a break in another entry's report (./testing) makes an additive spec change major, and the note names the entry", () => {
    const testingBreak = "`./testing`: `ResetFault.when` accepts fewer values ('mid-body' no longer allowed): code that passes them no longer compiles";
    expect(decideBump({ spec: "minor", api: "major", unreleased: "none", specReasons: ["new optional query parameter `name`"], apiReasons: [testingBreak] })).toEqual({
      level: "major",
      note: `The API report finds a breaking change, the spec diff additions; the stricter wins: ${testingBreak}.`,
    });
  });

  test("no spec change: the report's changes are the SDK's own (told by the bullets), so no note", () => {
    expect(decideBump({ spec: "none", api: "minor", unreleased: "minor", ...reasons })).toEqual({ level: "minor", note: undefined });
  });

  test("hand-written Breaking bullets make a release major even when both diffs are quiet", () => {
    expect(decideBump({ spec: "none", api: "none", unreleased: "major", ...reasons })).toEqual({ level: "major", note: undefined });
  });

  test("nothing anywhere is nothing to release", () => {
    expect(decideBump({ spec: "none", api: "none", unreleased: "none", ...reasons }).level).toBe("none");
  });
});

describe("CHANGELOG.md", () => {
  const changelog = `# Changelog

Intro.

## [Unreleased]

### Added

- \`foo\` option: does a thing
  over two lines.

### Fixed

* A bug.

### Security

- Counted as Changed.

## 0.1.0 (API 2.0.0)

### Added

- First release.
`;

  test("reads the hand-written bullets by section (continuation lines kept, unknown sections as Changed)", () => {
    const bullets = readUnreleased(changelog);
    expect(bullets).toEqual({ Breaking: [], Added: ["- `foo` option: does a thing\n  over two lines."], Changed: ["- Counted as Changed."], Fixed: ["- A bug."] });
    expect(unreleasedLevel(bullets)).toBe("minor");
  });

  test("renders an entry and puts it under an emptied [Unreleased]", () => {
    const entry = renderEntry({ version: "0.1.1", apiVersion: "2.1.0", note: "Why it is minor.", sections: { ...readUnreleased(changelog), Breaking: [] } });
    expect(entry).toBe("## 0.1.1 (API 2.1.0)\n\nWhy it is minor.\n\n### Added\n\n- `foo` option: does a thing\n  over two lines.\n\n### Changed\n\n- Counted as Changed.\n\n### Fixed\n\n- A bug.\n");
    const written = withEntry(changelog, entry);
    expect(written).toBe(`# Changelog\n\nIntro.\n\n## [Unreleased]\n\n${entry}\n## 0.1.0 (API 2.0.0)\n\n### Added\n\n- First release.\n`);
    expect(readUnreleased(written)).toEqual({ Breaking: [], Added: [], Changed: [], Fixed: [] });
  });

  test.each([
    ["the export in backticks", "- New type `CorsOption`.", "CorsOption", true],
    ["a method called on an instance", "- `client.withOptions(options)`: a new client.", "AymaraAI.withOptions", true],
    ["the same name as a property on the way to another call", "- `client.evals.runs.list()` lists runs.", "SandboxOptions.runs", false],
    ["a member named first in a code span", "- `withOptions(options)` returns a client.", "AymaraAI.withOptions", true],
    ["an option key in a call", "- `createSandboxServer({ cors: true | string[] })` answers preflights.", "SandboxOptions.cors", true],
    ["an option key after another", "- `createSandboxServer({ runs: 3, validateResponses: true })`.", "SandboxOptions.validateResponses", true],
    ["a flag of the same name", "- `npx aymara-eval-runs-sandbox --runs 5`.", "SandboxOptions.runs", false],
    ["a name in prose only", "- The sandbox validates responses.", "SandboxOptions.validateResponses", false],
  ])("a hand-written bullet mentions an API change: %s", (_what, bullet, path, expected) => {
    expect(mentioned(bullet, path)).toBe(expected);
  });

  test("without an [Unreleased] heading, says what to add", () => {
    expect(() => readUnreleased("# Changelog\n\n## 0.1.0\n")).toThrow('CHANGELOG.md has no "## [Unreleased]" heading: add one above the latest release.');
  });
});

// The report of `npm run spec:diff -- --json` and of diffSpecs(): the contract with `npm run release`.

/** Semantic impact of the whole change (not yet mapped to 0.x: the release command does that). */
export type Bump = "major" | "minor" | "patch" | "none";

/** Whom a change concerns: what callers send, what they read back, or neither (servers, auth, naming, docs). */
export type Side = "request" | "response" | "other";

export type Classification = "breaking" | "non-breaking" | "docs-only";

export interface SpecChange {
  /** JSON pointer (RFC 6901) of the changed value in the spec file as written; `$ref`s are followed to their target. */
  pointer: string;
  /** 1-based line of `pointer`: in the working spec for an addition or a change, in the base spec for a removal. */
  line: number;
  side: Side;
  classification: Classification;
  /** One line, in words: what changed and what it does to callers. */
  reason: string;
}

export interface SpecDiffReport {
  bump: Bump;
  changes: SpecChange[];
}

/** A change with the file its line belongs to (the human output says which). */
export interface LocatedChange extends SpecChange {
  lineIn: "head" | "base";
}

/** Bad input: a file or git ref that does not exist, or a spec that does not parse. Exit code 1. */
export class SpecInputError extends Error {
  override name = "SpecInputError";
  constructor(
    message: string,
    /** `file:line:col rule message` lines, when the problem has a location. */
    readonly problems: readonly string[] = [],
  ) {
    super(message);
  }
}

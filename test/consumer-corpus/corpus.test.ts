import { readFileSync, rmSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { corpusPassed, runConsumerCorpus, uncoveredExports, type CorpusResult } from "../../scripts/release/consumer-corpus.js";
import { makeTempDir, repoRoot } from "../delivery/harness.js";
import { installPackedSdk } from "../support/packed.js";

// Downstream proof: the corpus (code written against the last release) compiles and runs against
// the packed work tree, installed in a consumer project the way a downstream repo installs it.
// The release runs the same corpus on the tarball it ships (scripts/release/consumer-corpus.ts);
// test/release/ shows a breaking fixture change caught and a non-breaking one passing.

let consumerDir: string;
let result: CorpusResult;

beforeAll(async () => {
  consumerDir = makeTempDir("corpus");
  await installPackedSdk(consumerDir);
  result = await runConsumerCorpus(consumerDir);
}, 300_000);

afterAll(() => {
  if (consumerDir) rmSync(consumerDir, { recursive: true, force: true });
});

describe("the consumer corpus against the packed build", () => {
  test("compiles with no error (strict, NodeNext, noUnusedLocals)", () => {
    expect(result.diagnostics).toEqual([]);
  });

  test("lists the sandbox's runs with errors and pagination, and exits 0", () => {
    expect(result.scenario?.stderr ?? "").toBe("");
    expect(result.scenario?.code).toBe(0);
    expect(corpusPassed(result)).toBe(true);
    const pkg = JSON.parse(readFileSync(`${repoRoot}/package.json`, "utf8")) as { version: string };
    expect(result.summary).toMatchObject({ version: pkg.version, runs: 60, pages: 3, logLevel: 4 });
    const errors = result.summary!.errors as string[];
    expect(errors.slice(0, 4)).toEqual([
      expect.stringMatching(/^authentication 401 auth\.invalid_key with-request-id /),
      expect.stringMatching(/^not-found 404 resource\.not_found with-request-id /),
      expect.stringMatching(/^unprocessable 422 validation\.invalid_request with-request-id /),
      "invalid-request limit 0 an integer >= 1",
    ]);
    expect(errors.slice(4)).toEqual(["not-found 404 - with-request-id 0 false", "service-unavailable 503 - with-request-id 0 false", "api 418 resource.conflict with-request-id 1 false", "connection", "timeout", "aborted", "invalid-request limit 0 an integer >= 1", "invalid-response 200 text/html 6"]);
  });

  test("uses every export of ., ./types and ./testing (a new export needs a use here)", () => {
    expect(Object.keys(result.exports).sort()).toEqual(["aymara-eval-runs", "aymara-eval-runs/testing", "aymara-eval-runs/types"]);
    expect(uncoveredExports(result.exports, result.used)).toEqual([]);
  });
});

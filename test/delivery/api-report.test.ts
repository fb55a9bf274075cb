import { describe, expect, test } from "vitest";
import { runApiReport } from "../../scripts/build-api-report.js";

// Every spec change that alters public types must show in review: the public surface of the
// built package is compared with the committed report test/api-report/aymara-eval-runs.api.md.
describe("public API report", () => {
  test(
    "the committed report matches the SDK's public surface (else: npm run api:update)",
    () => {
      const { changed, succeeded, messages } = runApiReport({ update: false });
      expect(messages).toEqual([]);
      expect(changed).toBe(false);
      expect(succeeded).toBe(true);
    },
    180_000,
  );
});

import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    reporters: ["default", "./test/support/summary-reporter.ts"],
    // Type tests (`*.test-d.ts`) run through tsc: expectTypeOf and @ts-expect-error lines fail the suite.
    typecheck: { enabled: true, include: ["test/**/*.test-d.ts"], tsconfig: "./tsconfig.json" },
    testTimeout: 30_000,
    hookTimeout: 30_000,
    // Redocly reports usage over the network unless told not to; tests never reach the network.
    env: { REDOCLY_TELEMETRY: "off" },
  },
});

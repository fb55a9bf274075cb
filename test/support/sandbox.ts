// The sandbox as this package's own tests start it: with validateResponses on, so every body it
// sends is checked against the spec first, and a sandbox bug fails the test that met it.
import { createSandboxServer, type SandboxOptions, type SandboxServer } from "../../src/testing/index.js";

export function startSandbox(options: SandboxOptions = {}): Promise<SandboxServer> {
  return createSandboxServer({ validateResponses: true, ...options });
}

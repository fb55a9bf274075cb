// Child process: one sandbox server, so a benchmark's client runs (and is measured) in another process.
// Argument: the sandbox options as JSON. Prints {url, apiKey}; closes and exits when its stdin closes.
import { createSandboxServer, type SandboxOptions } from "../../src/testing/index.js";
import { exitWhenParentLeaves, sendJson } from "./processes.js";

const options = JSON.parse(process.argv[2] ?? "{}") as SandboxOptions;
const server = await createSandboxServer(options);
exitWhenParentLeaves(() => server.close());
sendJson({ url: server.url, apiKey: server.apiKey });

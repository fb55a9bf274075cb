// npm run sandbox -- [--port 4010] [--runs 250] ...: the sandbox eval-runs API on loopback, until Ctrl-C.
import { parseArgs } from "node:util";
import { operations } from "../generated/metadata.js";
import { createSandboxServer, type SandboxOptions } from "../src/testing/index.js";

const usage = `Usage: npm run sandbox -- [options]
  --port <n>           port to listen on (default 4010; 0 picks a free one)
  --host <host>        interface to listen on (default 127.0.0.1)
  --api-key <key>      the key clients must send (default a fixed sandbox key)
  --runs <n>           generated runs (default 250)
  --seed <n>           seed of the generated runs
  --virtual-runs <n>   serve n runs generated on the fly (no filters)
  --max-page-size <n>  cap every page at n runs
  --latency-ms <n>     delay every answer by n ms
  --fault-rate <r>     probability in [0, 1] of a random transient fault per request
  --fault-seed <n>     seed of the random faults`;

function parse(): SandboxOptions | undefined {
  const text = { type: "string" } as const;
  const { values } = parseArgs({
    options: {
      port: text,
      host: text,
      "api-key": text,
      runs: text,
      seed: text,
      "virtual-runs": text,
      "max-page-size": text,
      "latency-ms": text,
      "fault-rate": text,
      "fault-seed": text,
      help: { type: "boolean", short: "h" },
    },
  });
  if (values.help) return undefined;
  const number = (name: keyof typeof values): number | undefined => {
    const raw = values[name];
    if (typeof raw !== "string") return undefined;
    const value = Number(raw);
    if (raw.trim() === "" || !Number.isFinite(value)) throw new Error(`--${name} must be a number, got ${JSON.stringify(raw)}`);
    return value;
  };
  return {
    port: number("port") ?? 4010,
    host: values.host,
    apiKey: values["api-key"],
    runs: number("runs"),
    seed: number("seed"),
    virtualRuns: number("virtual-runs"),
    maxPageSize: number("max-page-size"),
    latencyMs: number("latency-ms"),
    faultRate: number("fault-rate"),
    faultSeed: number("fault-seed"),
  };
}

let options: SandboxOptions | undefined;
try {
  options = parse();
} catch (error) {
  console.error(`${error instanceof Error ? error.message : String(error)}\n\n${usage}`);
  process.exit(2);
}
if (!options) {
  console.log(usage);
} else {
  const server = await createSandboxServer(options);
  const path = operations.listEvalRuns.path;
  console.log(`Sandbox eval-runs API listening on ${server.url}`);
  console.log(`API key: ${server.apiKey}`);
  console.log(`Try:     curl --get '${server.url}${path}' --data-urlencode 'limit=5' --header 'x-api-key: ${server.apiKey}'`);
  console.log(`SDK:     AYMARA_AI_API_KEY=${server.apiKey} npm run demo -- --base-url ${server.url}`);
  console.log("Ctrl-C stops it.");
  const stop = (signal: NodeJS.Signals): void => {
    console.log(`\n${signal}: closing (${server.requests.length} requests served, ${server.inFlight} still open)`);
    // close() destroys every connection, so the process exits by itself once it resolves.
    server.close().catch((error: unknown) => {
      console.error(error);
      process.exit(1);
    });
  };
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
}

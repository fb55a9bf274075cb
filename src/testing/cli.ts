#!/usr/bin/env node
// `aymara-eval-runs-sandbox` (the package's bin; `npm run sandbox` in this repo): the sandbox as a
// command, for test suites in any language and for curl. Exit codes: 0 after Ctrl-C / SIGTERM
// (connections closed) or --help; 1 for input it cannot use (a runs file, a run that breaks the
// spec, a busy port); 2 for a usage error, with the usage.
import { operations } from "../../generated/metadata.js";
import { InputError, parseCommand, USAGE, UsageError, type ParsedCommand } from "./cli-options.js";
import { InvalidRunError } from "./conformance.js";
import { FILTER_PARAMETERS, IGNORED_PARAMETERS } from "./listing.js";
import { createSandboxServer, type SandboxServer } from "./server.js";

const NAME = "aymara-eval-runs-sandbox";

function banner(server: SandboxServer): string {
  const curl = `curl --get '${server.url}${operations.listEvalRuns.path}' --data-urlencode 'limit=5' --header 'x-api-key: ${server.apiKey}'`;
  return [
    `Sandbox eval-runs API listening on ${server.url}`,
    `API key: ${server.apiKey}`,
    `Try:     ${curl}`,
    `         ${curl} --header 'Prefer: code=429'`,
    `SDK:     AYMARA_AI_BASE_URL=${server.url} AYMARA_AI_API_KEY=${server.apiKey}`,
    `Filters: ${FILTER_PARAMETERS.join(", ") || "none"}; accepted but ignored: ${IGNORED_PARAMETERS.join(", ") || "none"}`,
    "Ctrl-C stops it.",
  ].join("\n");
}

/** Resolves with the signal that asked the process to stop. */
function stopSignal(): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    const stop = (signal: NodeJS.Signals) => {
      process.off("SIGINT", stop);
      process.off("SIGTERM", stop);
      resolve(signal);
    };
    process.on("SIGINT", stop);
    process.on("SIGTERM", stop);
  });
}

async function start(command: Extract<ParsedCommand, { help: false }>): Promise<SandboxServer | number> {
  const { runsFile } = command;
  try {
    return await createSandboxServer(command.options);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    if (error instanceof InvalidRunError) return fail(1, `${runsFile ? `${runsFile}: ` : ""}${message}`);
    if ((error as NodeJS.ErrnoException).code === "EADDRINUSE") return fail(1, `port ${command.options.port} is in use: pick another with --port (0 picks a free one)`);
    // Options the server refuses (e.g. --runs with --virtual-runs, a malformed --cors origin).
    if (error instanceof TypeError || error instanceof RangeError) return fail(2, `${message}\n\n${USAGE}`);
    throw error;
  }
}

function fail(code: number, message: string): number {
  console.error(`${NAME}: ${message}`);
  return code;
}

async function main(argv: readonly string[]): Promise<number> {
  let command: ParsedCommand;
  try {
    command = parseCommand(argv);
  } catch (error) {
    if (error instanceof UsageError) return fail(2, `${error.message}\n\n${USAGE}`);
    if (error instanceof InputError) return fail(1, error.message);
    throw error;
  }
  if (command.help) {
    console.log(USAGE);
    return 0;
  }
  const stopped = stopSignal();
  const server = await start(command);
  if (typeof server === "number") return server;
  console.log(banner(server));
  const signal = await stopped;
  console.log(`${signal}: closing (${server.requests.length} requests served, ${server.inFlight} still open)`);
  await server.close();
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
    // Once the server is closed nothing is left to keep the process alive; Node exits with the code.
  },
  (error: unknown) => {
    console.error(`${NAME}: internal error:`, error);
    process.exitCode = 1;
  },
);

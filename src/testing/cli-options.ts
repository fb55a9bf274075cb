// The command line of `aymara-eval-runs-sandbox`: one flag per createSandboxServer option.
// Parsing only; cli.ts starts the server. A wrong flag is a UsageError (exit 2); a runs file that
// cannot be read or parsed is an InputError (exit 1).
import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import type { EvalRunResult } from "../../generated/types.js";
import type { Fault } from "./faults.js";
import type { SandboxOptions } from "./server.js";

export const DEFAULT_PORT = 4010;

export const USAGE = `Usage: aymara-eval-runs-sandbox [options]

A local, spec-conformant GET /v2/eval-runs for tests in any language. Runs until Ctrl-C.

  --port <n>                  port to listen on (default ${DEFAULT_PORT}; 0 picks a free one)
  --host <host>               interface to listen on (default 127.0.0.1)
  --api-key <key>             the key clients must send in x-api-key (default a fixed sandbox key)
  --runs <n | file.json>      how many runs to generate (default 250), or a JSON file holding the
                              runs: an array, or a page ({ "items": [...] }); each is checked
                              against the spec
  --seed <n>                  seed of the generated runs
  --virtual-runs <n>          serve n runs generated on the fly, storing none (no filters)
  --max-page-size <n>         never put more than n runs in a page, whatever limit asks
  --latency-ms <n>            delay every answer by n ms
  --fault-rate <r>            probability in [0, 1] of a random fault per request
  --fault-seed <n>            seed of the random faults
  --fault-kinds <list>        the faults drawn at random, comma-separated (default transient ones:
                              status:503,status:429,status:500,html:502,reset):
                              status:<code>  html[:<code>]  empty-body:<code>  delay:<ms>
                              reset[:before-body|mid-body]  hang  truncated-json
                              wrong-content-type  ignore-offset
  --max-recorded-requests <n> requests kept in memory (default 10000)
  --cors [<origins>]          answer CORS preflights: any origin, or only these comma-separated
                              origins (e.g. http://localhost:5173)
  --validate-responses        check every body against the spec before sending it
  -h, --help                  print this help

Ask for an answer with the Prefer header (as with Stoplight Prism):
  Prefer: code=429 | example=expiredKey | code=401, example=expiredKey | dynamic=true`;

/** A command-line mistake: exit 2 and show the usage. */
export class UsageError extends Error {
  override readonly name = "UsageError";
}

/** Input that cannot be used (an unreadable or malformed runs file): exit 1. */
export class InputError extends Error {
  override readonly name = "InputError";
}

export type ParsedCommand =
  | { readonly help: true }
  /** `runsFile`: the file `--runs` named, when it named one (errors about its runs name it). */
  | { readonly help: false; readonly options: SandboxOptions & { port: number }; readonly runsFile?: string };

const FLAGS = {
  port: { type: "string" },
  host: { type: "string" },
  "api-key": { type: "string" },
  runs: { type: "string" },
  seed: { type: "string" },
  "virtual-runs": { type: "string" },
  "max-page-size": { type: "string" },
  "latency-ms": { type: "string" },
  "fault-rate": { type: "string" },
  "fault-seed": { type: "string" },
  "fault-kinds": { type: "string" },
  "max-recorded-requests": { type: "string" },
  cors: { type: "string" },
  "validate-responses": { type: "boolean" },
  help: { type: "boolean", short: "h" },
} as const;

/** `--cors` with no value (last, or followed by another flag) means any origin. */
function withCorsDefault(argv: readonly string[]): string[] {
  return argv.map((arg, i) => (arg === "--cors" && (i === argv.length - 1 || argv[i + 1]!.startsWith("-")) ? "--cors=*" : arg));
}

function number(flag: string, raw: string | undefined, check: (value: number) => boolean, rule: string): number | undefined {
  if (raw === undefined) return undefined;
  const value = Number(raw);
  if (raw.trim() === "" || !Number.isFinite(value) || !check(value)) throw new UsageError(`--${flag} must be ${rule}, got ${JSON.stringify(raw)}`);
  return value;
}

const count = (flag: string, raw: string | undefined, min = 0) => number(flag, raw, (value) => Number.isSafeInteger(value) && value >= min, `an integer >= ${min}`);

function fault(spec: string): Fault {
  const [kind = "", arg] = spec.trim().split(":");
  const status = (fallback?: number) => {
    const value = arg === undefined ? fallback : Number(arg);
    if (value === undefined || !(Number.isInteger(value) && value >= 200 && value <= 599)) throw new UsageError(`--fault-kinds: ${spec} needs a status from 200 to 599, e.g. ${kind}:503`);
    return value;
  };
  switch (kind) {
    case "status":
      return { kind, status: status() };
    case "html":
      return { kind, status: status(502) };
    case "empty-body":
      return { kind, status: status() };
    case "delay": {
      const ms = Number(arg);
      if (arg === undefined || !(ms >= 0)) throw new UsageError(`--fault-kinds: ${spec} needs a delay in ms, e.g. delay:250`);
      return { kind, ms };
    }
    case "reset":
      if (arg !== undefined && arg !== "before-body" && arg !== "mid-body") throw new UsageError(`--fault-kinds: ${spec}: reset takes before-body or mid-body`);
      return { kind, when: arg ?? "before-body" };
    case "hang":
    case "truncated-json":
    case "wrong-content-type":
    case "ignore-offset":
      if (arg !== undefined) throw new UsageError(`--fault-kinds: ${kind} takes no argument, got ${spec}`);
      return { kind };
    default:
      throw new UsageError(`--fault-kinds: unknown fault ${JSON.stringify(spec)}`);
  }
}

/** The runs of a JSON file: an array of runs, or a page holding them in `items`. */
function readRuns(file: string): EvalRunResult[] {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (error) {
    throw new InputError(`--runs ${file}: cannot read it (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new InputError(`${file}: not JSON: ${(error as Error).message}`);
  }
  const runs = Array.isArray(parsed) ? parsed : (parsed as { items?: unknown } | null)?.items;
  if (!Array.isArray(runs)) throw new InputError(`${file}: expected an array of eval runs, or an object with an "items" array`);
  return runs as EvalRunResult[];
}

function flags(argv: readonly string[]) {
  try {
    return parseArgs({ args: withCorsDefault(argv), options: FLAGS, strict: true, allowPositionals: false }).values;
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

export function parseCommand(argv: readonly string[]): ParsedCommand {
  const values = flags(argv);
  if (values.help) return { help: true };
  const runsFlag = values.runs;
  // A number is a count (a negative or fractional one is a usage error); anything else a file.
  const runsFile = runsFlag === undefined || /^[-+]?[\d.]+$/.test(runsFlag) ? undefined : runsFlag;
  const runs = runsFile === undefined ? count("runs", runsFlag) : readRuns(runsFile);
  const cors = values.cors === undefined ? undefined : values.cors === "*" ? true : values.cors.split(",").map((origin) => origin.trim());
  return {
    help: false,
    runsFile,
    options: {
      port: number("port", values.port, (value) => Number.isInteger(value) && value >= 0 && value <= 65_535, "a port from 0 to 65535") ?? DEFAULT_PORT,
      host: values.host,
      apiKey: values["api-key"],
      runs,
      seed: count("seed", values.seed),
      virtualRuns: count("virtual-runs", values["virtual-runs"]),
      maxPageSize: count("max-page-size", values["max-page-size"], 1),
      latencyMs: number("latency-ms", values["latency-ms"], (value) => value >= 0, "a number of ms >= 0"),
      faultRate: number("fault-rate", values["fault-rate"], (value) => value >= 0 && value <= 1, "a number from 0 to 1"),
      faultSeed: count("fault-seed", values["fault-seed"]),
      faultKinds: values["fault-kinds"]?.split(",").map(fault),
      maxRecordedRequests: count("max-recorded-requests", values["max-recorded-requests"], 1),
      cors,
      validateResponses: values["validate-responses"] ?? false,
    },
  };
}

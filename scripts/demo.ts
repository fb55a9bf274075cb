// npm run demo: the SDK listing every eval run, page by page, from an in-process sandbox (no key
// needed) or, with --base-url and AYMARA_AI_API_KEY, from that server.
import { parseArgs } from "node:util";
import { AymaraAI, type EvalRunResult } from "../src/index.js";
import { createSandboxServer, type SandboxServer } from "../src/testing/index.js";

const { values } = parseArgs({
  options: { "base-url": { type: "string" }, limit: { type: "string", default: "50" }, help: { type: "boolean", short: "h" } },
});

function table(runs: readonly EvalRunResult[]): string {
  const rows = runs.map((run) => [
    run.eval_run_uuid,
    run.status,
    typeof run.pass_rate === "number" ? `${(run.pass_rate * 100).toFixed(0)}%` : "-",
    run.created_at,
  ]);
  const header = ["eval_run_uuid", "status", "pass rate", "created"];
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column]!.length)));
  const line = (cells: string[]): string => cells.map((cell, column) => (column === 2 ? cell.padStart(widths[column]!) : cell.padEnd(widths[column]!))).join("  ").trimEnd();
  return [line(header), line(widths.map((width) => "-".repeat(width))), ...rows.map(line)].join("\n");
}

async function main(): Promise<number> {
  if (values.help) {
    console.log("Usage: npm run demo -- [--limit 50] [--base-url <url>  (then AYMARA_AI_API_KEY must be set)]");
    return 0;
  }
  const limit = Number(values.limit);
  if (!Number.isInteger(limit) || limit < 1) {
    console.error(`--limit must be a positive integer, got ${JSON.stringify(values.limit)}`);
    return 2;
  }
  let sandbox: SandboxServer | undefined;
  let baseURL = values["base-url"];
  let apiKey = process.env["AYMARA_AI_API_KEY"];
  if (baseURL === undefined) {
    sandbox = await createSandboxServer();
    ({ url: baseURL, apiKey } = sandbox);
  } else if (!apiKey) {
    console.error("--base-url needs the API key in the AYMARA_AI_API_KEY environment variable.");
    return 2;
  }
  try {
    const client = new AymaraAI({ apiKey, baseURL });
    const started = performance.now();
    const runs: EvalRunResult[] = [];
    let pages = 0;
    for await (const page of client.evals.runs.list({ limit }).iterPages()) {
      pages++;
      runs.push(...page.items);
    }
    const ms = performance.now() - started;
    console.log(table(runs));
    console.log(`\n${runs.length} runs, ${pages} pages of up to ${limit}, ${Math.round(ms)} ms, from ${sandbox ? `the local sandbox at ${baseURL}` : baseURL}`);
    return 0;
  } catch (error) {
    console.error(error instanceof Error ? `${error.name}: ${error.message}` : error);
    return 1;
  } finally {
    await sandbox?.close();
  }
}

process.exitCode = await main();

// Sandbox capacity: how many 100-run pages per second the sandbox (in its own process) serves to one client.
// Two clients: fetch + JSON.parse (what the other benchmarks' clients do at the least), and a bare node:http
// keep-alive client that only drains the bytes, which measures the server rather than the client's parsing.
// The other benchmarks' rates must stay well below these, or they measure the sandbox instead of the SDK.
import http from "node:http";
import { operations, securitySchemes } from "../../generated/metadata.js";
import { rounds, type BenchContext } from "./context.js";
import { startSandboxProcess, type SandboxProcess } from "./processes.js";
import type { Figure } from "./report.js";
import { summarize, timeMs } from "./stats.js";

export const PAGE_SIZE = 100;
/** Runs the capacity, request and throughput sandboxes hold. */
export const SANDBOX_RUNS = 10_000;

/** The URL of the page at `pageIndex`, wrapping around the sandbox's runs. */
export function pageUrl(sandbox: Pick<SandboxProcess, "url">, pageIndex: number): string {
  const offset = (pageIndex * PAGE_SIZE) % SANDBOX_RUNS;
  return `${sandbox.url}${operations.listEvalRuns.path}?limit=${PAGE_SIZE}&offset=${offset}`;
}

export function apiKeyHeaders(sandbox: Pick<SandboxProcess, "apiKey">): Record<string, string> {
  return { [securitySchemes.ApiKeyAuth.name]: sandbox.apiKey };
}

/** One page the cheapest way: fetch, read the body, JSON.parse. Throws unless 200. */
export async function fetchPageRaw(sandbox: SandboxProcess, pageIndex: number): Promise<unknown> {
  const response = await fetch(pageUrl(sandbox, pageIndex), { headers: apiKeyHeaders(sandbox) });
  const body = await response.text();
  if (response.status !== 200) throw new Error(`sandbox answered ${response.status}: ${body.slice(0, 200)}`);
  return JSON.parse(body);
}

/** Fetches `pages` pages keeping `inFlight` requests open; returns the wall time in ms. */
async function fetchPages(sandbox: SandboxProcess, pages: number, inFlight: number): Promise<number> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < pages) await fetchPageRaw(sandbox, next++);
  };
  return timeMs(() => Promise.all(Array.from({ length: inFlight }, worker)));
}

const TARGET_PAGES_PER_SECOND = 5000;

/** One page over node:http (keep-alive `agent`), body drained unparsed. Throws unless 200. */
function drainPage(sandbox: SandboxProcess, pageIndex: number, agent: http.Agent): Promise<void> {
  return new Promise((resolve, reject) => {
    const request = http.get(pageUrl(sandbox, pageIndex), { agent, headers: apiKeyHeaders(sandbox) }, (response) => {
      if (response.statusCode !== 200) reject(new Error(`sandbox answered ${response.statusCode}`));
      response.on("data", () => {});
      response.on("end", resolve);
      response.on("error", reject);
    });
    request.on("error", reject);
  });
}

/** Like fetchPages, with the draining node:http client. */
async function drainPages(sandbox: SandboxProcess, pages: number, inFlight: number, agent: http.Agent): Promise<number> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < pages) await drainPage(sandbox, next++, agent);
  };
  return timeMs(() => Promise.all(Array.from({ length: inFlight }, worker)));
}

export async function benchSandbox(ctx: BenchContext): Promise<Figure[]> {
  const sandbox = await startSandboxProcess({ runs: SANDBOX_RUNS });
  try {
    const pagesPerRound = rounds(ctx, 200, 60);
    const roundCount = rounds(ctx, 5, 2);
    await fetchPages(sandbox, 100, 1); // warm-up: JIT on both sides, keep-alive connections open
    await fetchPages(sandbox, 100, 8);
    const sequential: number[] = [];
    const parallel: number[] = [];
    for (let round = 0; round < roundCount; round++) {
      sequential.push((pagesPerRound / (await fetchPages(sandbox, pagesPerRound, 1))) * 1000);
      parallel.push((pagesPerRound / (await fetchPages(sandbox, pagesPerRound, 8))) * 1000);
    }
    ctx.log(`sandbox: ${sequential.map(Math.round).join(", ")} pages/s sequential; ${parallel.map(Math.round).join(", ")} with 8 in flight`);

    const agent = new http.Agent({ keepAlive: true, maxSockets: 8 });
    const drained: number[] = [];
    try {
      await drainPages(sandbox, 200, 8, agent); // warm-up
      for (let round = 0; round < roundCount; round++) {
        const pages = pagesPerRound * 5;
        drained.push((pages / (await drainPages(sandbox, pages, 8, agent))) * 1000);
      }
    } finally {
      agent.destroy();
    }
    const drainedSummary = summarize(drained);
    return [
      { bench: "sandbox", name: "100-run pages served to fetch + JSON.parse, 1 request in flight", unit: "pages/s", summary: summarize(sequential) },
      { bench: "sandbox", name: "100-run pages served to fetch + JSON.parse, 8 requests in flight", unit: "pages/s", summary: summarize(parallel) },
      {
        bench: "sandbox",
        name: "100-run pages served to a draining node:http keep-alive client, 8 requests in flight",
        unit: "pages/s",
        summary: drainedSummary,
        target: { text: `>= ${TARGET_PAGES_PER_SECOND} pages/s`, met: drainedSummary.median >= TARGET_PAGES_PER_SECOND },
      },
    ];
  } finally {
    await sandbox.stop();
  }
}

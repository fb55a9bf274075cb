// Per-request overhead on loopback: the same 100-run page fetched three ways from a sandbox in another
// process. Requests of the three alternate one by one (order rotated), so load changes hit all alike; each
// round yields a median per contender, and ratios are taken within each round.
import createClient from "openapi-fetch";
import { operations } from "../../generated/metadata.js";
import type { paths } from "../../generated/types.js";
import { AymaraAI } from "../../src/index.js";
import { rounds, type BenchContext } from "./context.js";
import { startSandboxProcess, type SandboxProcess } from "./processes.js";
import type { Figure } from "./report.js";
import { apiKeyHeaders, PAGE_SIZE, pageUrl, SANDBOX_RUNS } from "./sandbox.js";
import { median, pairwiseRatios, summarize, timeMs } from "./stats.js";

const TARGET_RATIO = 1.1;

type Contender = { name: string; fetchPage: () => Promise<void> };

function contenders(sandbox: SandboxProcess): Contender[] {
  const url = pageUrl(sandbox, 0);
  const headers = apiKeyHeaders(sandbox);
  const api = createClient<paths>({ baseUrl: sandbox.url, headers });
  const client = new AymaraAI({ apiKey: sandbox.apiKey, baseURL: sandbox.url });
  const expectPage = (items: unknown[] | undefined): void => {
    if (items?.length !== PAGE_SIZE) throw new Error(`expected a page of ${PAGE_SIZE} runs, got ${items?.length}`);
  };
  return [
    {
      name: "raw fetch + JSON.parse",
      fetchPage: async () => {
        const response = await fetch(url, { headers });
        const body = JSON.parse(await response.text()) as { items?: unknown[] };
        if (!response.ok) throw new Error(`sandbox answered ${response.status}`);
        expectPage(body.items);
      },
    },
    {
      name: "bare openapi-fetch GET",
      fetchPage: async () => {
        const { data, response } = await api.GET(operations.listEvalRuns.path, { params: { query: { limit: PAGE_SIZE } } });
        if (!response.ok) throw new Error(`sandbox answered ${response.status}`);
        expectPage(data?.items);
      },
    },
    {
      name: "SDK client.evals.runs.list()",
      fetchPage: async () => {
        const page = await client.evals.runs.list({ limit: PAGE_SIZE });
        expectPage(page.items);
      },
    },
  ];
}

async function requestMicros(contender: Contender): Promise<number> {
  return (await timeMs(contender.fetchPage)) * 1000;
}

/**
 * One round: `iterations` times, one request of each contender back to back (order rotated every time), so a
 * load spike lands on all three alike. Returns each contender's median per-request µs in this round.
 */
async function round(all: readonly Contender[], iterations: number): Promise<number[]> {
  const samples: number[][] = all.map(() => []);
  for (let i = 0; i < iterations; i++) {
    for (let k = 0; k < all.length; k++) {
      const index = (i + k) % all.length;
      samples[index]!.push(await requestMicros(all[index]!));
    }
  }
  return samples.map(median);
}

export async function benchRequest(ctx: BenchContext): Promise<Figure[]> {
  const sandbox = await startSandboxProcess({ runs: SANDBOX_RUNS });
  try {
    const all = contenders(sandbox);
    const iterations = rounds(ctx, 100, 30);
    const roundCount = rounds(ctx, 12, 4);
    await round(all, rounds(ctx, 200, 50)); // warm-up: JIT on both sides, keep-alive connections open
    const micros: number[][] = all.map(() => []);
    for (let r = 0; r < roundCount; r++) {
      const medians = await round(all, iterations);
      medians.forEach((value, index) => micros[index]!.push(value));
    }
    const [raw, bare, sdk] = micros as [number[], number[], number[]];
    const sdkOverRaw = summarize(pairwiseRatios(sdk, raw));
    ctx.log(`request: median µs raw ${summarize(raw).median.toFixed(0)}, openapi-fetch ${summarize(bare).median.toFixed(0)}, SDK ${summarize(sdk).median.toFixed(0)}`);
    const note = `median per round; ${roundCount} rounds x ${iterations} requests each, interleaved`;
    return [
      ...all.map((contender, i): Figure => ({ bench: "request", name: `${contender.name}, per request`, unit: "µs", summary: summarize(micros[i]!), note })),
      { bench: "request", name: "bare openapi-fetch / raw fetch", unit: "x", summary: summarize(pairwiseRatios(bare, raw)) },
      { bench: "request", name: "SDK / raw fetch", unit: "x", summary: sdkOverRaw, target: { text: `<= ${TARGET_RATIO}x`, met: sdkOverRaw.median <= TARGET_RATIO } },
      { bench: "request", name: "SDK / bare openapi-fetch", unit: "x", summary: summarize(pairwiseRatios(sdk, bare)) },
    ];
  } finally {
    await sandbox.stop();
  }
}

// Per-request overhead on loopback: the same page (10 and 100 runs) fetched four ways from a sandbox in
// another process: raw fetch, bare openapi-fetch, this SDK, and the Stainless-generated Anthropic SDK's
// generic `client.get()`. Requests alternate one by one (order rotated), so load changes hit all alike; each
// round yields a median per contender, and ratios are taken within each round.
import Anthropic from "@anthropic-ai/sdk";
import createClient from "openapi-fetch";
import { operations } from "../../generated/metadata.js";
import type { paths } from "../../generated/types.js";
import { AymaraAI } from "../../src/index.js";
import { rounds, type BenchContext } from "./context.js";
import { startSandboxProcess, type SandboxProcess } from "./processes.js";
import type { Figure } from "./report.js";
import { apiKeyHeaders, SANDBOX_RUNS } from "./sandbox.js";
import { median, pairwiseRatios, summarize, timeMs } from "./stats.js";

const PAGE_SIZES = [10, 100] as const;
/** The SDK's target against bare openapi-fetch, which it wraps; and it must stay ahead of Stainless. */
const TARGET_OVER_OPENAPI_FETCH = 1.05;
const TARGET_OVER_STAINLESS = 1;

type Contender = { name: string; fetchPage: () => Promise<void> };
type Page = { items?: unknown[] };

function contenders(sandbox: SandboxProcess, pageSize: number): Contender[] {
  const path = operations.listEvalRuns.path;
  const url = `${sandbox.url}${path}?limit=${pageSize}&offset=0`;
  const headers = apiKeyHeaders(sandbox);
  const api = createClient<paths>({ baseUrl: sandbox.url, headers });
  const client = new AymaraAI({ apiKey: sandbox.apiKey, baseURL: sandbox.url });
  const stainless = new Anthropic({ apiKey: sandbox.apiKey, baseURL: sandbox.url });
  const expectPage = (items: unknown[] | undefined): void => {
    if (items?.length !== pageSize) throw new Error(`expected a page of ${pageSize} runs, got ${items?.length}`);
  };
  return [
    {
      name: "raw fetch + JSON.parse",
      fetchPage: async () => {
        const response = await fetch(url, { headers });
        const body = JSON.parse(await response.text()) as Page;
        if (!response.ok) throw new Error(`sandbox answered ${response.status}`);
        expectPage(body.items);
      },
    },
    {
      name: "bare openapi-fetch GET",
      fetchPage: async () => {
        const { data, response } = await api.GET(path, { params: { query: { limit: pageSize, offset: 0 } } });
        if (!response.ok) throw new Error(`sandbox answered ${response.status}`);
        expectPage(data?.items);
      },
    },
    {
      name: "SDK client.evals.runs.list()",
      fetchPage: async () => {
        const page = await client.evals.runs.list({ limit: pageSize });
        expectPage(page.items);
      },
    },
    {
      name: "Stainless SDK (@anthropic-ai/sdk 0.120) client.get()",
      fetchPage: async () => {
        const page = (await stainless.get(path, { query: { limit: pageSize, offset: 0 } })) as Page;
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
 * load spike lands on all alike. Returns each contender's median per-request µs in this round.
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

function figuresFor(pageSize: number, all: readonly Contender[], micros: number[][], note: string): Figure[] {
  const [raw, bare, sdk, stainless] = micros as [number[], number[], number[], number[]];
  const bench = "request";
  const runs = `${pageSize}-run page`;
  const sdkOverBare = summarize(pairwiseRatios(sdk, bare));
  const sdkOverStainless = summarize(pairwiseRatios(sdk, stainless));
  return [
    ...all.map((contender, i): Figure => ({ bench, name: `${runs}: ${contender.name}, per request`, unit: "µs", summary: summarize(micros[i]!), note })),
    { bench, name: `${runs}: bare openapi-fetch / raw fetch`, unit: "x", summary: summarize(pairwiseRatios(bare, raw)) },
    { bench, name: `${runs}: SDK / raw fetch`, unit: "x", summary: summarize(pairwiseRatios(sdk, raw)) },
    { bench, name: `${runs}: Stainless SDK / raw fetch`, unit: "x", summary: summarize(pairwiseRatios(stainless, raw)) },
    {
      bench,
      name: `${runs}: SDK / bare openapi-fetch`,
      unit: "x",
      summary: sdkOverBare,
      target: { text: `<= ${TARGET_OVER_OPENAPI_FETCH}x`, met: sdkOverBare.median <= TARGET_OVER_OPENAPI_FETCH },
    },
    {
      bench,
      name: `${runs}: SDK / Stainless SDK`,
      unit: "x",
      summary: sdkOverStainless,
      target: { text: `< ${TARGET_OVER_STAINLESS}x in every round`, met: sdkOverStainless.max < TARGET_OVER_STAINLESS },
    },
  ];
}

export async function benchRequest(ctx: BenchContext): Promise<Figure[]> {
  const sandbox = await startSandboxProcess({ runs: SANDBOX_RUNS });
  try {
    const sets = PAGE_SIZES.map((pageSize) => contenders(sandbox, pageSize));
    const iterations = rounds(ctx, 100, 30);
    const roundCount = rounds(ctx, 12, 4);
    for (const all of sets) await round(all, rounds(ctx, 200, 50)); // warm-up: JIT everywhere, keep-alive connections open
    const micros: number[][][] = sets.map((all) => all.map(() => []));
    // Each round measures both page sizes, so both see the same stretch of machine load.
    for (let r = 0; r < roundCount; r++) {
      for (const [s, all] of sets.entries()) {
        const medians = await round(all, iterations);
        medians.forEach((value, index) => micros[s]![index]!.push(value));
      }
    }
    const note = `median per round; ${roundCount} rounds x ${iterations} requests each, interleaved`;
    for (const [s, pageSize] of PAGE_SIZES.entries()) {
      const medians = micros[s]!.map((samples) => summarize(samples).median.toFixed(0));
      ctx.log(`request, ${pageSize}-run page: median µs raw ${medians[0]}, openapi-fetch ${medians[1]}, SDK ${medians[2]}, Stainless ${medians[3]}`);
    }
    return PAGE_SIZES.flatMap((pageSize, s) => figuresFor(pageSize, sets[s]!, micros[s]!, note));
  } finally {
    await sandbox.stop();
  }
}

// Summaries of repeated measurements: the median is the figure we report, min and max show the spread.

export interface Summary {
  median: number;
  min: number;
  max: number;
  /** How many samples the summary is made of. */
  n: number;
}

export function median(samples: readonly number[]): number {
  if (samples.length === 0) throw new Error("median() of no samples");
  const sorted = [...samples].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  // Sorted and non-empty, so both indexes exist.
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

export function summarize(samples: readonly number[]): Summary {
  if (samples.length === 0) throw new Error("summarize() of no samples");
  return { median: median(samples), min: Math.min(...samples), max: Math.max(...samples), n: samples.length };
}

/** Element-wise a[i] / b[i]: ratios of measurements taken in the same round, so both sides saw the same machine load. */
export function pairwiseRatios(numerators: readonly number[], denominators: readonly number[]): number[] {
  if (numerators.length !== denominators.length) throw new Error("pairwiseRatios() needs samples of equal length");
  return numerators.map((value, i) => value / denominators[i]!);
}

/** Milliseconds elapsed since `start` (a `process.hrtime.bigint()` reading). */
export function msSince(start: bigint): number {
  return Number(process.hrtime.bigint() - start) / 1e6;
}

/** Wall time of one call, in milliseconds. */
export async function timeMs(work: () => Promise<unknown>): Promise<number> {
  const start = process.hrtime.bigint();
  await work();
  return msSince(start);
}

// What every benchmark receives from the runner.
import type { Figure } from "./report.js";

export interface BenchContext {
  /** Fewer rounds and smaller totals: a smoke run, not figures to publish. */
  quick: boolean;
  /** Progress lines go to stderr, so stdout stays the Markdown table. */
  log(message: string): void;
}

export type Bench = (ctx: BenchContext) => Promise<Figure[]>;

/** `full` rounds normally, `quick` rounds with --quick. */
export const rounds = (ctx: BenchContext, full: number, quick: number): number => (ctx.quick ? quick : full);

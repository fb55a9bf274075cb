// One shape for every figure, printed as a Markdown table and written as JSON with the same numbers.
import { writeFileSync } from "node:fs";
import { machineLine, type Machine } from "./machine.js";
import type { Summary } from "./stats.js";

export type Unit = "ms" | "µs" | "x" | "runs/s" | "pages/s" | "MB" | "kB";

export interface Target {
  /** As printed, e.g. "<= 1.5 s". */
  text: string;
  met: boolean;
}

export interface Figure {
  /** Which benchmark produced it: pipeline, request, throughput, memory, bundle, sandbox. */
  bench: string;
  name: string;
  unit: Unit;
  summary: Summary;
  target?: Target;
  note?: string;
}

export interface Skipped {
  bench: string;
  reason: string;
}

export interface BenchResults {
  date: string;
  quick: boolean;
  machine: Machine;
  figures: Figure[];
  skipped: Skipped[];
  durationS: number;
}

function formatValue(value: number, unit: Unit): string {
  switch (unit) {
    case "x":
      return `${value.toFixed(2)}x`;
    case "ms":
      return `${value >= 100 ? value.toFixed(0) : value.toFixed(1)} ms`;
    case "µs":
      return `${value.toFixed(0)} µs`;
    case "runs/s":
    case "pages/s":
      return `${Math.round(value).toLocaleString("en-US")} ${unit}`;
    case "MB":
      return `${value.toFixed(1)} MB`;
    case "kB":
      return `${value.toFixed(2)} kB`;
  }
}

function escapeCell(text: string): string {
  return text.replaceAll("|", "\\|");
}

export function renderMarkdown(results: BenchResults): string {
  const lines = [
    `Machine: ${machineLine(results.machine)}.`,
    `Median of n runs (min – max)${results.quick ? ", --quick" : ""}; ratios are computed per round from measurements taken side by side.`,
    "",
    "| Benchmark | Measure | Median | Min – Max | n | Target |",
    "|---|---|---:|---:|---:|---|",
  ];
  for (const figure of results.figures) {
    const { median, min, max, n } = figure.summary;
    const target = figure.target ? `${figure.target.text}: ${figure.target.met ? "met" : "**missed**"}` : "";
    const name = figure.note ? `${figure.name} (${figure.note})` : figure.name;
    lines.push(
      `| ${figure.bench} | ${escapeCell(name)} | ${formatValue(median, figure.unit)} | ` +
        `${formatValue(min, figure.unit)} – ${formatValue(max, figure.unit)} | ${n} | ${escapeCell(target)} |`,
    );
  }
  for (const skipped of results.skipped) lines.push(`| ${skipped.bench} | not run: ${escapeCell(skipped.reason)} | | | | |`);
  return lines.join("\n");
}

export function writeJson(path: string, results: BenchResults): void {
  writeFileSync(path, `${JSON.stringify(results, null, 2)}\n`);
}

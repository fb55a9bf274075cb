// The runs a sandbox serves, and the page bodies built from them.
// Pages are the hot path: each run is serialized once when it enters the store, a page joins
// those cached strings, and whole page bodies are cached until the next mutation.
import type { EvalRunResult } from "../../generated/types.js";
import { checkRun } from "./conformance.js";
import { makeEvalRun } from "./data.js";

/** An equality filter on one field of a run: it matches when the field equals any of `values`. */
export interface RunFilter {
  readonly field: string;
  readonly values: readonly unknown[];
}

/** Where a sandbox's runs come from. */
export interface RunSource {
  readonly supportsFilters: boolean;
  /** The JSON body of one page: the runs matching `filters` from `offset`, at most `size`. */
  page(filters: readonly RunFilter[], offset: number, size: number): Buffer;
}

interface Entry {
  readonly run: EvalRunResult;
  readonly json: string;
  readonly createdMs: number;
}

// Enough for every page of a few thousand runs at one limit; cleared wholesale when full.
const PAGE_CACHE_LIMIT = 512;

function pageBody(items: readonly string[], count: number): Buffer {
  return Buffer.from(`{"items":[${items.join(",")}],"count":${count}}`);
}

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === "object" && !Object.isFrozen(value)) {
    for (const child of Object.values(value)) deepFreeze(child);
    Object.freeze(value);
  }
  return value;
}

// Runs are copied and frozen on the way in: a test that mutates a run it passed in (or one it
// read from `runs`) cannot make the cached JSON disagree with the run.
function toEntry(run: EvalRunResult): Entry {
  const copy = deepFreeze(structuredClone(run));
  const createdMs = Date.parse(copy.created_at);
  return { run: copy, json: JSON.stringify(copy), createdMs: Number.isNaN(createdMs) ? -Infinity : createdMs };
}

function matches(run: EvalRunResult, filters: readonly RunFilter[]): boolean {
  const fields: Readonly<Record<string, unknown>> = run;
  return filters.every(({ field, values }) => {
    const value = fields[field];
    // A field that is itself a list matches when it holds any of the values.
    return Array.isArray(value) ? value.some((item) => values.includes(item)) : values.includes(value);
  });
}

/** Runs held in memory, newest first, that tests can change between requests. */
export class StoredRuns implements RunSource {
  readonly supportsFilters = true;
  #entries: Entry[] = [];
  #pages = new Map<string, Buffer>();

  constructor(runs: readonly EvalRunResult[], where: string) {
    this.seed(runs, where);
  }

  get runs(): readonly EvalRunResult[] {
    return this.#entries.map((entry) => entry.run);
  }

  /**
   * Replaces every run; they are served newest first (by created_at, ties keep their order).
   * Throws InvalidRunError, changing nothing, when a run breaks the spec.
   */
  seed(runs: readonly EvalRunResult[], where = "seed"): void {
    runs.forEach((run, index) => checkRun(run, where, `runs[${index}]`));
    const entries = runs.map(toEntry);
    const uuids = new Set<string>();
    for (const { run } of entries) {
      if (uuids.has(run.eval_run_uuid)) throw new Error(`seed: duplicate eval_run_uuid ${run.eval_run_uuid}`);
      uuids.add(run.eval_run_uuid);
    }
    this.#entries = entries.sort((a, b) => b.createdMs - a.createdMs);
    this.#changed();
  }

  /** Adds a run at position `at` (0 is the first run served), by default where its created_at puts it. */
  insert(run: EvalRunResult, at?: number): void {
    checkRun(run, "insert", "the run");
    if (this.#indexOf(run.eval_run_uuid) >= 0) throw new Error(`insert: a run with eval_run_uuid ${run.eval_run_uuid} already exists`);
    const entry = toEntry(run);
    let position = at ?? this.#entries.findIndex((other) => other.createdMs < entry.createdMs);
    if (position < 0) position = this.#entries.length;
    if (!Number.isInteger(position) || position > this.#entries.length) {
      throw new RangeError(`insert: at must be an integer from 0 to ${this.#entries.length}, got ${at}`);
    }
    this.#entries.splice(position, 0, entry);
    this.#changed();
  }

  /** Changes fields of a run in place (its position does not change) and returns the new run. */
  update(uuid: string, patch: Partial<EvalRunResult>): EvalRunResult {
    const index = this.#indexOf(uuid);
    const current = this.#entries[index];
    if (!current) throw new Error(`update: no run with eval_run_uuid ${uuid}`);
    const updated = { ...current.run, ...patch, eval_run_uuid: uuid };
    checkRun(updated, "update", "the patched run");
    const entry = toEntry(updated);
    this.#entries[index] = entry;
    this.#changed();
    return entry.run;
  }

  /** Removes a run; false when no run has this uuid. */
  remove(uuid: string): boolean {
    const index = this.#indexOf(uuid);
    if (index < 0) return false;
    this.#entries.splice(index, 1);
    this.#changed();
    return true;
  }

  page(filters: readonly RunFilter[], offset: number, size: number): Buffer {
    const key = `${offset}\u0000${size}\u0000${JSON.stringify(filters)}`;
    const cached = this.#pages.get(key);
    if (cached) return cached;
    const matching = filters.length === 0 ? this.#entries : this.#entries.filter((entry) => matches(entry.run, filters));
    const body = pageBody(matching.slice(offset, offset + size).map((entry) => entry.json), matching.length);
    if (this.#pages.size >= PAGE_CACHE_LIMIT) this.#pages.clear();
    this.#pages.set(key, body);
    return body;
  }

  #indexOf(uuid: string): number {
    return this.#entries.findIndex((entry) => entry.run.eval_run_uuid === uuid);
  }

  #changed(): void {
    this.#pages.clear();
  }
}

/** `count` runs generated on the fly from their index: nothing is stored, filters are not supported. */
export class VirtualRuns implements RunSource {
  readonly supportsFilters = false;

  constructor(
    readonly count: number,
    readonly seed: number,
  ) {}

  page(_filters: readonly RunFilter[], offset: number, size: number): Buffer {
    const items: string[] = [];
    const end = Math.min(this.count, offset + size);
    for (let index = offset; index < end; index++) items.push(JSON.stringify(makeEvalRun(index, this.seed)));
    return pageBody(items, this.count);
  }
}

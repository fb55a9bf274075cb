// What the sandbox saw: every request, with its timing, answer and fault, for tests to assert on.
import type { IncomingHttpHeaders } from "node:http";
import type { Fault, FaultRequest } from "./faults.js";

export type RequestOutcome =
  /** Still open (hung, delayed or being answered). */
  | "pending"
  /** The whole answer was handed to the connection. */
  | "completed"
  /** The sandbox dropped the connection on purpose (a reset fault). */
  | "reset"
  /** The client went away before the answer was complete. */
  | "client-aborted"
  /** `close()` ended it. */
  | "server-closed";

/**
 * What the server recorded of one request: what a fault predicate sees (index, attempt, method,
 * path, url, query, headers), except that `headers` here have the API key and any authorization
 * header redacted, plus the request id, timing, status, fault and outcome.
 */
export interface RecordedRequest extends FaultRequest {
  readonly requestId: string;
  /** Epoch milliseconds, sub-millisecond precision. */
  readonly startedAt: number;
  endedAt: number | undefined;
  status: number | undefined;
  fault: Fault | undefined;
  outcome: RequestOutcome;
}

export const REDACTED = "[redacted]";

/** Keeps the recent requests; old ones are dropped past `limit` so a long benchmark stays small. */
export class Recorder {
  readonly #limit: number;
  readonly #secretHeaders: ReadonlySet<string>;
  #requests: RecordedRequest[] = [];
  #attempts = new Map<string, number>();
  #next = 0;

  constructor(limit: number, secretHeaders: readonly string[]) {
    this.#limit = limit;
    this.#secretHeaders = new Set(secretHeaders.map((name) => name.toLowerCase()));
  }

  get requests(): readonly RecordedRequest[] {
    return this.#requests;
  }

  clear(): void {
    this.#requests = [];
    this.#attempts.clear();
  }

  start(method: string, url: string, rawHeaders: IncomingHttpHeaders, requestId: string): { record: RecordedRequest; rawHeaders: Record<string, string> } {
    const queryStart = url.indexOf("?");
    const path = queryStart < 0 ? url : url.slice(0, queryStart);
    // fromEntries: the last value of a repeated parameter wins, and "__proto__" stays a plain key.
    const query: Readonly<Record<string, string>> = Object.freeze(queryStart < 0 ? {} : Object.fromEntries(new URLSearchParams(url.slice(queryStart + 1))));
    const headers: Record<string, string> = {};
    const redacted: Record<string, string> = {};
    for (const [name, value] of Object.entries(rawHeaders)) {
      if (value === undefined) continue;
      headers[name] = Array.isArray(value) ? value.join(", ") : value;
      redacted[name] = this.#secretHeaders.has(name) ? REDACTED : headers[name];
    }
    const attemptKey = `${method} ${url}`;
    const attempt = this.#attempts.get(attemptKey) ?? 0;
    if (this.#attempts.size > 100_000) this.#attempts.clear();
    this.#attempts.set(attemptKey, attempt + 1);
    const record: RecordedRequest = {
      index: this.#next++,
      attempt,
      requestId,
      method,
      path,
      url,
      query,
      headers: redacted,
      startedAt: performance.timeOrigin + performance.now(),
      endedAt: undefined,
      status: undefined,
      fault: undefined,
      outcome: "pending",
    };
    // Amortized trim: drop the older half at twice the limit instead of shifting on every request.
    if (this.#requests.length >= 2 * this.#limit) this.#requests = this.#requests.slice(-this.#limit);
    this.#requests.push(record);
    return { record, rawHeaders: headers };
  }

  static finish(record: RecordedRequest, outcome: Exclude<RequestOutcome, "pending">): void {
    if (record.outcome !== "pending") return;
    record.outcome = outcome;
    record.endedAt = performance.timeOrigin + performance.now();
  }
}

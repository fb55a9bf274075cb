// Faults: ways the sandbox misbehaves on purpose, scripted per request or drawn at random.
import type { ErrorCode } from "../../generated/types.js";
import { mulberry32, type Random } from "./prng.js";

/** Answers `status` with the error envelope (429 → quota.limit_exceeded, 5xx → server.internal_error, ...). */
export interface StatusFault {
  readonly kind: "status";
  readonly status: number;
  /** Retry-After: a number of seconds (written as given) or a date (written as an HTTP date). */
  readonly retryAfter?: number | Date;
  /** Retry-After-Ms, in milliseconds. */
  readonly retryAfterMs?: number;
  readonly headers?: Readonly<Record<string, string>>;
  readonly code?: ErrorCode;
  readonly message?: string;
}
/** Waits `ms`, then answers normally. */
export interface DelayFault {
  readonly kind: "delay";
  readonly ms: number;
}
/** Never answers: the request stays open until the client gives up or the server closes. */
export interface HangFault {
  readonly kind: "hang";
}
/** Drops the connection before the status line, or after the headers and half the body. */
export interface ResetFault {
  readonly kind: "reset";
  readonly when: "before-body" | "mid-body";
}
/** A complete HTTP response whose JSON body is cut in half (Content-Length matches the cut body). */
export interface TruncatedJsonFault {
  readonly kind: "truncated-json";
}
/** An HTML error page, as a proxy or load balancer sends (502 by default). */
export interface HtmlFault {
  readonly kind: "html";
  readonly status?: number;
  readonly headers?: Readonly<Record<string, string>>;
}
/** An error status with an empty body and no content type. */
export interface EmptyBodyFault {
  readonly kind: "empty-body";
  readonly status: number;
  readonly headers?: Readonly<Record<string, string>>;
}
/** The normal answer with a non-JSON content type (text/plain by default). */
export interface WrongContentTypeFault {
  readonly kind: "wrong-content-type";
  readonly contentType?: string;
}
/** Answers as if `offset` were absent (its default), like a server that ignores it. */
export interface IgnoreOffsetFault {
  readonly kind: "ignore-offset";
}

export type Fault =
  | StatusFault
  | DelayFault
  | HangFault
  | ResetFault
  | TruncatedJsonFault
  | HtmlFault
  | EmptyBodyFault
  | WrongContentTypeFault
  | IgnoreOffsetFault;

export type FaultKind = Fault["kind"];

/** The request a fault predicate sees. `attempt` counts earlier requests for the same method and URL. */
export interface FaultRequest {
  readonly index: number;
  readonly attempt: number;
  readonly method: string;
  readonly path: string;
  readonly url: string;
  readonly query: Readonly<Record<string, string>>;
  readonly headers: Readonly<Record<string, string>>;
}

export type FaultPredicate = (request: FaultRequest) => boolean;

export interface RandomFaults {
  /** Probability in [0, 1] that a request gets a fault. */
  readonly rate: number;
  readonly seed?: number;
  /** The faults to draw from; by default `transientFaults`. */
  readonly kinds?: readonly Fault[];
}

/** Faults a well-behaved client should retry through. */
export const transientFaults: readonly Fault[] = Object.freeze([
  { kind: "status", status: 503, retryAfter: 0 },
  { kind: "status", status: 429, retryAfter: 0 },
  { kind: "status", status: 500 },
  { kind: "html", status: 502 },
  { kind: "reset", when: "before-body" },
]);

/** How tests script faults on a sandbox server. */
export interface SandboxFaults {
  /** Queues one-shot faults for the next requests, one each, in order. */
  next(...faults: Fault[]): SandboxFaults;
  /** Applies `fault` to every request `predicate` accepts (at most `times` requests when given). */
  on(predicate: FaultPredicate, fault: Fault, options?: { times?: number }): SandboxFaults;
  /** Draws faults at random, reproducibly for a seed (`rate: 0` stops it). */
  random(options: RandomFaults): SandboxFaults;
  /** Removes every queued, predicate and random fault. */
  clear(): SandboxFaults;
  /** Queued one-shot faults not yet applied. */
  readonly pending: number;
}

function checkFault(fault: Fault): Fault {
  const positive = (value: number | undefined, what: string, min = 0): void => {
    if (value !== undefined && !(Number.isFinite(value) && value >= min)) throw new RangeError(`fault ${fault.kind}: ${what} must be a number >= ${min}, got ${value}`);
  };
  const status = (value: number | undefined): void => {
    if (value !== undefined && !(Number.isInteger(value) && value >= 200 && value <= 599)) throw new RangeError(`fault ${fault.kind}: status must be an integer from 200 to 599, got ${value}`);
  };
  switch (fault.kind) {
    case "status":
      status(fault.status);
      if (typeof fault.retryAfter === "number") positive(fault.retryAfter, "retryAfter");
      positive(fault.retryAfterMs, "retryAfterMs");
      break;
    case "delay":
      positive(fault.ms, "ms");
      break;
    case "html":
    case "empty-body":
      status(fault.status);
      break;
    case "reset":
      if (fault.when !== "before-body" && fault.when !== "mid-body") throw new TypeError(`fault reset: when must be "before-body" or "mid-body"`);
      break;
    case "hang":
    case "truncated-json":
    case "wrong-content-type":
    case "ignore-offset":
      break;
    default:
      throw new TypeError(`unknown fault kind ${JSON.stringify((fault as { kind?: unknown }).kind)}`);
  }
  return fault;
}

interface Rule {
  readonly predicate: FaultPredicate;
  readonly fault: Fault;
  remaining: number;
}

/** Picks the fault for each request: queued first, then the first matching rule, then random. */
export class FaultScript implements SandboxFaults {
  #queue: Fault[] = [];
  #rules: Rule[] = [];
  #rate = 0;
  #kinds: readonly Fault[] = transientFaults;
  #random: Random = mulberry32(0);

  get pending(): number {
    return this.#queue.length;
  }

  next(...faults: Fault[]): this {
    this.#queue.push(...faults.map(checkFault));
    return this;
  }

  on(predicate: FaultPredicate, fault: Fault, options: { times?: number } = {}): this {
    const times = options.times ?? Infinity;
    if (!(times >= 1)) throw new RangeError(`faults.on: times must be at least 1, got ${times}`);
    this.#rules.push({ predicate, fault: checkFault(fault), remaining: times });
    return this;
  }

  random({ rate, seed = 0, kinds = transientFaults }: RandomFaults): this {
    if (!(rate >= 0 && rate <= 1)) throw new RangeError(`faults.random: rate must be in [0, 1], got ${rate}`);
    if (rate > 0 && kinds.length === 0) throw new RangeError("faults.random: kinds must not be empty");
    this.#rate = rate;
    this.#kinds = kinds.map(checkFault);
    this.#random = mulberry32(seed);
    return this;
  }

  clear(): this {
    this.#queue = [];
    this.#rules = [];
    this.#rate = 0;
    return this;
  }

  /** The fault for this request, if any; consumes one-shot faults and rule budgets. */
  pick(request: FaultRequest): Fault | undefined {
    const queued = this.#queue.shift();
    if (queued) return queued;
    const rule = this.#rules.find((candidate) => candidate.predicate(request));
    if (rule) {
      if (--rule.remaining <= 0) this.#rules.splice(this.#rules.indexOf(rule), 1);
      return rule.fault;
    }
    if (this.#rate > 0 && this.#random() < this.#rate) return this.#kinds[Math.floor(this.#random() * this.#kinds.length)];
    return undefined;
  }
}

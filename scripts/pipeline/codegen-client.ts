// The main-thread side of codegen-worker.mjs: one worker per process, started by startCodegen()
// at the top of a run so it loads openapi-typescript and prettier (~0.9 s of CPU cold) while this
// thread loads Redocly and lints (~0.8 s): on 2 cores the two overlap, and by the time the bundled
// spec is ready the worker formats warm. Watch mode reuses the same worker for every run.
// Lifetime: registered with lifecycle.ts, which terminates it when a command ends, however it ends.
import { Worker } from "node:worker_threads";
import { holdOpen } from "./lifecycle.js";
import type { JsonObject } from "./spec.js";

type Reply = { id: number; text?: string; files?: Map<string, string>; warning?: string; error?: { message: string; stack?: string } };
type Request = { kind: "types"; doc: JsonObject; options: object } | { kind: "format"; raw: ReadonlyMap<string, string>; outDir: string };

let worker: Worker | undefined;
let nextId = 0;
const waiting = new Map<number, { resolve: (reply: Reply) => void; reject: (error: unknown) => void }>();

/** Starts the worker if it is not running; cheap to call again. */
export function startCodegen(): Worker {
  if (worker) return worker;
  // execArgv: []: the worker is plain JS; inheriting `--import tsx/esm` (tsx CLI) would only slow it.
  const started = new Worker(new URL("./codegen-worker.mjs", import.meta.url), { execArgv: [] });
  started.on("message", (reply: Reply) => {
    // Printed here, not in the worker: a worker's stderr is forwarded asynchronously and would be
    // lost if the worker is terminated right after.
    if (reply.warning) console.warn(reply.warning);
    const call = waiting.get(reply.id);
    waiting.delete(reply.id);
    if (waiting.size === 0) started.unref();
    if (!call) return;
    if (!reply.error) return call.resolve(reply);
    const error = new Error(reply.error.message);
    if (reply.error.stack) error.stack = reply.error.stack;
    call.reject(error);
  });
  const fail = (error: unknown) => {
    // A crashed worker fails the calls in flight; the next run starts a fresh one.
    if (worker === started) worker = undefined;
    for (const call of waiting.values()) call.reject(error);
    waiting.clear();
  };
  started.on("error", fail);
  started.on("exit", (code) => fail(new Error(`The codegen worker exited (code ${code}).`)));
  // While idle it must not hold in-process callers (tests, benches) either. unref() only after the
  // "message" listener: adding that listener starts the worker's port and refs it again, which is
  // what kept a run that failed before the types step (lint error, YAML error...) alive forever.
  started.unref();
  started.once("exit", holdOpen("codegen worker", () => stop(started)));
  return (worker = started);
}

/** Ends the worker (a call in flight fails); the next call starts a new one. */
export async function stopCodegen(): Promise<void> {
  if (worker) await stop(worker);
}

async function stop(target: Worker): Promise<void> {
  if (worker === target) worker = undefined;
  await target.terminate();
}

function call(request: Request): Promise<Reply> {
  const target = startCodegen();
  const id = nextId++;
  return new Promise<Reply>((resolve, reject) => {
    waiting.set(id, { resolve, reject });
    target.ref(); // awaited work keeps the process alive
    target.postMessage({ id, ...request });
  });
}

/** openapi-typescript's printed types for a bundled document (structured-cloned to the worker). */
export async function typesInWorker(doc: JsonObject, options: object): Promise<string> {
  return (await call({ kind: "types", doc, options })).text!;
}

/** Prettier on each output; keys of the result follow `raw`. */
export async function formatInWorker(raw: ReadonlyMap<string, string>, outDir: string): Promise<Map<string, string>> {
  return (await call({ kind: "format", raw, outDir })).files!;
}

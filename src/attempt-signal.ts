// The abort signal of one attempt. Node 20 makes an AbortController's signal transferable when it is first
// read, which costs more than the rest of the SDK's own work per request (~13 µs of ~500 µs on loopback);
// Node's fetch (undici) follows any signal-shaped EventTarget. So where the runtime's own Request follows
// such a light signal, attempts sent with the runtime's own fetch use one; everywhere else (browsers, Deno:
// WebIDL-strict; a fetch passed in, which may check its signal's class) a real AbortController. Checked once.

/** What an attempt needs: a signal to hand to fetch, and a way to abort it. */
export interface AttemptAbort {
  readonly signal: AbortSignal;
  abort(reason?: unknown): void;
}

class LightSignal extends EventTarget {
  aborted = false;
  reason: unknown = undefined;
  get signal(): AbortSignal {
    return this as unknown as AbortSignal;
  }
  abort(reason: unknown = new DOMException("This operation was aborted", "AbortError")): void {
    if (this.aborted) return;
    this.aborted = true;
    this.reason = reason;
    this.dispatchEvent(new Event("abort"));
  }
}

/** True when `RequestClass` accepts a light signal and aborts with it (undici does; WebIDL-strict ones throw). */
export function followsLightSignals(RequestClass: typeof Request | undefined): boolean {
  try {
    const light = new LightSignal();
    const request = new RequestClass!("http://localhost/", { signal: light.signal });
    light.abort();
    return request.signal.aborted;
  } catch {
    return false;
  }
}

let runtimeFollows: boolean | undefined;

/** An attempt's abort: light when `fetchImpl` is the runtime's own fetch and its Request follows light signals. */
export function attemptAbort(fetchImpl: unknown): AttemptAbort {
  if (fetchImpl === globalThis.fetch && (runtimeFollows ??= followsLightSignals(globalThis.Request))) return new LightSignal();
  return new AbortController();
}

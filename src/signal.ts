// Abort signals by shape, not by class: a polyfill's signal, or one from another realm (an iframe,
// a vm context), fails `instanceof AbortSignal` yet aborts just the same.

/** What the SDK reads of an abort signal. A native `AbortSignal` fits, and so does any look-alike. */
export interface AbortSignalLike {
  /** True once aborted; checked before each attempt and each page. */
  readonly aborted: boolean;
  /** Why it aborted; becomes the `cause` of `APIUserAbortError`. */
  readonly reason?: unknown;
  /** Called with plain function listeners (never `handleEvent` objects). */
  addEventListener(type: "abort", listener: () => void, options?: { once?: boolean }): void;
  /** Optional: without it, the SDK's listeners stay registered on the signal (they do nothing once the request is over). */
  removeEventListener?(type: "abort", listener: () => void): void;
}

export function isAbortSignalLike(value: unknown): value is AbortSignalLike {
  const signal = value as Partial<Record<string, unknown>> | null | undefined;
  return typeof signal?.aborted === "boolean" && typeof signal.addEventListener === "function"
    && ["undefined", "function"].includes(typeof signal.removeEventListener);
}


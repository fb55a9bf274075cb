// Compile-time helpers of the corpus. None of them names the SDK: they only make the other files
// fail to compile when a type the corpus relies on is removed, narrowed, widened or degraded to any.

/** The end of an exhaustive switch: a new member of the union no longer reaches `never`. */
export function assertNever(value: never, what: string): never {
  throw new Error(`unexpected ${what}: ${JSON.stringify(value)}`);
}

/** True only for `any`: a type that silently became `any` accepts everything and proves nothing. */
export type IsAny<T> = 0 extends 1 & T ? true : false;

/** Compiles only when `T` is not `any`. */
export function notAny<T>(_witness: IsAny<T> extends false ? true : never): void {}

/** Compiles only when `Actual` and `Expected` are the same type (no more, no fewer members). */
export type Equal<Actual, Expected> = (<T>() => T extends Actual ? 1 : 2) extends <T>() => T extends Expected ? 1 : 2 ? true : false;
export function sameType<Actual, Expected>(_witness: Equal<Actual, Expected>): void {}

// A gate for tests that spawn CPU-heavy processes: on a 2-core machine a time bound must measure
// a hang, not a queue, so at most `n` tasks run at once and the rest wait their turn in order.

/** At most `n` calls of the returned function run at once; the rest wait in order. */
export function limitConcurrency(n: number): <T>(task: () => Promise<T>) => Promise<T> {
  let active = 0;
  const waiting: (() => void)[] = [];
  return async (task) => {
    if (active < n) active++;
    else await new Promise<void>((resolve) => waiting.push(resolve)); // a finishing task hands over its slot
    try {
      return await task();
    } finally {
      const next = waiting.shift();
      if (next) next();
      else active--;
    }
  };
}

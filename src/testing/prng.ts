// Seeded pseudo-random numbers for fixtures: the same seed always gives the same data,
// on every machine and Node version (Math.random would make failures unreproducible).

/** A source of numbers in [0, 1). */
export type Random = () => number;

/** mulberry32: tiny and fast, and plenty for fixture data (not for anything secret). */
export function mulberry32(seed: number): Random {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Mixes a seed and an index into one 32-bit seed (murmur3's finalizer), so item `index`
 * can be generated on its own, without generating the items before it.
 */
export function mixSeed(seed: number, index: number): number {
  let h = (Math.trunc(seed) ^ Math.imul(index + 1, 0x9e3779b1)) >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

/** An integer in [min, max], both included. */
export function randomInt(random: Random, min: number, max: number): number {
  return min + Math.floor(random() * (max - min + 1));
}

/** `length` lowercase hex digits. */
export function randomHex(random: Random, length: number): string {
  let out = "";
  while (out.length < length) out += Math.floor(random() * 0x10000).toString(16).padStart(4, "0");
  return out.slice(0, length);
}

/** A number in [0, 1] with two decimals, like a rate or a confidence. */
export function randomRate(random: Random): number {
  return Math.round(random() * 100) / 100;
}

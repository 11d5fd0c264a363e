/**
 * A seeded PRNG (mulberry32): the planner's only source of randomness, so the same seed gives the same plan.
 *
 * @example
 * const rnd = seededRandom(42);
 * rnd(); // 0.6011037519201636, always
 */
export function seededRandom(seed: number): () => number {
  let s = seed >>> 0;
  return function next(): number {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

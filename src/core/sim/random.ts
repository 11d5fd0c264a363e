/**
 * A small seeded PRNG (sfc32 seeded through splitmix32): the simulator's only source of randomness,
 * so the same seed gives the same report.
 *
 * @example
 * const rng = createRng(1);
 * rng.next();       // in [0, 1)
 * rng.exponential(1000); // an inter-arrival gap at 1,000 events/s
 */
export interface Rng {
  /** Uniform in [0, 1). */
  next(): number;
  /** Uniform integer in [0, n). */
  int(n: number): number;
  /** Exponentially distributed with the given rate (mean 1/rate). */
  exponential(rate: number): number;
}

/**
 * Creates a deterministic {@link Rng} from an integer seed.
 *
 * @example
 * createRng(42).int(10); // the same value on every run
 */
export function createRng(seed: number): Rng {
  let s = seed >>> 0;
  function splitmix32(): number {
    s = (s + 0x9e3779b9) >>> 0;
    let z = s;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
    return (z ^ (z >>> 16)) >>> 0;
  }
  let a = splitmix32(), b = splitmix32(), c = splitmix32(), d = splitmix32();
  function sfc32(): number {
    const t = (((a + b) >>> 0) + d) >>> 0;
    d = (d + 1) >>> 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) >>> 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) >>> 0;
    return t;
  }
  for (let i = 0; i < 12; i++) sfc32();
  function next(): number {
    return sfc32() / 4294967296;
  }
  return {
    next,
    int(n: number): number {
      return Math.floor(next() * n);
    },
    exponential(rate: number): number {
      // 1 − U is in (0, 1], so the log is finite.
      return -Math.log(1 - next()) / rate;
    },
  };
}

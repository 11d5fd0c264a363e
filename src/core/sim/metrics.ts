/**
 * The q-quantile (0 ≤ q ≤ 1) of an ascending array, nearest-rank; NaN when empty.
 *
 * @example
 * percentile(Float64Array.of(1, 2, 3, 4), 0.5); // 2
 */
export function percentile(sorted: ArrayLike<number>, q: number): number {
  const n = sorted.length;
  if (n === 0) return NaN;
  const rank = Math.min(n, Math.max(1, Math.ceil(q * n)));
  return sorted[rank - 1];
}

/**
 * Jitter as the paper defines it (§V): the mean of |per-flow delay − mean delay|.
 *
 * @example
 * jitter([1, 3]); // 1
 */
export function jitter(values: ArrayLike<number>): number {
  const n = values.length;
  if (n === 0) return NaN;
  let sum = 0;
  for (let i = 0; i < n; i++) sum += values[i];
  const mean = sum / n;
  let dev = 0;
  for (let i = 0; i < n; i++) dev += Math.abs(values[i] - mean);
  return dev / n;
}

/**
 * Mean of an array; NaN when empty.
 *
 * @example
 * mean([1, 2, 3]); // 2
 */
export function mean(values: ArrayLike<number>): number {
  const n = values.length;
  if (n === 0) return NaN;
  let sum = 0;
  for (let i = 0; i < n; i++) sum += values[i];
  return sum / n;
}

/**
 * An empirical CDF of an ascending array, thinned to at most `points` (x, F(x)) pairs on a log-spaced grid
 * of ranks so the tail is kept.
 *
 * @example
 * cdfPoints(Float64Array.of(1, 2, 3), 10); // [[1, 1/3], [2, 2/3], [3, 1]]
 */
export function cdfPoints(sorted: ArrayLike<number>, points: number): Array<[number, number]> {
  const n = sorted.length;
  const out: Array<[number, number]> = [];
  if (n === 0) return out;
  if (n <= points) {
    for (let i = 0; i < n; i++) out.push([sorted[i], (i + 1) / n]);
    return out;
  }
  let last = -1;
  for (let k = 0; k < points; k++) {
    const i = Math.min(n - 1, Math.round((k / (points - 1)) * (n - 1)));
    if (i !== last) out.push([sorted[i], (i + 1) / n]);
    last = i;
  }
  return out;
}

/**
 * Fraction of values ≤ x in an ascending array.
 *
 * @example
 * fractionAtMost(Float64Array.of(1, 2, 3, 4), 2); // 0.5
 */
export function fractionAtMost(sorted: ArrayLike<number>, x: number): number {
  let lo = 0, hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid] <= x) lo = mid + 1; else hi = mid;
  }
  return sorted.length === 0 ? NaN : lo / sorted.length;
}

/**
 * A growable Float64Array (append-only), for per-request values at millions of requests.
 *
 * @example
 * const a = new GrowableFloats(); a.push(1.5); a.view(); // Float64Array [1.5]
 */
export class GrowableFloats {
  private data: Float64Array;
  length = 0;

  constructor(capacity = 1024) {
    this.data = new Float64Array(Math.max(16, capacity));
  }

  push(value: number): number {
    if (this.length === this.data.length) {
      const bigger = new Float64Array(this.data.length * 2);
      bigger.set(this.data);
      this.data = bigger;
    }
    this.data[this.length] = value;
    return this.length++;
  }

  set(index: number, value: number): void {
    this.data[index] = value;
  }

  get(index: number): number {
    return this.data[index];
  }

  /** The filled part (shares memory until the next growth). */
  view(): Float64Array {
    return this.data.subarray(0, this.length);
  }
}

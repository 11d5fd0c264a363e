/** Decades covered: 1 ns … 10^6 ms (values are in ms). */
const MIN_LOG10 = -6;
const MAX_LOG10 = 6;
const BINS_PER_DECADE = 100;

/**
 * A log-binned histogram of latencies in ms (100 bins per decade, 1 ns to 1,000 s), so the FCT distribution of
 * many runs can be pooled, as the paper pools its 65 scenarios for Fig. 10, without keeping every sample.
 *
 * @example
 * const h = new LogHistogram(); h.add(0.2); h.add(20);
 * h.fractionAtMost(1); // 0.5
 */
export class LogHistogram {
  readonly counts = new Float64Array((MAX_LOG10 - MIN_LOG10) * BINS_PER_DECADE + 1);
  total = 0;

  add(ms: number, weight = 1): void {
    this.counts[binOf(ms)] += weight;
    this.total += weight;
  }

  addAll(values: ArrayLike<number>): void {
    for (let i = 0; i < values.length; i++) this.add(values[i]);
  }

  /** Fraction of samples ≤ x (resolution: one bin, ~2.3 %). */
  fractionAtMost(x: number): number {
    if (this.total === 0) return NaN;
    const last = binOf(x);
    let sum = 0;
    for (let b = 0; b <= last; b++) sum += this.counts[b];
    return sum / this.total;
  }

  /** Upper edge of the bin holding the q-quantile. */
  quantile(q: number): number {
    if (this.total === 0) return NaN;
    const target = q * this.total;
    let sum = 0;
    for (let b = 0; b < this.counts.length; b++) {
      sum += this.counts[b];
      if (sum >= target && this.counts[b] > 0) return edgeOf(b + 1);
    }
    return edgeOf(this.counts.length);
  }

  /** (x, F(x)) at the upper edge of every non-empty bin. */
  cdf(): Array<[number, number]> {
    const out: Array<[number, number]> = [];
    let sum = 0;
    for (let b = 0; b < this.counts.length; b++) {
      if (this.counts[b] === 0) continue;
      sum += this.counts[b];
      out.push([edgeOf(b + 1), sum / this.total]);
    }
    return out;
  }
}

function binOf(ms: number): number {
  if (!(ms > 0)) return 0;
  const b = Math.floor((Math.log10(ms) - MIN_LOG10) * BINS_PER_DECADE);
  return Math.max(0, Math.min((MAX_LOG10 - MIN_LOG10) * BINS_PER_DECADE, b));
}

function edgeOf(bin: number): number {
  return 10 ** (MIN_LOG10 + bin / BINS_PER_DECADE);
}

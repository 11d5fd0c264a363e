import type { Architecture } from '../constants';
import type { RunSummary, SweepResult } from '../experiment';

/** Our headline numbers at the load nearest 100 kRPS, in the paper's terms. */
export interface Headline {
  rps: number;
  p99ReductionVs: Partial<Record<Architecture, number>>;
  throughputRatioVs: Partial<Record<Architecture, number>>;
  jitterReductionVs: Partial<Record<Architecture, number>>;
  /** T*: PiggyCar's pooled 90th-percentile FCT (ms), and each architecture's fraction of flows ≤ T*. */
  fctThresholdMs: number;
  fctFractionAtThreshold: Partial<Record<Architecture, number>>;
  /** First offered load at which an architecture's p99 exceeds 10× its p99 at the lowest load. */
  kneeRps: Partial<Record<Architecture, number | undefined>>;
  /** True when PiggyCar's p99 is the lowest at every load. */
  piggycarLowestEverywhere: boolean;
}

const KNEE_FACTOR = 10;

/**
 * Compares PiggyCar with each baseline at the load nearest `targetRps` (default 100 kRPS), like the paper.
 *
 * @example
 * const h = headline(sweep); // h.throughputRatioVs.canal ≈ offered / 52 k
 */
export function headline(sweep: SweepResult, targetRps = 100_000): Headline {
  const loads = [...new Set(sweep.runs.map((r) => r.rps))].sort((a, b) => a - b);
  const rps = loads.reduce((best, r) => (Math.abs(r - targetRps) < Math.abs(best - targetRps) ? r : best), loads[0]);
  const at = (a: Architecture, load = rps) => sweep.runs.find((r) => r.architecture === a && r.rps === load);
  const pc = at('piggycar');
  const out: Headline = {
    rps, p99ReductionVs: {}, throughputRatioVs: {}, jitterReductionVs: {},
    fctThresholdMs: NaN, fctFractionAtThreshold: {}, kneeRps: {}, piggycarLowestEverywhere: true,
  };
  const pcFct = sweep.fct.get('piggycar');
  if (pcFct) out.fctThresholdMs = pcFct.quantile(0.9);
  for (const [a, h] of sweep.fct) out.fctFractionAtThreshold[a] = h.fractionAtMost(out.fctThresholdMs);
  for (const a of ['istio', 'canal'] as const) {
    const b = at(a);
    if (!pc || !b) continue;
    out.p99ReductionVs[a] = 1 - pc.p99Ms / b.p99Ms;
    out.throughputRatioVs[a] = pc.throughputRps / b.throughputRps;
    out.jitterReductionVs[a] = 1 - pc.jitterMs / b.jitterMs;
  }
  const archs = [...new Set(sweep.runs.map((r) => r.architecture))];
  for (const a of archs) out.kneeRps[a] = knee(sweep.runs.filter((r) => r.architecture === a));
  for (const load of loads) {
    const p = at('piggycar', load);
    if (!p) continue;
    for (const a of archs) {
      const other = at(a, load);
      if (a !== 'piggycar' && other && other.p99Ms <= p.p99Ms) out.piggycarLowestEverywhere = false;
    }
  }
  return out;
}

function knee(runs: RunSummary[]): number | undefined {
  const sorted = runs.slice().sort((a, b) => a.rps - b.rps);
  if (sorted.length === 0) return undefined;
  const base = sorted[0].p99Ms;
  return sorted.find((r) => r.p99Ms > KNEE_FACTOR * base)?.rps;
}

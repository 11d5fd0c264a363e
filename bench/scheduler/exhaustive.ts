import { migrationOverhead } from '../../src/core/scheduler/migration-cost';
import type { SchedulerModel } from '../../src/core/scheduler/model';
import type { DecisionInput, SchedulerSettings } from '../../src/core/scheduler/types';

/**
 * Baseline for the benchmark: the exhaustive decision — every rule of R_Δ^full evaluated on every switch of the
 * fabric with the full metric I = α·E_mig + β·T^new (exact latency, path transfer times), the least I taken
 * (constraints as in `migrate`). What Algorithm 2's candidate selection and shortcuts avoid. Returns the moves
 * (rule index → switch) and restores the model; past `budgetMs` it stops early and says how many of the
 * rule × switch evaluations it did (the caller extrapolates).
 *
 * @example
 * const moves = exhaustiveDecision(model, settings, input);
 */
export function exhaustiveDecision(
  model: SchedulerModel, settings: SchedulerSettings, input: DecisionInput, budgetMs = Number.POSITIVE_INFINITY,
): { moves: Map<number, number>; evaluated: number; total: number; elapsedMs: number } {
  const t0 = performance.now();
  const { graph, fp, state, clos } = model;
  const S = clos.switchCount;
  const c = graph.indexOf(input.switchName)!;
  const observed = new Map(input.observations.map((o) => [model.ruleIndex.get(o.ruleId)!, o] as const));
  const above = Array.from(model.rulesOf(c)).filter((r) => (observed.get(r)?.sessions ?? 0) > fp.x[r]);
  const free = new Float64Array(S);
  for (let n = 0; n < S; n++) free[n] = graph.doc.switches[n].sramThreshold - input.switches.occupancy[n];
  const out = new Map<number, number>();
  const total = above.length * (S - 1);
  let evaluated = 0;
  for (const r of above) {
    const o = observed.get(r)!;
    let best = -1, bestCost = Number.POSITIVE_INFINITY;
    for (let n = 0; n < S; n++) {
      if (n === c) continue;
      if ((++evaluated & 255) === 0 && performance.now() - t0 > budgetMs) {
        return { moves: out, evaluated, total, elapsedMs: performance.now() - t0 };
      }
      if (free[n] < o.sessions) continue;
      const eMig = migrationOverhead(model, [graph.path(c, n).links], settings.ruleBytes * above.length, settings.sessionBytes * o.sessions).eMig;
      const from = state.owner[r], depth = state.ownerDepth[r], y = fp.y[r];
      state.unassign(r);
      fp.y[r] = o.gbps;
      const d = model.depthOf(r, n);
      state.assign(r, n, d);
      const t = state.latency(r, n, d);
      state.unassign(r);
      fp.y[r] = y;
      state.assign(r, from, depth);
      const cost = settings.alpha * eMig + settings.beta * t;
      if (cost < bestCost) { bestCost = cost; best = n; }
    }
    if (best >= 0) { out.set(r, best); free[best] -= o.sessions; }
  }
  return { moves: out, evaluated, total, elapsedMs: performance.now() - t0 };
}

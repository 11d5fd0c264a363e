import { ANY_SWITCH, CandidateFinder } from './candidates';
import { evaluatePlan } from './evaluate-plan';
import type { PlanInstance } from './instance';
import { GENERIC_DEPTH, PlanState } from './plan-state';
import { seededRandom } from './rng';
import type { PlanResult } from './types';

/**
 * Two assignment baselines over the same candidate structure as the planner (the common ancestors of a
 * rule's footprint at every depth, S_high first): `random` picks a uniformly random candidate with room
 * (seeded), `firstFit` the first candidate with room in switch order. Both ignore latency and load, so the
 * ratio to `plan` measures what estimate_latency and the annealer buy. Undefined when some rule fits nowhere.
 *
 * @example
 * const rnd = assignmentBaseline(inst, 'random', 1);
 * const ff = assignmentBaseline(inst, 'firstFit');
 */
export function assignmentBaseline(inst: PlanInstance, mode: 'random' | 'firstFit', seed = 1): PlanResult | undefined {
  const { clos, fp } = inst;
  const st = new PlanState(clos, fp, inst.baseLoad.slice(), inst.capacity.slice());
  const finder = new CandidateFinder(clos, fp);
  const rnd = seededRandom(seed);
  for (let r = 0; r < fp.count; r++) {
    const x = fp.x[r];
    let placed = false;
    for (const c of finder.levels(r)) {
      if (c === ANY_SWITCH) break;
      const members = clos.classes[c];
      const start = mode === 'random' ? Math.floor(rnd() * members.length) : 0;
      for (let k = 0; k < members.length; k++) {
        const n = members[(start + k) % members.length];
        if (st.free[n] >= x) { st.assign(r, n, clos.classDepth[c]); placed = true; break; }
      }
      if (placed) break;
    }
    if (!placed) {
      for (let n = 0; n < clos.switchCount && !placed; n++) {
        if (st.free[n] >= x) { st.assign(r, n, GENERIC_DEPTH); placed = true; }
      }
    }
    if (!placed) return undefined;
  }
  const final = evaluatePlan(inst, st);
  return {
    kind: 'plan', owners: st.owner, latencyUs: final.latencyUs, objectiveUs: final.objectiveUs,
    switchLoad: st.switchLoad, linkUtilization: final.linkUtilization, overloads: final.overloads,
    stats: { greedyObjectiveUs: final.objectiveUs, annealIterations: 0, acceptedMoves: 0, fallbackRules: 0 },
    timings: { greedyStart: 0, prepareMs: 0, greedyMs: 0, annealMs: 0, evaluateMs: 0 },
  };
}

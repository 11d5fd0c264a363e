import { ANY_SWITCH, CandidateFinder } from './candidates';
import { evaluatePlan } from './evaluate-plan';
import type { PlanInstance } from './instance';
import { GENERIC_DEPTH, PlanState } from './plan-state';
import type { PlanResult } from './types';

/**
 * Evaluates a given assignment (owner switch per rule, e.g. a solver's answer or a stored plan) with the
 * planner's latency model (eq. 1–3): T(r), T, x(n), ρ(e), overloads.
 *
 * @example
 * const exact = evaluateOwners(inst, milp.decode(columns));
 * exact.objectiveUs;
 */
export function evaluateOwners(inst: PlanInstance, owners: Int32Array): PlanResult {
  const { clos, fp } = inst;
  const st = new PlanState(clos, fp, inst.baseLoad.slice(), inst.capacity.slice());
  const finder = new CandidateFinder(clos, fp);
  for (let r = 0; r < fp.count; r++) {
    const n = owners[r];
    let depth = GENERIC_DEPTH;
    for (const c of finder.levels(r)) {
      if (c !== ANY_SWITCH && clos.classes[c].includes(n)) { depth = clos.classDepth[c]; break; }
    }
    st.assign(r, n, depth);
  }
  const final = evaluatePlan(inst, st);
  return {
    kind: 'plan', owners: st.owner, latencyUs: final.latencyUs, objectiveUs: final.objectiveUs,
    switchLoad: st.switchLoad, linkUtilization: final.linkUtilization, overloads: final.overloads,
    stats: { greedyObjectiveUs: final.objectiveUs, annealIterations: 0, acceptedMoves: 0, fallbackRules: 0 },
    timings: { greedyStart: 0, prepareMs: 0, greedyMs: 0, annealMs: 0, evaluateMs: 0 },
  };
}

import type { PlanInstance } from './instance';
import { linkUtilization } from './link-delay';
import type { PlanState } from './plan-state';
import type { LinkOverload } from './types';

/**
 * Recomputes, from scratch, T(r) of every rule, T = max_r T(r), ρ(e) of every link and the overloads
 * (ρ ≥ 1) of a state whose loads are complete.
 *
 * @example
 * const { latencyUs, objectiveUs } = evaluatePlan(inst, state);
 */
export function evaluatePlan(inst: PlanInstance, st: PlanState): {
  latencyUs: Float64Array; objectiveUs: number; linkUtilization: Float64Array; overloads: LinkOverload[];
} {
  const R = inst.fp.count;
  const latencyUs = new Float64Array(R);
  let objectiveUs = 0;
  for (let r = 0; r < R; r++) {
    const t = st.latency(r, st.owner[r], st.ownerDepth[r]);
    latencyUs[r] = t;
    if (t > objectiveUs) objectiveUs = t;
  }
  const { linkOverloads, rho } = utilization(inst, st.load);
  return { latencyUs, objectiveUs, linkUtilization: rho, overloads: linkOverloads };
}

/**
 * ρ(e) per link for a load vector, and the links with ρ(e) ≥ 1.
 *
 * @example
 * const { rho, linkOverloads } = utilization(inst, load);
 */
export function utilization(inst: PlanInstance, load: Float64Array): { rho: Float64Array; linkOverloads: LinkOverload[] } {
  const { clos, graph } = inst;
  const rho = new Float64Array(clos.linkCount);
  const linkOverloads: LinkOverload[] = [];
  for (let l = 0; l < clos.linkCount; l++) {
    rho[l] = linkUtilization(load[l], clos.linkBandwidth[l]);
    if (rho[l] >= 1) {
      const { a, b } = graph.link(l);
      linkOverloads.push({ link: l, a: graph.nameOf(a), b: graph.nameOf(b), rho: rho[l] });
    }
  }
  return { rho, linkOverloads };
}

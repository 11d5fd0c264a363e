import type { FabricGraph } from '../fabric/fabric-graph';
import { ANY_SWITCH, CandidateFinder } from '../planner/candidates';
import type { ClosIndex } from '../planner/clos-index';
import type { Footprints } from '../planner/footprints';
import { prepareInstance } from '../planner/instance';
import { GENERIC_DEPTH, PlanState } from '../planner/plan-state';
import type { PlannerRule } from '../planner/types';
import type { SchedulerInputError } from './types';

/**
 * The current plan indexed for the online scheduler, built once per plan version and reused by every
 * trigger: the planner's latency model (H4's PlanState over the CLOS index and footprints, eq. 1–3) loaded
 * with the plan's owners, T(r) per rule, R_k membership, and the rules of each switch (CSR by owner), so a
 * decision touches only n_cur's rules and U candidates — never all rules × all switches.
 *
 * `state` is mutated during a decision and restored before `migrate` returns.
 *
 * @example
 * const model = buildSchedulerModel({ graph, rules, owners, topK: 0.2 });
 * if (model.kind === 'model') model.rulesOf(model.graph.indexOf('core1')!);
 */
export interface SchedulerModel {
  kind: 'model';
  graph: FabricGraph;
  clos: ClosIndex;
  fp: Footprints;
  state: PlanState;
  finder: CandidateFinder;
  ruleIds: readonly string[];
  ruleIndex: ReadonlyMap<string, number>;
  /** T(r) under the plan, µs. */
  latencyUs: Float64Array;
  /** 1 when r ∈ R_k (top k by y_r). */
  topK: Uint8Array;
  /** Rules of R_k by T(r) descending, and the rest likewise (for max_r T^new(r) without scanning all rules). */
  topKByLatency: Int32Array;
  restByLatency: Int32Array;
  /** Rules owned by switch n: ownedRule[ownedStart[n] .. ownedStart[n + 1]). */
  ownedStart: Int32Array;
  ownedRule: Int32Array;
  rulesOf(n: number): Int32Array;
  /** Owner depth of switch n for rule r (PlanState's convention). */
  depthOf(r: number, n: number): number;
}

/** What the model is built from. */
export interface SchedulerModelInput {
  graph: FabricGraph;
  rules: ReadonlyArray<PlannerRule>;
  /** z(n, r): rule id → owner switch name (the current plan). Rules without an owner are left out. */
  owners: ReadonlyMap<string, string>;
  /** k. */
  topK: number;
}

/**
 * Builds the {@link SchedulerModel}: O(R · footprint) once per plan.
 *
 * @example
 * const model = buildSchedulerModel({ graph, rules: plannerRules(graph, rules), owners: plan.owners, topK: 0.2 });
 */
export function buildSchedulerModel(input: SchedulerModelInput): SchedulerModel | SchedulerInputError {
  const { graph } = input;
  const owned: PlannerRule[] = [];
  const ownerNodes: number[] = [];
  for (let i = 0; i < input.rules.length; i++) {
    const rule = input.rules[i];
    const name = input.owners.get(rule.id);
    if (name === undefined) continue;
    const n = graph.indexOf(name);
    if (n === undefined || !graph.isSwitch(n)) {
      return { kind: 'invalid', field: `owners.${rule.id}`, reason: `owner ${name} is not a switch of the fabric` };
    }
    owned.push(rule);
    ownerNodes.push(n);
  }
  const inst = prepareInstance({ graph, rules: owned });
  if (inst.kind === 'invalid') return { kind: 'invalid', field: inst.field, reason: inst.reason };
  const { clos, fp } = inst;
  const R = fp.count;
  const S = clos.switchCount;
  // Capacity is not the scheduler's concern here (it reads m_n from telemetry): free = M_n.
  const state = new PlanState(clos, fp, inst.baseLoad.slice(), inst.capacity.slice());
  const finder = new CandidateFinder(clos, fp);

  function depthOf(r: number, n: number): number {
    for (const c of finder.levels(r)) {
      if (c !== ANY_SWITCH && contains(clos.classes[c], n)) return clos.classDepth[c];
    }
    return GENERIC_DEPTH;
  }

  for (let r = 0; r < R; r++) state.assign(r, ownerNodes[r], depthOf(r, ownerNodes[r]));
  const latencyUs = new Float64Array(R);
  for (let r = 0; r < R; r++) latencyUs[r] = state.latency(r, state.owner[r], state.ownerDepth[r]);

  const byTraffic = Int32Array.from({ length: R }, (_, i) => i).sort((a, b) => fp.y[b] - fp.y[a] || a - b);
  const kCount = Math.min(R, Math.ceil(input.topK * R));
  const topK = new Uint8Array(R);
  for (let i = 0; i < kCount; i++) topK[byTraffic[i]] = 1;
  const byLatency = Int32Array.from({ length: R }, (_, i) => i).sort((a, b) => latencyUs[b] - latencyUs[a] || a - b);
  const topKByLatency = byLatency.filter((r) => topK[r] === 1);
  const restByLatency = byLatency.filter((r) => topK[r] === 0);

  const ownedStart = new Int32Array(S + 1);
  for (let r = 0; r < R; r++) ownedStart[ownerNodes[r] + 1]++;
  for (let n = 0; n < S; n++) ownedStart[n + 1] += ownedStart[n];
  const fill = ownedStart.slice(0, S);
  const ownedRule = new Int32Array(R);
  for (let r = 0; r < R; r++) ownedRule[fill[ownerNodes[r]]++] = r;

  const ruleIds = owned.map((r) => r.id);
  const ruleIndex = new Map<string, number>();
  ruleIds.forEach((id, r) => ruleIndex.set(id, r));
  return {
    kind: 'model', graph, clos, fp, state, finder, ruleIds, ruleIndex, latencyUs, topK, topKByLatency, restByLatency,
    ownedStart, ownedRule,
    rulesOf(n: number): Int32Array { return ownedRule.subarray(ownedStart[n], ownedStart[n + 1]); },
    depthOf,
  };
}

/** Binary search in a sorted class. */
function contains(sorted: Int32Array, n: number): boolean {
  let lo = 0, hi = sorted.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid] === n) return true;
    if (sorted[mid] < n) lo = mid + 1;
    else hi = mid - 1;
  }
  return false;
}

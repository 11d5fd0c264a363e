import { HopBounds } from './bound-hops';
import { ownerOptions } from './bound-options';
import { CandidateFinder } from './candidates';
import type { PlanInstance } from './instance';
import { linkDelayUs } from './link-delay';
import { MaxFlow } from './max-flow';

/** The bottleneck-assignment lower bound and how it was reached. */
export interface LowerBoundResult {
  /** No assignment (any owner switch per rule) has T below this, µs. */
  lowerBoundUs: number;
  /** max_r min_n cost(r, n): the bound before capacities. */
  uncapacitatedUs: number;
  /** Capacities M_n − m_n raised the bound above `uncapacitatedUs`. */
  capacityBinding: boolean;
  /** No threshold lets the switches hold the demand (then the instance is infeasible). */
  candidateSetsTooSmall: boolean;
  flowRuns: number;
}

/**
 * Bottleneck-assignment lower bound on T = max_r T(r) (eq. 1) over EVERY assignment of rules to switches
 * (not only the planner's candidate sets). Binary search on a threshold T: rule r may use an owner option
 * (a candidate class, one access switch of its footprint, or a kind of switch — see `ownerOptions`) when the
 * option's cost, a lower bound on T(r, n) for each of its switches n, is ≤ T; T is feasible when a max-flow
 * source → rule group (Σ x_r) → option → switch → sink (M_n − m_n) saturates every rule.
 *
 * Why it is a lower bound: take an optimal assignment z* with objective T*. Each rule r's owner n* has
 * T(r, n*) ≤ T*, and some option of r containing n* has cost ≤ T(r, n*) (every switch is in one of r's
 * options and each option's cost is ≤ T(r, n) for all its switches — proved in `ownerOptions`). So at
 * threshold T*, routing x_r along r → option → n* is a flow that respects M_n − m_n (z* does) and
 * saturates every rule: T* is feasible, hence the least feasible threshold is ≤ T*. The costs are
 * evaluated at loads every assignment must carry ("frozen ρ", valid because F(e) grows with ρ(e)):
 * server links at their fixed load, plus the single up-link of an access switch for every rule whose
 * footprint spans it and another access switch (any owner's paths leave or enter it there).
 *
 * Scales by merging rules with equal allowed options into one group and sharing option nodes; nothing is
 * rules × switches.
 *
 * @example
 * const lb = lowerBound(prepareInstance(input) as PlanInstance);
 * console.log(lb.lowerBoundUs);
 */
export function lowerBound(inst: PlanInstance): LowerBoundResult {
  const { clos, fp, capacity } = inst;
  const S = clos.switchCount;
  const finder = new CandidateFinder(clos, fp);
  const hops = new HopBounds(clos);
  const minUp = new Map<number, number>();
  const pair = new Int32Array(2);

  const forced = inst.baseLoad.slice();
  if (hops.layered) {
    for (let r = 0; r < fp.count; r++) {
      if (fp.uStart[r + 1] - fp.uStart[r] < 2) continue;
      for (let i = fp.uStart[r]; i < fp.uStart[r + 1]; i++) {
        const a = fp.uAcc[i];
        if (clos.upStart[a + 1] - clos.upStart[a] === 1) forced[clos.upLink[clos.upStart[a]]] += fp.y[r];
      }
    }
  }
  // With equal T_base on every switch link and no forced switch-link load, the hop costs of `ownerOptions`
  // (which also count r's own traffic) are ≥ the frozen class costs: skip those (k = 90: 2,025 cores each).
  let frozenMatters = false;
  const base0 = clos.linkCount > 0 ? clos.linkBase[clos.upLink[0] ?? 0] : 0;
  for (let j = 0; j < clos.upLink.length && !frozenMatters; j++) {
    const l = clos.upLink[j];
    if (forced[l] > 0 || clos.linkBase[l] !== base0) frozenMatters = true;
  }
  const F = (l: number): number => linkDelayUs(clos.linkBase[l], forced[l], clos.linkBandwidth[l]);

  /** min over n ∈ c of the frozen switch-link delay from access a up to n (the links PlanState evaluates). */
  function upCost(a: number, c: number): number {
    const key = c * S + a;
    let v = minUp.get(key);
    if (v !== undefined) return v;
    const depth = clos.classDepth[c];
    v = Infinity;
    for (const n of clos.classes[c]) {
      let t: number;
      if (depth === 0) t = 0;
      else if (depth === 1) t = F(clos.upLinkBetween(a, n));
      else { clos.twoHopLinks(a, n, pair); t = F(pair[0]) + F(pair[1]); }
      if (t < v) v = t;
    }
    minUp.set(key, v);
    return v;
  }
  function classCost(r: number, c: number): number {
    if (!frozenMatters) return 0;
    let tq = 0, tk = 0;
    for (let i = fp.qStart[r]; i < fp.qStart[r + 1]; i++) tq = Math.max(tq, fp.qDelay[i] + upCost(fp.qAcc[i], c));
    for (let i = fp.kStart[r]; i < fp.kStart[r + 1]; i++) tk = Math.max(tk, upCost(fp.kAcc[i], c) + fp.kDelay[i]);
    return tq + tk;
  }

  const opts = ownerOptions(clos, fp, finder, hops, forced, classCost);
  const R = fp.count;
  let uncapacitatedUs = 0;
  for (let r = 0; r < R; r++) {
    let best = Infinity;
    for (let i = opts.start[r]; i < opts.start[r + 1]; i++) best = Math.min(best, opts.cost[i]);
    if (best < Infinity) uncapacitatedUs = Math.max(uncapacitatedUs, best);
  }
  const membersOf = (option: number): ArrayLike<number> => (option >= 0 ? clos.classes[option] : opts.kindMembers(option));

  let flowRuns = 0;
  function feasible(threshold: number): boolean {
    flowRuns++;
    const groups = new Map<string, { demand: number; options: number[] }>();
    let demand = 0;
    for (let r = 0; r < R; r++) {
      if (fp.x[r] <= 0) continue;
      // An allowed option whose switches all lie in an allowed kind adds no edge the kind does not give.
      let kinds = 0;
      for (let i = opts.start[r]; i < opts.start[r + 1]; i++) if (opts.id[i] < 0 && opts.cost[i] <= threshold) kinds |= opts.covers(opts.id[i]);
      const allowed: number[] = [];
      for (let i = opts.start[r]; i < opts.start[r + 1]; i++) {
        const o = opts.id[i];
        if (opts.cost[i] <= threshold && (o < 0 || (opts.covers(o) & kinds) === 0)) allowed.push(o);
      }
      if (allowed.length === 0) return false;
      const key = allowed.join(',');
      const g = groups.get(key);
      if (g) g.demand += fp.x[r]; else groups.set(key, { demand: fp.x[r], options: allowed });
      demand += fp.x[r];
    }
    const optionIds = new Map<number, number>();
    for (const g of groups.values()) for (const c of g.options) if (!optionIds.has(c)) optionIds.set(c, optionIds.size);
    const source = 0, sink = 1, groupBase = 2, optionBase = groupBase + groups.size, switchBase = optionBase + optionIds.size;
    const flow = new MaxFlow(switchBase + S);
    let gi = 0;
    for (const g of groups.values()) {
      flow.addEdge(source, groupBase + gi, g.demand);
      for (const c of g.options) flow.addEdge(groupBase + gi, optionBase + optionIds.get(c)!, Infinity);
      gi++;
    }
    const used = new Uint8Array(S);
    for (const [c, id] of optionIds) {
      const members = membersOf(c);
      for (let i = 0; i < members.length; i++) { flow.addEdge(optionBase + id, switchBase + members[i], Infinity); used[members[i]] = 1; }
    }
    for (let n = 0; n < S; n++) if (used[n] && capacity[n] > 0) flow.addEdge(switchBase + n, sink, capacity[n]);
    return flow.run(source, sink) >= demand * (1 - 1e-12) - 1e-9;
  }

  if (feasible(uncapacitatedUs)) {
    return { lowerBoundUs: uncapacitatedUs, uncapacitatedUs, capacityBinding: false, candidateSetsTooSmall: false, flowRuns };
  }
  const values = Array.from(new Set(opts.cost.filter((v) => v > uncapacitatedUs))).sort((p, q) => p - q);
  let lo = 0, hi = values.length - 1, found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (feasible(values[mid])) { found = mid; hi = mid - 1; } else lo = mid + 1;
  }
  if (found < 0) {
    return { lowerBoundUs: uncapacitatedUs, uncapacitatedUs, capacityBinding: true, candidateSetsTooSmall: true, flowRuns };
  }
  return { lowerBoundUs: values[found], uncapacitatedUs, capacityBinding: true, candidateSetsTooSmall: false, flowRuns };
}

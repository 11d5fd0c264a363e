import { ANY_SWITCH, CandidateFinder } from './candidates';
import type { PlanInstance } from './instance';
import { linkDelayUs, RHO_CAP } from './link-delay';
import { MaxFlow } from './max-flow';
import { PlanState } from './plan-state';

/** The bottleneck-assignment lower bound and how it was reached. */
export interface LowerBoundResult {
  /** No assignment over the candidate sets has T below this, µs. */
  lowerBoundUs: number;
  /** max_r min_n cost(r, n): the bound before capacities. */
  uncapacitatedUs: number;
  /** Capacities M_n − m_n raised the bound above `uncapacitatedUs`. */
  capacityBinding: boolean;
  /** The candidate sets cannot hold the demand at any threshold (the planner then needs S_low fallbacks). */
  candidateSetsTooSmall: boolean;
  flowRuns: number;
}

/**
 * Bottleneck-assignment lower bound on T = max_r T(r) (eq. 1), valid at frozen ρ: server links at their fixed
 * load (the same in every plan), switch links at the load of the rules that have a single candidate switch,
 * else 0 (any plan loads them at least that much, and F(e) grows with ρ). Binary search on a threshold T: rule r may use a candidate class c when its cost bound
 * cost(r, c) ≤ T; feasible when a max-flow source → rule (x_r) → class → switch → sink (M_n − m_n) saturates
 * every rule. Scales by working on classes (rules with equal allowed classes merged; one class node per
 * shared candidate set) instead of rules × switches.
 *
 * Scope: the bound is over assignments within the planner's candidate sets — the common ancestors of the
 * footprint at every depth (S_high and the layers above it), which hold the hop-optimal owners of a uniform CLOS
 * fabric. Owners outside them (the planner's rare S_low fallback) are not covered.
 * cost(r, c) = max_a [F(s→a) + min_{n∈c} L(a, n)] + max_b [min_{n∈c} L(n, b) + F(b→t)] ≤ min_{n∈c} T(r, n).
 *
 * @example
 * const lb = lowerBound(prepareInstance(input) as PlanInstance);
 * console.log(lb.lowerBoundUs);
 */
export function lowerBound(inst: PlanInstance): LowerBoundResult {
  const { clos, fp, capacity } = inst;
  const S = clos.switchCount;
  const finder = new CandidateFinder(clos, fp);
  const minUp = new Map<number, number>();
  const pair = new Int32Array(2);
  const allSwitches = clos.internClass(Int32Array.from({ length: S }, (_, i) => i), 3);

  // ρ frozen at its unavoidable part: server links (fixed) plus E(r, n) of every rule whose candidate sets
  // hold a single switch n (every plan within the candidate sets routes it there).
  const forced = inst.baseLoad.slice();
  const isForced = new Uint8Array(fp.count);
  const probe = new PlanState(clos, fp, forced, capacity.slice());
  for (let r = 0; r < fp.count; r++) {
    const levels = finder.levels(r);
    let only = -1, depth = 0, total = 0;
    for (const c of levels) {
      if (c === ANY_SWITCH) { total = 2; break; }
      total += clos.classes[c].length;
      only = clos.classes[c][0];
      depth = clos.classDepth[c];
    }
    if (total !== 1) continue;
    isForced[r] = 1;
    const count = probe.collectLinks(r, only, depth);
    for (let i = 0; i < count; i++) forced[probe.linkBuf[i]] += fp.y[r];
  }
  const F = (l: number): number => linkDelayUs(clos.linkBase[l], forced[l], clos.linkBandwidth[l]);
  // A rule's own y_r also crosses each switch link of its path: F(e) at ρ_f + y_r/B ≥ F(e at ρ_f) / (1 − y_r/B_top),
  // B_top the largest switch-link bandwidth (since (y/B_e)/(1 − ρ_f) ≥ y/B_top). Skipped for forced rules (already in ρ_f).
  let bandwidthTop = 0;
  for (let l = 0; l < clos.linkCount; l++) if (clos.linkBandwidth[l] > bandwidthTop) bandwidthTop = clos.linkBandwidth[l];

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

  const R = fp.count;
  const optStart = new Int32Array(R + 1);
  const optClass: number[] = [];
  const optCost: number[] = [];
  let uncapacitatedUs = 0;
  for (let r = 0; r < R; r++) {
    let best = Infinity;
    for (const level of finder.levels(r)) {
      const c = level === ANY_SWITCH ? allSwitches : level;
      let tq = 0, tk = 0;
      const own = isForced[r] || !(bandwidthTop > 0) ? 1 : 1 / (1 - Math.min(fp.y[r] / bandwidthTop, RHO_CAP));
      if (level !== ANY_SWITCH) {
        for (let i = fp.qStart[r]; i < fp.qStart[r + 1]; i++) tq = Math.max(tq, fp.qDelay[i] + own * upCost(fp.qAcc[i], c));
        for (let i = fp.kStart[r]; i < fp.kStart[r + 1]; i++) tk = Math.max(tk, own * upCost(fp.kAcc[i], c) + fp.kDelay[i]);
      }
      optClass.push(c);
      optCost.push(tq + tk);
      best = Math.min(best, tq + tk);
    }
    optStart[r + 1] = optClass.length;
    uncapacitatedUs = Math.max(uncapacitatedUs, best);
  }

  let flowRuns = 0;
  function feasible(threshold: number): boolean {
    flowRuns++;
    const groups = new Map<string, { demand: number; classes: number[] }>();
    let demand = 0;
    for (let r = 0; r < R; r++) {
      if (fp.x[r] <= 0) continue;
      const allowed: number[] = [];
      for (let i = optStart[r]; i < optStart[r + 1]; i++) if (optCost[i] <= threshold) allowed.push(optClass[i]);
      if (allowed.length === 0) return false;
      const key = allowed.join(',');
      const g = groups.get(key);
      if (g) g.demand += fp.x[r]; else groups.set(key, { demand: fp.x[r], classes: allowed });
      demand += fp.x[r];
    }
    const classIds = new Map<number, number>();
    for (const g of groups.values()) for (const c of g.classes) if (!classIds.has(c)) classIds.set(c, classIds.size);
    const source = 0, sink = 1, groupBase = 2, classBase = groupBase + groups.size, switchBase = classBase + classIds.size;
    const flow = new MaxFlow(switchBase + S);
    let gi = 0;
    for (const g of groups.values()) {
      flow.addEdge(source, groupBase + gi, g.demand);
      for (const c of g.classes) flow.addEdge(groupBase + gi, classBase + classIds.get(c)!, Infinity);
      gi++;
    }
    const used = new Uint8Array(S);
    for (const [c, id] of classIds) {
      for (const n of clos.classes[c]) { flow.addEdge(classBase + id, switchBase + n, Infinity); used[n] = 1; }
    }
    for (let n = 0; n < S; n++) if (used[n] && capacity[n] > 0) flow.addEdge(switchBase + n, sink, capacity[n]);
    return flow.run(source, sink) >= demand * (1 - 1e-12) - 1e-9;
  }

  if (feasible(uncapacitatedUs)) {
    return { lowerBoundUs: uncapacitatedUs, uncapacitatedUs, capacityBinding: false, candidateSetsTooSmall: false, flowRuns };
  }
  const values = Array.from(new Set(optCost.filter((v) => v > uncapacitatedUs))).sort((p, q) => p - q);
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

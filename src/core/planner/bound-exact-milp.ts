import { ANY_SWITCH, CandidateFinder } from './candidates';
import type { PlanInstance } from './instance';
import { RHO_CAP } from './link-delay';
import type { PlannerMilp } from './milp';
import { cplexLp, decodeOwners, delayTangents, pushLinkRows } from './milp-text';
import { GENERIC_DEPTH, PlanState } from './plan-state';

/**
 * The exact rule-assignment MILP of eq. 1–3 over EVERY switch as a possible owner (not only the planner's
 * candidate sets, as `buildPlannerMilp` does), in CPLEX LP format, for tiny instances: it is the reference
 * the lower bounds are checked against (a valid bound must never exceed the optimum over all owners, and
 * owners outside the candidate sets — a footprint's own access switch, the S_low fallbacks — can be as good
 * or better). Same formulation as `buildPlannerMilp`: z_{r,n} binary, w_{r,e} ≥ z_{r,n} for e ∈ E(r, n),
 * ρ(e) = (fixed + Σ_r y_r w_{r,e}) / B_max(e), F(e) through its tangent envelope (≤ F, so the solver's
 * objective value is itself ≤ the exact optimum), q_r, k_r ≥ the max latency Q(r)→n and n→K(r) (big-M),
 * T ≥ q_r + k_r, minimise T; switch links held to ρ ≤ `maxRho`. Paths to owners off the CLOS ancestor
 * structure are the graph's p(s, t), exactly as `PlanState` evaluates them.
 *
 * @example
 * const model = buildExactMilp(inst);
 * const sol = highs.solve(model.lp, { time_limit: 60 });
 * sol.ObjectiveValue; // ≤ min over all assignments of T (eq. 1)
 */
export function buildExactMilp(inst: PlanInstance, options: { maxRho?: number } = {}): PlannerMilp {
  const maxRho = Math.min(options.maxRho ?? 0.95, RHO_CAP);
  const { clos, fp, capacity } = inst;
  const finder = new CandidateFinder(clos, fp);
  const probe = new PlanState(clos, fp, inst.baseLoad.slice(), capacity.slice());
  const S = clos.switchCount;
  const R = fp.count;
  const rows: string[] = [];
  const binaries: string[] = [];
  const bounds: string[] = [];
  const capTerms = new Map<number, string[]>();
  const crossing = new Map<number, Map<number, string>>(); // link → rule → w name
  const pair = new Int32Array(2);
  const pathCache = new Map<number, number[]>();

  function graphLinks(u: number, v: number): number[] {
    const key = u * S + v;
    let links = pathCache.get(key);
    if (!links) pathCache.set(key, (links = clos.graph.path(u, v).links));
    return links;
  }
  /** Switch links of p(a, n) (Q side) or p(n, a) (K side), as PlanState walks them. */
  function segmentLinks(a: number, n: number, depth: number, fromAccess: boolean): number[] {
    if (depth === 0) return [];
    if (depth === 1) return [clos.upLinkBetween(a, n)];
    if (depth === 2) { clos.twoHopLinks(a, n, pair); return [pair[0], pair[1]]; }
    return fromAccess ? graphLinks(a, n) : graphLinks(n, a);
  }
  function depthOf(r: number, n: number): number {
    for (const c of finder.levels(r)) {
      if (c !== ANY_SWITCH && clos.classes[c].includes(n)) return clos.classDepth[c];
    }
    return GENERIC_DEPTH;
  }

  let maxBase = 0;
  for (const b of clos.linkBase) maxBase = Math.max(maxBase, b);
  let maxServer = 0;
  for (const d of fp.qDelay) maxServer = Math.max(maxServer, d);
  for (const d of fp.kDelay) maxServer = Math.max(maxServer, d);
  // Longest segment over all (access, owner) pairs in use, for a big-M that is loose for an unchosen n.
  let maxHops = 0;
  const segments: { r: number; n: number; depth: number }[] = [];
  for (let r = 0; r < R; r++) {
    for (let n = 0; n < S; n++) {
      const depth = depthOf(r, n);
      segments.push({ r, n, depth });
      for (let i = fp.uStart[r]; i < fp.uStart[r + 1]; i++) {
        maxHops = Math.max(maxHops, segmentLinks(fp.uAcc[i], n, depth, true).length, segmentLinks(fp.uAcc[i], n, depth, false).length);
      }
    }
  }
  const bigM = maxServer + 2 * maxHops * maxBase / (1 - maxRho) + 1;
  const fName = (e: number): string => `f${e}`;

  const assign: string[][] = Array.from({ length: R }, () => []);
  for (const { r, n, depth } of segments) {
    const z = `z${r}_${n}`;
    binaries.push(z);
    assign[r].push(z);
    let terms = capTerms.get(n);
    if (!terms) capTerms.set(n, (terms = []));
    terms.push(`${fp.x[r]} ${z}`);
    const count = probe.collectLinks(r, n, depth);
    for (let i = 0; i < count; i++) {
      const e = probe.linkBuf[i];
      let byRule = crossing.get(e);
      if (!byRule) crossing.set(e, (byRule = new Map()));
      let w = byRule.get(r);
      if (!w) { w = `w${r}_${e}`; byRule.set(r, w); bounds.push(`0 <= ${w} <= 1`); }
      rows.push(`${w} - ${z} >= 0`);
    }
    for (let i = fp.qStart[r]; i < fp.qStart[r + 1]; i++) {
      const fs = segmentLinks(fp.qAcc[i], n, depth, true).map((e) => ` - ${fName(e)}`).join('');
      rows.push(`q${r}${fs} - ${bigM} ${z} >= ${fp.qDelay[i] - bigM}`);
    }
    for (let i = fp.kStart[r]; i < fp.kStart[r + 1]; i++) {
      const fs = segmentLinks(fp.kAcc[i], n, depth, false).map((e) => ` - ${fName(e)}`).join('');
      rows.push(`k${r}${fs} - ${bigM} ${z} >= ${fp.kDelay[i] - bigM}`);
    }
  }
  for (let r = 0; r < R; r++) {
    rows.push(`${assign[r].join(' + ')} = 1`);
    rows.push(`T - q${r} - k${r} >= 0`);
  }
  for (const [n, terms] of capTerms) rows.push(`${terms.join(' + ')} <= ${Math.max(0, capacity[n])}`);
  const tangents = delayTangents(maxRho);
  for (const [e, byRule] of crossing) {
    const link = { column: fName(e), base: clos.linkBase[e], bandwidth: clos.linkBandwidth[e], fixedLoad: inst.baseLoad[e] };
    pushLinkRows(rows, link, byRule, fp.y, maxRho, tangents);
  }
  const lp = cplexLp(rows, bounds, binaries);
  const allSwitches = Array.from({ length: S }, (_, n) => n);

  return {
    lp,
    binaries: binaries.length,
    rows: rows.length,
    decode(columns: ReadonlyMap<string, number>): Int32Array {
      return decodeOwners(columns, R, () => allSwitches);
    },
  };
}

import { ANY_SWITCH, CandidateFinder } from './candidates';
import type { PlanInstance } from './instance';
import { RHO_CAP } from './link-delay';
import { cplexLp, decodeOwners, delayTangents, pushLinkRows } from './milp-text';
import { PlanState } from './plan-state';

/** A built MILP: CPLEX LP text for a solver and how to read its answer back. */
export interface PlannerMilp {
  lp: string;
  binaries: number;
  rows: number;
  /** Owner switch per rule from the solver's column values (name → value); -1 where none is set. */
  decode(columns: ReadonlyMap<string, number>): Int32Array;
}

/**
 * The exact rule-assignment model of eq. 1–3 as a MILP in CPLEX LP format, for small instances (the solver —
 * e.g. HiGHS — is run by the caller; the core never imports it). Variables: z_{r,n} ∈ {0,1} over the
 * planner's candidate sets (common ancestors of the footprint, every depth); w_{r,e} ≥ z_{r,n} for
 * e ∈ E(r, n) (rule r crosses e); ρ(e) = (fixed + Σ_r y_r w_{r,e}) / B_max(e); the M/M/1 delay
 * F(e) = T_base/(1 − ρ) enters through its tangent envelope (convex, so the envelope is exact at the
 * tangent points and below F in between: tangents every 5 % of (1 − ρ), error < 0.1 %); q_r, k_r ≥ the max
 * latency Q(r)→n and n→K(r) of the chosen n (big-M); T ≥ q_r + k_r; minimise T (eq. 1). Switch links are
 * held to ρ ≤ `maxRho` (default 0.95; keeps big-M tight): an instance needing more is reported infeasible.
 *
 * @example
 * const model = buildPlannerMilp(inst);
 * const sol = highs.solve(model.lp);
 * const owners = model.decode(new Map(Object.entries(sol.Columns).map(([k, c]) => [k, c.Primal])));
 */
export function buildPlannerMilp(inst: PlanInstance, options: { maxRho?: number } = {}): PlannerMilp {
  const maxRho = Math.min(options.maxRho ?? 0.95, RHO_CAP);
  const { clos, fp, capacity } = inst;
  const finder = new CandidateFinder(clos, fp);
  const probe = new PlanState(clos, fp, inst.baseLoad.slice(), capacity.slice());
  const R = fp.count;
  const rows: string[] = [];
  const binaries: string[] = [];
  const bounds: string[] = [];
  const capTerms = new Map<number, string[]>();
  const crossing = new Map<number, Map<number, string>>(); // link → rule → w name
  const candidates: number[][] = [];
  const pair = new Int32Array(2);
  let maxBase = 0;
  for (const b of clos.linkBase) maxBase = Math.max(maxBase, b);
  let maxServer = 0;
  for (const d of fp.qDelay) maxServer = Math.max(maxServer, d);
  for (const d of fp.kDelay) maxServer = Math.max(maxServer, d);
  // Loose enough for an unchosen n (≤ 2 switch links per segment, each ≤ T_base/(1 − maxRho)), tight for the LP.
  const bigM = maxServer + 2 * maxBase / (1 - maxRho) + 1;

  function segmentLinks(a: number, n: number, depth: number): number[] {
    if (depth === 0) return [];
    if (depth === 1) return [clos.upLinkBetween(a, n)];
    clos.twoHopLinks(a, n, pair);
    return [pair[0], pair[1]];
  }
  const fName = (e: number): string => `f${e}`;

  for (let r = 0; r < R; r++) {
    const owners: number[] = [];
    const assign: string[] = [];
    for (const c of finder.levels(r)) {
      if (c === ANY_SWITCH) continue;
      const depth = clos.classDepth[c];
      for (const n of clos.classes[c]) {
        const z = `z${r}_${n}`;
        owners.push(n);
        binaries.push(z);
        assign.push(z);
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
          const fs = segmentLinks(fp.qAcc[i], n, depth).map((e) => ` - ${fName(e)}`).join('');
          rows.push(`q${r}${fs} - ${bigM} ${z} >= ${fp.qDelay[i] - bigM}`);
        }
        for (let i = fp.kStart[r]; i < fp.kStart[r + 1]; i++) {
          const fs = segmentLinks(fp.kAcc[i], n, depth).map((e) => ` - ${fName(e)}`).join('');
          rows.push(`k${r}${fs} - ${bigM} ${z} >= ${fp.kDelay[i] - bigM}`);
        }
      }
    }
    candidates.push(owners);
    rows.push(`${assign.join(' + ')} = 1`);
    rows.push(`T - q${r} - k${r} >= 0`);
  }
  for (const [n, terms] of capTerms) rows.push(`${terms.join(' + ')} <= ${Math.max(0, capacity[n])}`);
  const tangents = delayTangents(maxRho);
  for (const [e, byRule] of crossing) {
    const bw = clos.linkBandwidth[e], fixed = inst.baseLoad[e];
    // Only tangents that can bind: from the tangent point just below ρ's lowest possible value up to the last
    // one at or below its highest.
    let most = fixed;
    for (const r of byRule.keys()) most += fp.y[r];
    const rhoLo = fixed / bw, rhoHi = most / bw;
    let first = 0;
    while (first + 1 < tangents.length && tangents[first + 1].rho <= rhoLo) first++;
    let end = first + 1;
    while (end < tangents.length && tangents[end].rho <= rhoHi) end++;
    const link = { column: fName(e), base: clos.linkBase[e], bandwidth: bw, fixedLoad: fixed };
    pushLinkRows(rows, link, byRule, fp.y, maxRho, tangents.slice(first, end));
  }
  const lp = cplexLp(rows, bounds, binaries);

  return {
    lp,
    binaries: binaries.length,
    rows: rows.length,
    decode(columns: ReadonlyMap<string, number>): Int32Array {
      return decodeOwners(columns, R, (r) => candidates[r]);
    },
  };
}

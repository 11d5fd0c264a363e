import type { HopBounds } from './bound-hops';
import { ANY_SWITCH, type CandidateFinder } from './candidates';
import type { ClosIndex } from './clos-index';
import type { Footprints } from './footprints';
import { RHO_CAP } from './link-delay';

/** Option ids below zero: switch sets of a kind (shared by all rules), not candidate classes. */
export const KIND_ALL = -10;
export const KIND_ACCESS = -11;
export const KIND_ODD = -12;
export const KIND_EVEN = -13;
export const KIND_UPPER = -14;

const KIND_ORDER = [KIND_ALL, KIND_ACCESS, KIND_ODD, KIND_EVEN, KIND_UPPER];

/** Whether a switch of level `lv` belongs to a KIND_* set. */
function inKind(kind: number, lv: number): boolean {
  return kind === KIND_ALL || (kind === KIND_ACCESS && lv === 0) || (kind === KIND_UPPER && lv > 0)
    || (kind === KIND_ODD && lv % 2 === 1) || (kind === KIND_EVEN && lv > 0 && lv % 2 === 0);
}

/** Per rule, owner options (a candidate class id ≥ 0 or a KIND_*) with a lower bound on T(r, n) for the option's switches. */
export interface OwnerOptions {
  start: Int32Array;
  id: number[];
  cost: number[];
  /** Switches of each KIND_* option. */
  kindMembers(kind: number): Int32Array;
  /** Bit mask of the kinds that contain every switch of an option (a kind: its own bit). */
  covers(option: number): number;
}

/**
 * Lower bounds on T(r, n) (eq. 2 maximised over s ∈ Q(r), t ∈ K(r)) for EVERY switch n, grouped so that
 * nothing is per rule × switch. With L(a, n) the switch-link delay of p(a, n):
 *   T(r, n) = max_a [F(s→a) + L(a, n)] + max_b [L(n, b) + F(b→t)]           (a ∈ Q-side, b ∈ K-side access switches)
 * and every link e that r crosses has F(e) ≥ Fl(e, r) = T_base(e) / (1 − min(max(ρ_f(e), y_r / B_top), cap)),
 * ρ_f(e) being load every assignment puts on e (`forced`) and y_r / B_top ≤ r's own share of e. Hence
 * L(a, n) ≥ first(a) + (h − 1)·f_r for h ≥ 1 hops, where first(a) = min Fl over a's switch links (on a
 * layered fabric the first link of any path from a) and f_r = min T_base / (1 − min(y_r / B_top, cap)).
 * Options, each valid for all its switches:
 * - pair(r) = max over a ∈ Q, b ∈ K of F(s→a) + F(b→t) + [a ≠ b](first(a) + first(b) + (d(a, b) − 2)·f_r),
 *   valid for ANY owner (the walk a → n → b has ≥ d(a, b) links, starting at a and ending at b); every
 *   option's cost is at least pair(r);
 * - each candidate class (common ancestors at depth d: exactly d links to every access switch, as the
 *   planner evaluates them): the frozen-ρ cost `classCost` and the hop cost with h = d;
 * - each access switch u of the footprint U(r) (h = d(a, u), 0 for a = u): the "one side local" owners
 *   Algorithm 1's S_high misses;
 * - KIND_ACCESS, every access switch ∉ U(r): h ≥ 2 from every a;
 * - KIND_ODD / KIND_EVEN (parity fabrics), every non-access switch: an odd-level n is 1 hop from the
 *   access switches it is adjacent to — all within d ≤ 2 of each other, so within d ≤ 2 of one a0 ∈ U(r) —
 *   and ≥ 3 from the rest (minimised over a0); an even-level n is ≥ 2 from every a;
 *   KIND_UPPER (layered, no parity): h ≥ 1; KIND_ALL (other fabrics, or no footprint): pair(r) only.
 *
 * @example
 * const opts = ownerOptions(clos, fp, finder, hops, forced, classCost);
 * for (let i = opts.start[r]; i < opts.start[r + 1]; i++) console.log(opts.id[i], opts.cost[i]);
 */
export function ownerOptions(
  clos: ClosIndex,
  fp: Footprints,
  finder: CandidateFinder,
  hops: HopBounds,
  forced: Float64Array,
  classCost: (r: number, c: number) => number,
): OwnerOptions {
  const S = clos.switchCount;
  // Over every switch–switch link (same-level ones included: paths may use them).
  const isServerLink = new Uint8Array(clos.linkCount);
  for (const l of clos.serverLink) if (l >= 0) isServerLink[l] = 1;
  let bandwidthTop = 0, baseMin = Infinity;
  for (let l = 0; l < clos.linkCount; l++) {
    if (isServerLink[l]) continue;
    if (clos.linkBandwidth[l] > bandwidthTop) bandwidthTop = clos.linkBandwidth[l];
    if (clos.linkBase[l] < baseMin) baseMin = clos.linkBase[l];
  }
  if (!Number.isFinite(baseMin)) baseMin = 0;
  const cap = RHO_CAP;
  const capped = (rho: number): number => (rho < cap ? rho : cap);
  // Per access switch: the least T_base of its up-links, and whether any of them carries forced load.
  const upBaseMin = new Float64Array(S).fill(Infinity);
  const upForced = new Uint8Array(S);
  for (let a = 0; a < S; a++) {
    for (let j = clos.upStart[a]; j < clos.upStart[a + 1]; j++) {
      const l = clos.upLink[j];
      if (clos.linkBase[l] < upBaseMin[a]) upBaseMin[a] = clos.linkBase[l];
      if (forced[l] > 0 || !(clos.linkBandwidth[l] > 0)) upForced[a] = 1;
    }
  }
  const { layered, parity } = hops;
  const R = fp.count;
  const start = new Int32Array(R + 1);
  const id: number[] = [];
  const cost: number[] = [];
  /** first(a): min over a's switch links e of Fl(e, r) — on a layered fabric every path from a starts on one. */
  function first(a: number, own: number, f: number): number {
    if (!layered) return f;
    if (!upForced[a]) return Number.isFinite(upBaseMin[a]) ? upBaseMin[a] / (1 - own) : f;
    let v = Infinity;
    for (let j = clos.upStart[a]; j < clos.upStart[a + 1]; j++) {
      const l = clos.upLink[j];
      const bw = clos.linkBandwidth[l];
      const rho = bw > 0 ? Math.max(forced[l] / bw, own) : (forced[l] > 0 ? 1 : own);
      const t = clos.linkBase[l] / (1 - capped(rho));
      if (t < v) v = t;
    }
    return Number.isFinite(v) ? v : f;
  }
  // Kinds containing every member of a class (bit i ↔ KIND_ORDER[i]): an option of that class whose cost is
  // not below the kind's adds nothing to the flow network (same threshold, superset of switches).
  const cover = new Map<number, number>();
  function kindsCovering(c: number): number {
    if (c < 0) return 1 << KIND_ORDER.indexOf(c);
    let bits = cover.get(c);
    if (bits !== undefined) return bits;
    bits = (1 << KIND_ORDER.length) - 1;
    for (const n of clos.classes[c]) {
      for (let i = 0; i < KIND_ORDER.length; i++) if (!inKind(KIND_ORDER[i], clos.level[n])) bits &= ~(1 << i);
    }
    cover.set(c, bits);
    return bits;
  }
  const qa: number[] = [], qd: number[] = [], qf: number[] = [];
  const ka: number[] = [], kd: number[] = [], kf: number[] = [];

  for (let r = 0; r < R; r++) {
    const levels = finder.levels(r);
    if (levels.length === 1 && levels[0] === ANY_SWITCH) {
      id.push(KIND_ALL); cost.push(0); start[r + 1] = id.length;
      continue;
    }
    const own = bandwidthTop > 0 ? capped(fp.y[r] / bandwidthTop) : 0;
    const f = baseMin / (1 - own);
    qa.length = qd.length = qf.length = ka.length = kd.length = kf.length = 0;
    for (let i = fp.qStart[r]; i < fp.qStart[r + 1]; i++) { qa.push(fp.qAcc[i]); qd.push(fp.qDelay[i]); qf.push(first(fp.qAcc[i], own, f)); }
    for (let i = fp.kStart[r]; i < fp.kStart[r + 1]; i++) { ka.push(fp.kAcc[i]); kd.push(fp.kDelay[i]); kf.push(first(fp.kAcc[i], own, f)); }
    /** Lower bound on L(a, u) between access switches (indices into the Q or K lists). */
    const between = (a: number, fa: number, u: number, fu: number): number => {
      if (a === u) return 0;
      if (!layered) return f;
      return fa + fu + (hops.between(a, u) - 2) * f;
    };
    let pair = 0;
    if (qa.length > 0 && ka.length > 0) {
      for (let i = 0; i < qa.length; i++) {
        for (let j = 0; j < ka.length; j++) pair = Math.max(pair, qd[i] + kd[j] + between(qa[i], qf[i], ka[j], kf[j]));
      }
    } else {
      for (const v of qd) pair = Math.max(pair, v);
      for (const v of kd) pair = Math.max(pair, v);
    }
    /** max_a [qd + seg(a)] + max_b [seg(b) + kd] with seg(a) = first(a)·[h ≥ 1] + (h − 1)·f for h = hopsOf(a). */
    const sides = (hopsOf: (a: number) => number): number => {
      let tq = 0, tk = 0;
      for (let i = 0; i < qa.length; i++) { const h = hopsOf(qa[i]); tq = Math.max(tq, qd[i] + (h > 0 ? (layered ? qf[i] + (h - 1) * f : h * f) : 0)); }
      for (let j = 0; j < ka.length; j++) { const h = hopsOf(ka[j]); tk = Math.max(tk, kd[j] + (h > 0 ? (layered ? kf[j] + (h - 1) * f : h * f) : 0)); }
      return tq + tk;
    };
    const from = id.length;
    const push = (option: number, c: number): void => { id.push(option); cost.push(Math.max(pair, c)); };

    for (const c of levels) {
      if (c === ANY_SWITCH) continue;
      const d = clos.classDepth[c];
      push(c, Math.max(classCost(r, c), sides(() => d)));
    }
    const u0 = fp.uStart[r], u1 = fp.uStart[r + 1];
    if (u1 - u0 >= 2) {
      for (let i = u0; i < u1; i++) {
        const u = fp.uAcc[i];
        const fu = first(u, own, f);
        let tq = 0, tk = 0;
        for (let p = 0; p < qa.length; p++) tq = Math.max(tq, qd[p] + between(qa[p], qf[p], u, fu));
        for (let p = 0; p < ka.length; p++) tk = Math.max(tk, kd[p] + between(ka[p], kf[p], u, fu));
        push(clos.ancestorClass(0, u), tq + tk);
      }
    }
    if (!layered) {
      push(KIND_ALL, pair);
    } else {
      push(KIND_ACCESS, sides(() => 2));
      if (parity) {
        let odd = Infinity;
        for (let i = u0; i < u1; i++) {
          const a0 = fp.uAcc[i];
          odd = Math.min(odd, sides((a) => (a === a0 || hops.commonUp(a, a0) ? 1 : 3)));
        }
        push(KIND_ODD, odd);
        push(KIND_EVEN, sides(() => 2));
      } else {
        push(KIND_UPPER, sides(() => 1));
      }
    }
    // Drop class options dominated by a kind option of this rule (kinds come last).
    let keep = from;
    for (let i = from; i < id.length; i++) {
      let dominated = false;
      if (id[i] >= 0) {
        const bits = kindsCovering(id[i]);
        for (let j = from; j < id.length && !dominated; j++) {
          if (id[j] < 0 && cost[j] <= cost[i] && (bits & (1 << KIND_ORDER.indexOf(id[j]))) !== 0) dominated = true;
        }
      }
      if (!dominated) { id[keep] = id[i]; cost[keep] = cost[i]; keep++; }
    }
    id.length = cost.length = keep;
    start[r + 1] = id.length;
  }

  const kinds = new Map<number, Int32Array>();
  function kindMembers(kind: number): Int32Array {
    let members = kinds.get(kind);
    if (members) return members;
    const out: number[] = [];
    for (let n = 0; n < S; n++) if (inKind(kind, clos.level[n])) out.push(n);
    kinds.set(kind, (members = Int32Array.from(out)));
    return members;
  }
  return { start, id, cost, kindMembers, covers: kindsCovering };
}

import { hopDistancesFrom } from '../fabric/hop-distances';
import { ANY_SWITCH, type CandidateFinder } from './candidates';
import { displaceOversubscribed } from './greedy-displace';
import { GENERIC_DEPTH, type PlanState } from './plan-state';

/** Off-structure switches evaluated per rule when every common ancestor is full (nearest by hops first). */
const GENERIC_CANDIDATES = 64;
/**
 * Fabrics up to this many switches also weigh the footprint's own access switches U(r) as owners (off the
 * common-ancestor structure, paths from the graph): one side local to an access switch can beat S_high
 * (fat-tree k = 16: 11.95 vs 14.09 µs for one rule). Larger fabrics skip it to keep the greedy pass linear.
 */
export const EXTENDED_MAX_SWITCHES = 2000;

/** Latencies (µs) this close are a tie. */
const TIE = 1e-9;

/** Result of the greedy pass. */
export interface GreedyOutcome {
  /** Rules no switch could take (capacity). */
  unplaced: number[];
  /** Rules placed outside S_high. */
  fallbackRules: number;
}

/**
 * Algorithm 1, lines 1–10: rules in order of decreasing estimated latency (the critical ones first, while
 * links are idle), each to the candidate with the least estimate_latency, S_high before S_low, respecting
 * M_n − m_n. When S_high is large (all cores of a fat-tree) only `sampled` candidates are evaluated, taken
 * round-robin through the class so load spreads evenly (the members are symmetric up to load); the first
 * `fullRules` rules in the order see every candidate.
 *
 * @example
 * const { unplaced } = greedyAssign(state, finder, { sampled: 8, fullRules: 2000 });
 */
export function greedyAssign(
  st: PlanState,
  finder: CandidateFinder,
  options: { sampled: number; fullRules: number },
): GreedyOutcome {
  const { fp, clos } = st;
  const R = fp.count;
  const high = new Int32Array(R);
  const estimate = new Float64Array(R);
  for (let r = 0; r < R; r++) {
    const c = finder.high(r);
    high[r] = c;
    // Cheap criticality key (no path walk): worst server-link delays on both sides plus 2 hops per depth.
    let q = 0, k = 0;
    for (let i = fp.qStart[r]; i < fp.qStart[r + 1]; i++) if (fp.qDelay[i] > q) q = fp.qDelay[i];
    for (let i = fp.kStart[r]; i < fp.kStart[r + 1]; i++) if (fp.kDelay[i] > k) k = fp.kDelay[i];
    estimate[r] = q + k + (c >= 0 ? 2 * clos.classDepth[c] : 0);
  }
  const order = Int32Array.from({ length: R }, (_, i) => i);
  order.sort(function byCriticality(p, q) {
    return estimate[q] - estimate[p] || fp.y[q] - fp.y[p] || p - q;
  });

  const cursor: number[] = [];
  const unplaced: number[] = [];
  const extended = clos.switchCount <= EXTENDED_MAX_SWITCHES;
  let fallbackRules = 0;
  if (extended) {
    // Rules S_high cannot hold go first, to their best access switch (see displaceOversubscribed).
    const displaced = displaceOversubscribed(st, high, estimate);
    const byCriticality = order.slice();
    let k = 0;
    for (let i = 0; i < R; i++) if (displaced[byCriticality[i]]) order[k++] = byCriticality[i];
    for (let i = 0, j = k; i < R; i++) if (!displaced[byCriticality[i]]) order[j++] = byCriticality[i];
    for (let i = 0; i < k; i++) {
      const r = order[i];
      if (placeAccess(st, r)) { fallbackRules++; high[r] = DONE; }
    }
  }
  for (let i = 0; i < R; i++) {
    const r = order[i];
    if (high[r] === DONE) continue;
    const limit = i < options.fullRules ? Number.MAX_SAFE_INTEGER : options.sampled;
    if (high[r] === ANY_SWITCH) {
      if (!placeAnywhere(st, r)) unplaced.push(r);
      continue;
    }
    if (high[r] >= 0 && extended && fp.uStart[r + 1] - fp.uStart[r] >= 2) {
      if (placeHighOrAccess(st, r, high[r], limit, cursor)) continue;
    } else if (high[r] >= 0 && placeInClass(st, r, high[r], limit, cursor)) continue;
    fallbackRules++;
    let placed = false;
    for (const c of finder.levels(r)) {
      if (c !== high[r] && placeInClass(st, r, c, limit, cursor)) { placed = true; break; }
    }
    if (!placed && !placeGeneric(st, r)) unplaced.push(r);
  }
  return { unplaced, fallbackRules };
}

/** Marks a rule already placed by the displacement step. */
const DONE = -9;

/** The access switch of U(r) with room and the least T(r) (ties: more free SRAM); false when none has room. */
function placeAccess(st: PlanState, r: number): boolean {
  const { fp } = st;
  let owner = -1, bestT = Infinity;
  for (let i = fp.uStart[r]; i < fp.uStart[r + 1]; i++) {
    const a = fp.uAcc[i];
    if (st.free[a] < fp.x[r]) continue;
    const t = st.latency(r, a, GENERIC_DEPTH);
    if (t < bestT - TIE || (t <= bestT + TIE && (owner < 0 || st.free[a] > st.free[owner]))) { owner = a; bestT = t; }
  }
  if (owner < 0) return false;
  st.assign(r, owner, GENERIC_DEPTH);
  return true;
}

/** The best of S_high (as {@link placeInClass}) and the footprint's access switches U(r); false when none has room. */
function placeHighOrAccess(st: PlanState, r: number, c: number, limit: number, cursor: number[]): boolean {
  const { fp } = st;
  const best = bestInClass(st, r, c, limit, cursor);
  let owner = best.n, depth = st.clos.classDepth[c], bestT = best.t;
  for (let i = fp.uStart[r]; i < fp.uStart[r + 1]; i++) {
    const a = fp.uAcc[i];
    if (st.free[a] < fp.x[r]) continue;
    const t = st.latency(r, a, GENERIC_DEPTH);
    if (t < bestT) { owner = a; depth = GENERIC_DEPTH; bestT = t; }
  }
  if (owner < 0) return false;
  st.assign(r, owner, depth);
  return true;
}

/** Best of (up to `limit`) members of class c with room for x_r; false when none has room. */
function placeInClass(st: PlanState, r: number, c: number, limit: number, cursor: number[]): boolean {
  const best = bestInClass(st, r, c, limit, cursor);
  if (best.n < 0) return false;
  st.assign(r, best.n, st.clos.classDepth[c]);
  return true;
}

/** The member of class c (up to `limit` evaluated, round-robin) with room and the least T(r); n = -1 if none. */
function bestInClass(st: PlanState, r: number, c: number, limit: number, cursor: number[]): { n: number; t: number } {
  const pick = PICK;
  const members = st.clos.classes[c];
  const depth = st.clos.classDepth[c];
  const x = st.fp.x[r];
  const size = members.length;
  const start = size > limit ? (cursor[c] ?? 0) % size : 0;
  let best = -1, bestT = Infinity, seen = 0, k = 0;
  for (; k < size && seen < limit; k++) {
    const n = members[(start + k) % size];
    if (st.free[n] < x) continue;
    seen++;
    const t = st.latency(r, n, depth);
    if (t < bestT || (t === bestT && st.free[n] > st.free[best])) { best = n; bestT = t; }
  }
  if (size > limit) cursor[c] = (start + k) % size;
  pick.n = best;
  pick.t = bestT;
  return pick;
}

/** The one result object of {@link bestInClass} (read before the next call): no object per rule. */
const PICK = { n: -1, t: Infinity };

/** A rule without footprint: the switch with the most free SRAM (lowest index on ties). */
function placeAnywhere(st: PlanState, r: number): boolean {
  let best = -1;
  for (let n = 0; n < st.clos.switchCount; n++) if (best < 0 || st.free[n] > st.free[best]) best = n;
  if (best < 0 || st.free[best] < st.fp.x[r]) return false;
  st.assign(r, best, GENERIC_DEPTH);
  return true;
}

/** S_low beyond the ancestor structure: the nearest switches (by hops) with room, evaluated exactly. */
function placeGeneric(st: PlanState, r: number): boolean {
  const { fp, clos } = st;
  const from = fp.uAcc[fp.uStart[r]];
  const dist = hopDistancesFrom(clos.graph, from);
  const room: number[] = [];
  for (let n = 0; n < clos.switchCount; n++) if (dist[n] >= 0 && st.free[n] >= fp.x[r]) room.push(n);
  room.sort((p, q) => dist[p] - dist[q] || p - q);
  // The footprint's own access switches first: same hop count as S_high, no detour through a foreign leaf.
  const options = room.slice(0, GENERIC_CANDIDATES);
  for (let i = fp.uStart[r]; i < fp.uStart[r + 1]; i++) {
    const a = fp.uAcc[i];
    if (st.free[a] >= fp.x[r] && !options.includes(a)) options.push(a);
  }
  let best = -1, bestT = Infinity;
  for (const n of options) {
    const t = st.latency(r, n, GENERIC_DEPTH);
    if (t < bestT) { best = n; bestT = t; }
  }
  if (best < 0) return false;
  st.assign(r, best, GENERIC_DEPTH);
  return true;
}

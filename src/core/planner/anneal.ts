import { ANY_SWITCH, type CandidateFinder } from './candidates';
import { LinkRuleIndex } from './link-rule-index';
import { MaxTree } from './max-tree';
import { EXTENDED_MAX_SWITCHES } from './greedy';
import { GENERIC_DEPTH, type PlanState } from './plan-state';

/** Members of a class evaluated per move when the class is larger (all cores of a big fat-tree). */
const MOVE_SAMPLE = 24;
/** Share of moves that relocate a rule congesting a link of a rule at the max rather than that rule itself. */
const OFFLOAD_SHARE = 0.4;
/** Share of moves of a uniformly random rule (lowers Σ T(r) and so the load everyone shares). */
const RANDOM_SHARE = 0.2;
/** Initial temperature as a fraction of T: a 1 % worse max is accepted with probability 1/e at first. */
const TEMP = 1e-2;
/**
 * Initial temperature of instances with at least MANY_RULES rules: a 0.2 % worse max at 1/e. There many rules
 * sit within a few tenths of a percent of the max (leaf-spine 8 × 32: dozens on the shared up-links), so a
 * hotter start mostly undoes progress until the stagnation stop (leaf-spine 8 × 32, seeds 1–3: 10.25–10.29 µs
 * at 2e-3 against 10.32–10.41 at 1e-2); small instances keep the hotter start that escapes their few local optima.
 */
const TEMP_MANY = 2e-3;
const MANY_RULES = 2000;
/**
 * Share of moves whose targets are the rule's "near" switches rather than a candidate class: its footprint's
 * access switches U(r) and their up-neighbours, off the common-ancestor structure — owners Algorithm 1's classes
 * never offer (fat-tree k = 90: an aggregation switch above one footprint access beats every core for the rule
 * at the max, 11.38 vs 13.28 µs). Larger fabrics (above EXTENDED_MAX_SWITCHES) use a smaller share and keep
 * swap partners on their candidate classes, which bounds the off-structure path work.
 */
const NEAR_SHARE = 0.3;
const NEAR_SHARE_LARGE = 0.15;
/** Rules of a full switch weighed as swap partners per move (fabrics up to EXTENDED_MAX_SWITCHES). */
const PARTNER_SAMPLE = 128;
/** Stop after this many iterations without a new best. */
const STAGNATION = 10_000;

/** Knobs of {@link anneal}. */
export interface AnnealOptions {
  iterations: number;
  random: () => number;
  /** Polled every 64 iterations; true stops the run (deadline). */
  shouldStop: () => boolean;
}

/** What the annealer did. */
export interface AnnealStats {
  iterations: number;
  accepted: number;
}

/** Rounds T(r) to picoseconds so that symmetric rules tie exactly at the max. */
function quantize(t: number): number {
  return Math.round(t * 1e6) / 1e6;
}

/**
 * Algorithm 1, line 11: seeded simulated annealing over moves (a rule at the max to another candidate) and
 * swaps (with a rule of a full candidate). The max objective is flat, so the energy is the lexicographic
 * surrogate (T, #rules at T, Σ T(r)); moves are aimed at rules at the max (picked by a segment tree) and each
 * move re-evaluates only the rules sharing a link whose ρ(e) changed (R(e) lists). Leaves the best plan
 * found in `st` and its T(r) in `latency`.
 *
 * @example
 * anneal(state, finder, latency, { iterations: 20000, random: seededRandom(1), shouldStop: () => false });
 */
export function anneal(
  st: PlanState,
  finder: CandidateFinder,
  latency: Float64Array,
  options: AnnealOptions,
): AnnealStats {
  const { fp, clos } = st;
  const R = fp.count;
  if (R === 0 || options.iterations <= 0) return { iterations: 0, accepted: 0 };
  const rnd = options.random;
  const tree = new MaxTree(R);
  let entries = 0;
  for (let r = 0; r < R; r++) entries += st.collectLinks(r, st.owner[r], st.ownerDepth[r]);
  const index = new LinkRuleIndex(clos.linkCount, Math.ceil(entries * 1.1) + 64);
  let sum = 0;
  for (let r = 0; r < R; r++) {
    latency[r] = quantize(latency[r]);
    tree.set(r, latency[r]);
    sum += latency[r];
    const count = st.collectLinks(r, st.owner[r], st.ownerDepth[r]);
    for (let i = 0; i < count; i++) index.add(st.linkBuf[i], r);
  }
  const extended = clos.switchCount <= EXTENDED_MAX_SWITCHES;
  let nearBuf: Int32Array = new Int32Array(64);
  // Owner lists per switch (doubly linked through the rules) for swap partners.
  const head = new Int32Array(clos.switchCount).fill(-1);
  const next = new Int32Array(R).fill(-1);
  const prev = new Int32Array(R).fill(-1);
  function link(r: number): void {
    const n = st.owner[r];
    next[r] = head[n]; prev[r] = -1;
    if (head[n] >= 0) prev[head[n]] = r;
    head[n] = r;
  }
  function unlink(r: number): void {
    const n = st.owner[r];
    if (prev[r] >= 0) next[prev[r]] = next[r]; else head[n] = next[r];
    if (next[r] >= 0) prev[next[r]] = prev[r];
  }
  for (let r = 0; r < R; r++) link(r);
  /** Where {@link pickPartner}'s rule goes. */
  let partnerTo = -1;

  const affected: number[] = [];
  const stamp = new Int32Array(R);
  let epoch = 0;
  function touch(r: number): void {
    if (stamp[r] !== epoch) { stamp[r] = epoch; affected.push(r); }
  }
  /** Moves r to (n, depth), keeping R(e), owner lists and SRAM in step; collects rules whose T may change. */
  function relocate(r: number, n: number, depth: number): void {
    let count = st.collectLinks(r, st.owner[r], st.ownerDepth[r]);
    for (let i = 0; i < count; i++) { const l = st.linkBuf[i]; index.remove(l, r); index.forEach(l, touch); }
    unlink(r);
    st.unassign(r);
    st.assign(r, n, depth);
    link(r);
    count = st.collectLinks(r, n, depth);
    for (let i = 0; i < count; i++) { const l = st.linkBuf[i]; index.forEach(l, touch); index.add(l, r); }
    touch(r);
  }
  function refresh(): void {
    for (const r of affected) {
      const t = quantize(st.latency(r, st.owner[r], st.ownerDepth[r]));
      if (t === latency[r]) continue;
      sum += t - latency[r];
      latency[r] = t;
      tree.set(r, t);
    }
  }

  const best = { max: tree.max(), count: tree.countAtMax(), sum, owner: st.owner.slice(), depth: st.ownerDepth.slice() };
  const temp0 = Math.max(1e-9, best.max * (R >= MANY_RULES ? TEMP_MANY : TEMP));
  let accepted = 0, sinceBest = 0, it = 0;
  for (; it < options.iterations && sinceBest < STAGNATION; it++, sinceBest++) {
    if ((it & 63) === 0 && options.shouldStop()) break;
    const temp = temp0 * Math.pow(1e-3, it / options.iterations);
    // Aim at the max: move a rule at the max, or (offload) a rule sharing its most delayed switch link.
    const u = rnd();
    const r = u < RANDOM_SHARE ? Math.floor(rnd() * R)
      : u < RANDOM_SHARE + OFFLOAD_SHARE ? offloadVictim(tree.pickMax(rnd())) : tree.pickMax(rnd());
    if (r < 0) continue;
    const levels = finder.levels(r);
    if (levels.length === 0 || levels[0] === ANY_SWITCH) continue;
    const near = rnd() < (extended ? NEAR_SHARE : NEAR_SHARE_LARGE);
    const c = levels.length > 1 && rnd() < 0.15 ? levels[1 + Math.floor(rnd() * (levels.length - 1))] : levels[0];
    const members = near ? nearSwitches(r) : clos.classes[c];
    const classDepth = clos.classDepth[c];
    const fromN = st.owner[r], fromD = st.ownerDepth[r];
    const oldMax = tree.max(), oldCount = tree.countAtMax(), oldSum = sum;

    // Choose the target as the best of a sample, evaluated without r's own load on its current links.
    st.unassign(r);
    let target = -1, targetT = Infinity, full = -1, fullT = Infinity;
    const all = members.length <= MOVE_SAMPLE;
    for (let k = 0; k < (all ? members.length : MOVE_SAMPLE); k++) {
      const n = all ? members[k] : members[Math.floor(rnd() * members.length)];
      const depth = near ? depthOr(r, n) : classDepth;
      if (n === fromN && depth === fromD) continue;
      const t = st.latency(r, n, depth);
      if (st.free[n] >= fp.x[r]) { if (t < targetT) { target = n; targetT = t; } }
      else if (t < fullT) { full = n; fullT = t; }
    }
    st.assign(r, fromN, fromD);
    let partner = -1;
    if (full >= 0 && fullT < targetT) {
      partner = pickPartner(full, fromN, r);
      if (partner >= 0) target = full;
    }
    if (target < 0) continue;

    epoch++;
    affected.length = 0;
    const partnerN = partner >= 0 ? st.owner[partner] : -1;
    const partnerD = partner >= 0 ? st.ownerDepth[partner] : 0;
    if (partner >= 0) relocate(partner, partnerTo, depthOr(partner, partnerTo));
    relocate(r, target, near ? depthOr(r, target) : classDepth);
    refresh();
    const newMax = tree.max(), newCount = tree.countAtMax();
    const better = newMax < oldMax || (newMax === oldMax && (newCount < oldCount || (newCount === oldCount && sum <= oldSum)));
    const delta = (newMax - oldMax) + (newCount - oldCount) * oldMax * 1e-6 + (sum - oldSum) / R;
    if (better || rnd() < Math.exp(-delta / temp)) {
      accepted++;
      if (newMax < best.max || (newMax === best.max && (newCount < best.count || (newCount === best.count && sum < best.sum - 1e-9)))) {
        best.max = newMax; best.count = newCount; best.sum = sum;
        best.owner.set(st.owner); best.depth.set(st.ownerDepth);
        sinceBest = 0;
      }
      continue;
    }
    epoch++;
    affected.length = 0;
    relocate(r, fromN, fromD);
    if (partner >= 0) relocate(partner, partnerN, partnerD);
    refresh();
  }

  /** A rule other than `hot` on the most delayed switch link of E(hot), or -1. */
  function offloadVictim(hot: number): number {
    const count = st.collectLinks(hot, st.owner[hot], st.ownerDepth[hot]);
    let worst = -1, worstF = -1;
    for (let i = 0; i < count; i++) {
      const l = st.linkBuf[i];
      const f = st.delay(l) - clos.linkBase[l];
      if (f > worstF || (f === worstF && rnd() < 0.5)) { worst = l; worstF = f; }
    }
    if (worst < 0 || worstF <= 0) return -1;
    const n = index.countExcept(worst, hot);
    if (n === 0) return -1;
    return index.nthExcept(worst, Math.floor(rnd() * n), hot);
  }
  /**
   * A rule on switch `on` to make room for r there, or -1; its destination goes to `partnerTo`. Large fabrics:
   * the first of up to 16 that fits r's old switch `to` as a candidate of it. Extended fabrics: among up to
   * PARTNER_SAMPLE rules (from a random start in the owner list) the one whose T(q) is least at its best
   * destination — r's old switch or one of its own access switches U(q): a light rule yields its S_high slot
   * to the critical r and moves to a footprint leaf, while r's old owner may be a leaf foreign to q (leaf-spine
   * 8 × 32: 10.58 → 10.22 µs with this and PARTNER_SAMPLE 128 instead of 24).
   */
  function pickPartner(on: number, to: number, r: number): number {
    if (!extended) {
      let k = 0;
      for (let q = head[on]; q >= 0 && k < 16; q = next[q], k++) {
        if (q === r) continue;
        if (st.free[on] + fp.x[q] < fp.x[r]) continue;
        if (st.free[to] + fp.x[r] < fp.x[q]) continue;
        if (depthIn(q, to) >= 0) { partnerTo = to; return q; }
      }
      return -1;
    }
    let best = -1, bestT = Infinity, bestTo = -1;
    let q = head[on];
    for (let skip = Math.floor(rnd() * PARTNER_SAMPLE); skip > 0 && q >= 0; skip--) q = next[q];
    if (q < 0) q = head[on];
    for (let k = 0; q >= 0 && k < PARTNER_SAMPLE; q = next[q], k++) {
      if (q === r || st.free[on] + fp.x[q] < fp.x[r]) continue;
      if (st.free[to] + fp.x[r] >= fp.x[q]) {
        const t = st.latency(q, to, depthOr(q, to));
        if (t < bestT) { best = q; bestT = t; bestTo = to; }
      }
      for (let i = fp.uStart[q]; i < fp.uStart[q + 1]; i++) {
        const a = fp.uAcc[i];
        if (a === on || a === to || st.free[a] < fp.x[q]) continue;
        const t = st.latency(q, a, depthOr(q, a));
        if (t < bestT) { best = q; bestT = t; bestTo = a; }
      }
    }
    partnerTo = bestTo;
    return best;
  }
  /** Where q may live at n: its common-ancestor depth there, else anywhere (paths off the ancestor structure). */
  function depthOr(q: number, n: number): number {
    const d = depthIn(q, n);
    return d >= 0 ? d : GENERIC_DEPTH;
  }
  /** U(r) and the up-neighbours of each of its access switches, into a reused buffer (duplicates harmless). */
  function nearSwitches(q: number): Int32Array {
    let k = 0;
    for (let i = fp.uStart[q]; i < fp.uStart[q + 1]; i++) {
      const a = fp.uAcc[i];
      const up = clos.upStart[a + 1] - clos.upStart[a];
      if (k + 1 + up > nearBuf.length) nearBuf = growTo(nearBuf, 2 * (k + 1 + up));
      nearBuf[k++] = a;
      for (let j = clos.upStart[a]; j < clos.upStart[a + 1]; j++) nearBuf[k++] = clos.upNode[j];
    }
    return nearBuf.subarray(0, k);
  }
  /** The depth at which n is a common ancestor of q's footprint, or -1. */
  function depthIn(q: number, n: number): number {
    for (const c of finder.levels(q)) {
      if (c >= 0 && binaryHas(clos.classes[c], n)) return clos.classDepth[c];
    }
    return -1;
  }

  // Restore the best assignment seen.
  for (let r = 0; r < R; r++) {
    if (st.owner[r] !== best.owner[r] || st.ownerDepth[r] !== best.depth[r]) {
      st.unassign(r);
      st.assign(r, best.owner[r], best.depth[r]);
    }
  }
  return { iterations: it, accepted };
}

function binaryHas(sorted: Int32Array, v: number): boolean {
  let lo = 0, hi = sorted.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid] === v) return true;
    if (sorted[mid] < v) lo = mid + 1; else hi = mid - 1;
  }
  return false;
}

function growTo(buf: Int32Array, n: number): Int32Array {
  const bigger = new Int32Array(n);
  bigger.set(buf);
  return bigger;
}

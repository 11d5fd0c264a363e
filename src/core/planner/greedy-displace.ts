import type { PlanState } from './plan-state';
import { GENERIC_DEPTH } from './plan-state';

/**
 * Rules that S_high cannot hold, chosen before the greedy pass (fabrics small enough for access-switch owners).
 * When the rules whose S_high is class c need more SRAM than c's members have free (leaf-spine 8 × 32: 715k
 * sessions for 8 × 65,536), greedy would otherwise fill c in criticality order and push the LAST rules — the
 * least critical but arbitrary in footprint — onto their access switches, whose paths all share the same
 * up-links (the fabric's tie-break), congesting them after the critical rules already chose. Instead the
 * shortfall is taken, up front, from the rules an access-switch owner hurts least: smallest
 * estimate + (T at the best access switch − T at S_high, both at the initial load) + `LINK_WEIGHT` µs per
 * footprint access switch beyond two (each is one more loaded up-link on the shared paths). They are placed
 * first, so every other rule sees that load when it picks its owner. `high` is S_high's class per rule (from
 * `CandidateFinder.high`), `estimate` the greedy pass's criticality key; classes with room displace nothing.
 * Leaf-spine 8 × 32 bench case: greedy 17.1 → 11.6 µs, planned 14.9 → 10.2 µs (lower bound 10.10).
 *
 * @example
 * const displaced = displaceOversubscribed(st, high, estimate); // 1 = place on an access switch of U(r)
 */
export function displaceOversubscribed(st: PlanState, high: Int32Array, estimate: Float64Array): Uint8Array {
  const { fp, clos } = st;
  const R = fp.count;
  const out = new Uint8Array(R);
  const demand = new Map<number, number>();
  for (let r = 0; r < R; r++) {
    const c = high[r];
    if (c < 0 || clos.classDepth[c] === 0 || fp.uStart[r + 1] - fp.uStart[r] < 2) continue;
    demand.set(c, (demand.get(c) ?? 0) + fp.x[r]);
  }
  for (const [c, need] of demand) {
    let room = 0;
    for (const n of clos.classes[c]) if (st.free[n] > 0) room += st.free[n];
    if (need <= room) continue;
    const rules: number[] = [];
    const key = new Float64Array(R);
    const first = clos.classes[c][0];
    for (let r = 0; r < R; r++) {
      if (high[r] !== c || fp.uStart[r + 1] - fp.uStart[r] < 2) continue;
      const tHigh = st.latency(r, first, clos.classDepth[c]);
      let tAccess = Infinity;
      for (let i = fp.uStart[r]; i < fp.uStart[r + 1]; i++) {
        const t = st.latency(r, fp.uAcc[i], GENERIC_DEPTH);
        if (t < tAccess) tAccess = t;
      }
      const extra = fp.uStart[r + 1] - fp.uStart[r] - 2;
      rules.push(r);
      key[r] = estimate[r] + Math.max(0, tAccess - tHigh) + LINK_WEIGHT * extra;
    }
    rules.sort(function leastHurt(p, q) { return key[p] - key[q] || p - q; });
    let short = need - room;
    for (const r of rules) {
      if (short <= 0) break;
      out[r] = 1;
      short -= fp.x[r];
    }
  }
  return out;
}

/** µs charged per footprint access switch beyond two when choosing the rules to displace. */
const LINK_WEIGHT = 1;

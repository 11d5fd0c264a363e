import type { ClosIndex } from './clos-index';
import type { Footprints } from './footprints';

/** Class id meaning "no footprint: any switch will do" (a rule with no requester and no backend server). */
export const ANY_SWITCH = -2;
const UNKNOWN = -3;
const NONE = -1;

/**
 * Candidate owners of rules by the CLOS structure (Algorithm 1, lines 1–2): the switches exactly d up-hops
 * above every access switch of Q(r) ∪ K(r) (their common ancestors; d = 0 is the access switch itself when
 * the whole footprint hangs off one). The lowest non-empty d is S_high: every pair s ∈ Q(r), t ∈ K(r) is
 * served on a shortest path through it, so it adds no detour. Higher d are the next fallbacks before
 * the rest of S_low. Classes are shared arrays; nothing here is per rule × switch.
 *
 * @example
 * const cands = new CandidateFinder(clos, fp);
 * const levels = cands.levels(r); // e.g. [classOfPodAggs, classOfAllCores]
 */
export class CandidateFinder {
  private readonly count: Int32Array;
  private epoch = 0;
  private readonly stamp: Int32Array;
  private readonly ids: number[] = [];
  private readonly intersections = new Map<string, number>();

  /** Per rule, up to three class ids (depths 0–2), computed on first use. */
  private readonly memo: Int32Array;
  /** Two reusable result arrays (alternating by rule parity so a caller may hold two rules' levels at once). */
  private readonly scratch: number[][] = [[], []];

  constructor(private readonly clos: ClosIndex, private readonly fp: Footprints) {
    this.memo = new Int32Array(3 * fp.count).fill(UNKNOWN);
    this.count = new Int32Array(clos.switchCount);
    this.stamp = new Int32Array(clos.switchCount);
  }

  /** Class ids of the common ancestors of rule r, lowest depth first (S_high first); [ANY_SWITCH] without footprint. */
  levels(r: number): readonly number[] {
    const memo = this.memo;
    const at = 3 * r;
    if (memo[at] === UNKNOWN) {
      const { uStart } = this.fp;
      memo[at] = memo[at + 1] = memo[at + 2] = NONE;
      if (uStart[r + 1] === uStart[r]) memo[at] = ANY_SWITCH;
      else for (let d = 0, k = 0; d <= 2; d++) {
        const c = this.common(r, d);
        if (c >= 0) memo[at + k++] = c;
      }
    }
    const out = this.scratch[r & 1];
    out.length = 0;
    for (let k = 0; k < 3 && memo[at + k] !== NONE; k++) out.push(memo[at + k]);
    return out;
  }

  /** S_high of rule r: the first of `levels(r)` (-1 when the footprint has no common ancestor). */
  high(r: number): number {
    const levels = this.levels(r);
    return levels.length > 0 ? levels[0] : -1;
  }

  /** Class of the switches exactly d up-hops above every access switch of rule r, or -1 if none. */
  common(r: number, d: number): number {
    const { uStart, uAcc } = this.fp;
    const from = uStart[r], to = uStart[r + 1];
    if (d === 0) return to - from === 1 ? this.clos.ancestorClass(0, uAcc[from]) : -1;
    const ids = this.ids;
    ids.length = 0;
    for (let i = from; i < to; i++) {
      const c = this.clos.ancestorClass(d, uAcc[i]);
      if (c < 0) return -1;
      if (!ids.includes(c)) ids.push(c);
    }
    if (ids.length === 1) return ids[0];
    ids.sort((p, q) => p - q);
    // Depth-1 intersections are cheap (a pod's few aggregation switches) and their keys are many: no cache.
    if (d === 1) return this.intersect(ids, d);
    const key = `${d}:${ids.join(',')}`;
    const cached = this.intersections.get(key);
    if (cached !== undefined) return cached;
    const result = this.intersect(ids, d);
    this.intersections.set(key, result);
    return result;
  }

  private intersect(ids: number[], d: number): number {
    const { classes } = this.clos;
    const epoch = ++this.epoch;
    for (const id of ids) {
      for (const n of classes[id]) {
        if (this.stamp[n] !== epoch) { this.stamp[n] = epoch; this.count[n] = 0; }
        this.count[n]++;
      }
    }
    const out: number[] = [];
    for (const n of classes[ids[0]]) if (this.count[n] === ids.length) out.push(n);
    return out.length ? this.clos.internClass(Int32Array.from(out), d) : -1;
  }
}

import type { ClosIndex } from './clos-index';
import type { Footprints } from './footprints';
import { linkDelayUs, RHO_CAP } from './link-delay';

/** Owner depth of a switch found off the CLOS ancestor structure: its paths come from the graph's p(s, t). */
export const GENERIC_DEPTH = 3;

/**
 * Mutable state of one planning run: owners z(n, r), per-switch free SRAM, per-link load Σ y_r (Gbps),
 * and the latency model of eq. 1–3 evaluated incrementally against it.
 *
 * An owner is stored with its depth d: the owner is exactly d up-hops above every access switch of the
 * rule's footprint (0 = the access switch itself), which is what makes p(a, n) a table lookup; depth
 * GENERIC_DEPTH means an arbitrary switch (paths from the graph).
 *
 * @example
 * const st = new PlanState(clos, fp, load, free);
 * st.assign(r, n, 2);
 * st.latency(r, st.owner[r], st.ownerDepth[r]); // T(r), µs
 */
export class PlanState {
  readonly owner: Int32Array;
  readonly ownerDepth: Uint8Array;
  /** M_n − m_n − x(n). */
  readonly free: Float64Array;
  /** x(n) = Σ_r z(n, r) x_r. */
  readonly switchLoad: Float64Array;
  private readonly linkStamp: Int32Array;
  private epoch = 0;
  private readonly pair = new Int32Array(2);
  private readonly graphPathCache = new Map<number, number[]>();

  constructor(
    readonly clos: ClosIndex,
    readonly fp: Footprints,
    /** Σ y_r per link (Gbps), server links already loaded. */
    readonly load: Float64Array,
    free: Float64Array,
  ) {
    this.owner = new Int32Array(fp.count).fill(-1);
    this.ownerDepth = new Uint8Array(fp.count);
    this.free = free;
    this.switchLoad = new Float64Array(clos.switchCount);
    this.linkStamp = new Int32Array(clos.linkCount);
  }

  /** F(e) at the current load (eq. 3; same arithmetic as `linkDelayUs`, inlined for the hot loop). */
  delay(l: number): number {
    const bw = this.clos.linkBandwidth[l];
    if (!(bw > 0)) return linkDelayUs(this.clos.linkBase[l], this.load[l], bw);
    const rho = this.load[l] / bw;
    return this.clos.linkBase[l] / (1 - (rho < RHO_CAP ? rho : RHO_CAP));
  }

  /** Switch-link latency between access switch a and owner n (both directions use the same links). */
  private segment(a: number, n: number, depth: number, fromAccess: boolean): number {
    if (depth === 0) return 0;
    if (depth === 1) return this.delay(this.clos.upLinkBetween(a, n));
    if (depth === 2) {
      this.clos.twoHopLinks(a, n, this.pair);
      return this.delay(this.pair[0]) + this.delay(this.pair[1]);
    }
    let t = 0;
    for (const l of this.graphLinks(fromAccess ? a : n, fromAccess ? n : a)) t += this.delay(l);
    return t;
  }

  /**
   * T(r) with owner n (eq. 2 maximised over pairs, which separates exactly):
   * max_{s∈Q(r)} [F(s→a) + L(a, n)] + max_{t∈K(r)} [L(n, b) + F(b→t)] — estimate_latency of Algorithm 1.
   */
  latency(r: number, n: number, depth: number): number {
    const { qStart, qAcc, qDelay, kStart, kAcc, kDelay } = this.fp;
    let tq = 0;
    for (let i = qStart[r], stop = qStart[r + 1]; i < stop; i++) {
      const t = qDelay[i] + this.segment(qAcc[i], n, depth, true);
      if (t > tq) tq = t;
    }
    let tk = 0;
    for (let i = kStart[r], stop = kStart[r + 1]; i < stop; i++) {
      const t = kDelay[i] + this.segment(kAcc[i], n, depth, false);
      if (t > tk) tk = t;
    }
    return tq + tk;
  }

  private linkBuffer = new Int32Array(64);

  /**
   * The switch links of E(r) with owner n, each once (server links are fixed and not included), written to
   * {@link linkBuf}; returns how many. The buffer is reused by the next call.
   */
  collectLinks(r: number, n: number, depth: number): number {
    if (depth === 0) return 0;
    const epoch = ++this.epoch;
    const stamp = this.linkStamp;
    const pair = this.pair;
    let count = 0;
    const push = (l: number): void => {
      if (l < 0 || stamp[l] === epoch) return;
      stamp[l] = epoch;
      if (count === this.linkBuffer.length) {
        const bigger = new Int32Array(count * 2);
        bigger.set(this.linkBuffer);
        this.linkBuffer = bigger;
      }
      this.linkBuffer[count++] = l;
    };
    if (depth === GENERIC_DEPTH) {
      const { qStart, qAcc, kStart, kAcc } = this.fp;
      for (let i = qStart[r]; i < qStart[r + 1]; i++) for (const l of this.graphLinks(qAcc[i], n)) push(l);
      for (let i = kStart[r]; i < kStart[r + 1]; i++) for (const l of this.graphLinks(n, kAcc[i])) push(l);
      return count;
    }
    const { uStart, uAcc } = this.fp;
    for (let i = uStart[r]; i < uStart[r + 1]; i++) {
      const a = uAcc[i];
      if (depth === 1) push(this.clos.upLinkBetween(a, n));
      else {
        this.clos.twoHopLinks(a, n, pair);
        push(pair[0]);
        push(pair[1]);
      }
    }
    return count;
  }

  /** The buffer {@link collectLinks} filled. */
  get linkBuf(): Int32Array {
    return this.linkBuffer;
  }

  /** Adds sign · y_r to ρ(e)'s numerator on every link of E(r) with owner n. */
  private applyLinks(r: number, n: number, depth: number, sign: number): void {
    const dy = sign * this.fp.y[r];
    if (dy === 0 || depth === 0) return;
    const count = this.collectLinks(r, n, depth);
    const buf = this.linkBuffer;
    for (let i = 0; i < count; i++) this.load[buf[i]] += dy;
  }

  /** z(n, r) ← 1: SRAM and link loads follow. */
  assign(r: number, n: number, depth: number): void {
    this.owner[r] = n;
    this.ownerDepth[r] = depth;
    this.free[n] -= this.fp.x[r];
    this.switchLoad[n] += this.fp.x[r];
    this.applyLinks(r, n, depth, 1);
  }

  /** z(owner, r) ← 0. */
  unassign(r: number): void {
    const n = this.owner[r];
    if (n < 0) return;
    this.applyLinks(r, n, this.ownerDepth[r], -1);
    this.free[n] += this.fp.x[r];
    this.switchLoad[n] -= this.fp.x[r];
    this.owner[r] = -1;
  }

  /** p(u, v)'s links from the graph, cached (only owners off the ancestor structure need them). */
  private graphLinks(u: number, v: number): number[] {
    const key = u * this.clos.switchCount + v;
    let links = this.graphPathCache.get(key);
    if (links === undefined) {
      links = this.clos.graph.path(u, v).links;
      if (this.graphPathCache.size < 100_000) this.graphPathCache.set(key, links);
    }
    return links;
  }
}

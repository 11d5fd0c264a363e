import type { ClosIndex } from './clos-index';
import type { Footprints } from './footprints';
import { accessPathLinks } from './access-path';
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
  /** The path cache of small fabrics (leaf-spine: every leaf-owned rule's paths are read on each re-evaluation). */
  private readonly densePaths: (number[] | undefined)[] | undefined;

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
    this.upStamp = new Int32Array(clos.switchCount);
    const pairs = clos.switchCount * clos.switchCount;
    this.densePaths = pairs <= DENSE_PAIRS ? new Array<number[] | undefined>(pairs) : undefined;
  }

  /** F(e) at the current load (eq. 3; same arithmetic as `linkDelayUs`, inlined for the hot loop). */
  delay(l: number): number {
    const bw = this.clos.linkBandwidth[l];
    if (!(bw > 0)) return linkDelayUs(this.clos.linkBase[l], this.load[l], bw);
    const rho = this.load[l] / bw;
    return this.clos.linkBase[l] / (1 - (rho < CAP ? rho : CAP));
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
    this.epoch++;
    this.collected = 0;
    const pair = this.pair;
    if (depth === GENERIC_DEPTH) {
      const { qStart, qAcc, kStart, kAcc } = this.fp;
      for (let i = qStart[r]; i < qStart[r + 1]; i++) for (const l of this.graphLinks(qAcc[i], n)) this.pushLink(l);
      for (let i = kStart[r]; i < kStart[r + 1]; i++) for (const l of this.graphLinks(n, kAcc[i])) this.pushLink(l);
      return this.collected;
    }
    const { uStart, uAcc } = this.fp;
    for (let i = uStart[r]; i < uStart[r + 1]; i++) {
      const a = uAcc[i];
      if (depth === 1) this.pushLink(this.clos.upLinkBetween(a, n));
      else {
        this.clos.twoHopLinks(a, n, pair);
        this.pushLink(pair[0]);
        this.pushLink(pair[1]);
      }
    }
    return this.collected;
  }

  /** Links collected so far by the running {@link collectLinks}. */
  private collected = 0;

  /** Adds link l to the buffer once per collection (a method, not a per-call closure: this runs per move). */
  private pushLink(l: number): void {
    if (l < 0 || this.linkStamp[l] === this.epoch) return;
    this.linkStamp[l] = this.epoch;
    if (this.collected === this.linkBuffer.length) {
      const bigger = new Int32Array(this.collected * 2);
      bigger.set(this.linkBuffer);
      this.linkBuffer = bigger;
    }
    this.linkBuffer[this.collected++] = l;
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

  /**
   * p(u, v)'s links for an owner off the ancestor structure, cached: by the CLOS structure when u and v are
   * access / aggregation switches (no graph search: a fat-tree k = 90 BFS costs ~1 ms), else the graph's path.
   */
  private graphLinks(u: number, v: number): number[] {
    const key = u * this.clos.switchCount + v;
    const dense = this.densePaths;
    let links = dense ? dense[key] : this.graphPathCache.get(key);
    if (links === undefined) {
      links = this.closLinks(u, v) ?? this.clos.graph.path(u, v).links;
      if (dense) dense[key] = links;
      else if (this.graphPathCache.size < PATH_CACHE) this.graphPathCache.set(key, links);
    }
    return links;
  }

  private readonly scratch2 = new Int32Array(2);
  private readonly upStamp: Int32Array;
  private upEpoch = 0;

  /**
   * Links of p(u, v) by the CLOS structure with the fabric's tie-break (first switch by name at every step),
   * for access ↔ access and access ↔ aggregation; undefined for other pairs (callers use the graph).
   */
  private closLinks(u: number, v: number): number[] | undefined {
    const { level } = this.clos;
    if (level[u] === 0 && level[v] === 0) return accessPathLinks(this.clos, u, v, this.scratch2);
    if (level[u] === 0 && level[v] === 1) return this.accessAggLinks(u, v, true);
    if (level[u] === 1 && level[v] === 0) return this.accessAggLinks(v, u, false);
    return undefined;
  }

  /**
   * Access a ↔ aggregation m: the link a–m when m is above a, else a → m1 → c → m (from a: the first m1 by name
   * with a c above both, then the first such c) or m → c → m1 → a (from m: the first c, then the first m1).
   */
  private accessAggLinks(a: number, m: number, fromAccess: boolean): number[] | undefined {
    const { upStart, upNode, upLink } = this.clos;
    const direct = this.clos.upLinkBetween(a, m);
    if (direct >= 0) return [direct];
    const stamp = this.upStamp;
    const epoch = ++this.upEpoch;
    if (fromAccess) {
      for (let j = upStart[m]; j < upStart[m + 1]; j++) stamp[upNode[j]] = epoch;
      for (let j = upStart[a]; j < upStart[a + 1]; j++) {
        const m1 = upNode[j];
        for (let i = upStart[m1]; i < upStart[m1 + 1]; i++) {
          const c = upNode[i];
          if (stamp[c] === epoch) return [upLink[j], upLink[i], this.clos.upLinkBetween(m, c)];
        }
      }
      return undefined;
    }
    // From m: mark the switches two up-hops above a (through each m1), remembering the first m1 (by name) per c.
    for (let j = upStart[a]; j < upStart[a + 1]; j++) {
      const m1 = upNode[j];
      for (let i = upStart[m1]; i < upStart[m1 + 1]; i++) if (stamp[upNode[i]] !== epoch) stamp[upNode[i]] = epoch;
    }
    for (let i = upStart[m]; i < upStart[m + 1]; i++) {
      const c = upNode[i];
      if (stamp[c] !== epoch) continue;
      for (let j = upStart[a]; j < upStart[a + 1]; j++) {
        const l = this.clos.upLinkBetween(upNode[j], c);
        if (l >= 0) return [upLink[i], l, upLink[j]];
      }
    }
    return undefined;
  }
}

/** RHO_CAP as a module-local constant: an imported binding is read through a getter in the hot loop under tsx. */
const CAP = RHO_CAP;

/** Fabrics with at most this many switch pairs cache off-structure paths in a dense array instead of a Map. */
const DENSE_PAIRS = 1 << 18;

/** Cached off-structure paths (small: a fat-tree k = 90 plan evaluates a few thousand such pairs). */
const PATH_CACHE = 50_000;

import type { ClosIndex } from './clos-index';
import { GrowableColumn } from './growable';
import { linkDelayUs } from './link-delay';
import type { PlanInputError, PlannerRule } from './types';

/**
 * Every rule's access-switch footprint, packed in CSR arrays (no per-rule objects):
 * Q side: the distinct access switches of Q(r)'s servers with the largest server-link delay F(s→a) among
 * them (what max over s ∈ Q(r) needs); K side likewise; U: the distinct access switches of Q(r) ∪ K(r).
 *
 * Server links are crossed by a rule whatever its owner, so their load (Σ y_r of the rules with a pod on the
 * server) is fixed before planning and their delay is folded into `qDelay` / `kDelay`.
 *
 * @example
 * const fp = compileFootprints(clos, rules, load); // load: Float64Array(linkCount), gets the server-link loads
 */
export interface Footprints {
  count: number;
  x: Float64Array;
  y: Float64Array;
  qStart: Int32Array;
  qAcc: Int32Array;
  qDelay: Float64Array;
  kStart: Int32Array;
  kAcc: Int32Array;
  kDelay: Float64Array;
  uStart: Int32Array;
  uAcc: Int32Array;
}

/**
 * Validates the rules and packs their footprints; adds the fixed server-link loads into `load` (Gbps).
 *
 * @example
 * const load = new Float64Array(clos.linkCount);
 * const fp = compileFootprints(clos, input.rules, load);
 * if ('kind' in fp) return fp; // invalid input
 */
export function compileFootprints(
  clos: ClosIndex,
  rules: ReadonlyArray<PlannerRule>,
  load: Float64Array,
): Footprints | PlanInputError {
  const builder = new FootprintBuilder(clos, load, rules.length);
  for (let r = 0; r < rules.length; r++) {
    const bad = builder.add(rules[r]);
    if (bad) return bad;
  }
  return builder.finish();
}

/**
 * What {@link FootprintBuilder.add} reads of a rule (a {@link PlannerRule} without its id).
 *
 * @example
 * const r: FootprintRule = { requesters: [5], backends: [7], expectedSessions: 100, expectedGbps: 0.5 };
 */
export type FootprintRule = Omit<PlannerRule, 'id'>;

/**
 * Streams rules into {@link Footprints}, one at a time: each rule is reduced to its access switches the
 * moment it arrives, so no rule objects need to be kept (100,000 rules: ~10 MB of typed arrays instead of
 * ~27 MB of rule objects). The server-link delays folded into `qDelay` / `kDelay` depend on every rule's
 * load, so the builder keeps (server, slot) pairs until `finish()` and drops them there.
 *
 * @example
 * const b = new FootprintBuilder(clos, load, 1000);
 * for (const rule of rules) { const bad = b.add(rule); if (bad) return bad; }
 * const fp = b.finish();
 */
export class FootprintBuilder {
  private readonly S: number;
  private readonly nodeCount: number;
  private readonly x: GrowableColumn<Float64Array>;
  private readonly y: GrowableColumn<Float64Array>;
  private readonly qStart: GrowableColumn<Int32Array>;
  private readonly kStart: GrowableColumn<Int32Array>;
  private readonly uStart: GrowableColumn<Int32Array>;
  private readonly qAcc: GrowableColumn<Int32Array>;
  private readonly kAcc: GrowableColumn<Int32Array>;
  private readonly uAcc: GrowableColumn<Int32Array>;
  /** Server of every Q / K entry and the footprint slot (index into qAcc / kAcc) it falls in. */
  private readonly qSrv: GrowableColumn<Int32Array>;
  private readonly qSrvSlot: GrowableColumn<Int32Array>;
  private readonly kSrv: GrowableColumn<Int32Array>;
  private readonly kSrvSlot: GrowableColumn<Int32Array>;
  private readonly serverStamp: Int32Array;
  private readonly accStamp: Int32Array;
  private readonly accSlot: Int32Array;
  private readonly uStamp: Int32Array;
  private count = 0;

  constructor(private readonly clos: ClosIndex, private readonly load: Float64Array, expectedRules = 0) {
    const S = (this.S = clos.switchCount);
    this.nodeCount = clos.graph.nodeCount;
    const R = Math.max(16, expectedRules);
    this.x = new GrowableColumn(Float64Array, R);
    this.y = new GrowableColumn(Float64Array, R);
    this.qStart = new GrowableColumn(Int32Array, R + 1);
    this.kStart = new GrowableColumn(Int32Array, R + 1);
    this.uStart = new GrowableColumn(Int32Array, R + 1);
    this.qStart.push(0);
    this.kStart.push(0);
    this.uStart.push(0);
    // A side typically spans a few access switches with a few servers each.
    this.qAcc = new GrowableColumn(Int32Array, 2 * R);
    this.kAcc = new GrowableColumn(Int32Array, 2 * R);
    this.uAcc = new GrowableColumn(Int32Array, 3 * R);
    this.qSrv = new GrowableColumn(Int32Array, 3 * R);
    this.qSrvSlot = new GrowableColumn(Int32Array, 3 * R);
    this.kSrv = new GrowableColumn(Int32Array, 3 * R);
    this.kSrvSlot = new GrowableColumn(Int32Array, 3 * R);
    this.serverStamp = new Int32Array(this.nodeCount - S);
    this.accStamp = new Int32Array(S).fill(-1);
    this.accSlot = new Int32Array(S);
    this.uStamp = new Int32Array(S).fill(-1);
  }

  /** Rules added so far. */
  get size(): number {
    return this.count;
  }

  /** Validates and adds rule number `size`; an invalid rule is a value naming the field (and is not added). */
  add(rule: FootprintRule): PlanInputError | undefined {
    const r = this.count;
    const { S, nodeCount, clos } = this;
    if (!(Number.isFinite(rule.expectedSessions) && rule.expectedSessions >= 0)) {
      return invalid(`rules[${r}].expectedSessions`, `x_r must be a finite number ≥ 0, got ${rule.expectedSessions}`);
    }
    if (!(Number.isFinite(rule.expectedGbps) && rule.expectedGbps >= 0)) {
      return invalid(`rules[${r}].expectedGbps`, `y_r must be a finite number ≥ 0, got ${rule.expectedGbps}`);
    }
    for (const [side, list] of [['requesters', rule.requesters], ['backends', rule.backends]] as const) {
      for (let i = 0; i < list.length; i++) {
        const s = list[i];
        if (!Number.isInteger(s) || s < S || s >= nodeCount || clos.serverLink[s - S] < 0) {
          return invalid(`rules[${r}].${side}[${i}]`, `${s} is not a server node attached to an access switch`);
        }
      }
    }
    this.count++;
    const y = rule.expectedGbps;
    this.x.push(rule.expectedSessions);
    this.y.push(y);
    // Each server link carries y_r once per rule (E(r) is a set), however many pods share the server.
    for (const list of [rule.requesters, rule.backends]) {
      for (let i = 0; i < list.length; i++) {
        const s = list[i] - S;
        if (this.serverStamp[s] !== r + 1) {
          this.serverStamp[s] = r + 1;
          this.load[clos.serverLink[s]] += y;
        }
      }
    }
    this.side(rule.requesters, this.qAcc, this.qSrv, this.qSrvSlot, 2 * r, r);
    this.side(rule.backends, this.kAcc, this.kSrv, this.kSrvSlot, 2 * r + 1, r);
    this.qStart.push(this.qAcc.length);
    this.kStart.push(this.kAcc.length);
    this.uStart.push(this.uAcc.length);
    return undefined;
  }

  /** The packed footprints, with each slot's delay = max over its servers of F(s→a) at the final loads. */
  finish(): Footprints {
    const qAcc = this.qAcc.trimmed(), kAcc = this.kAcc.trimmed();
    return {
      count: this.count, x: this.x.trimmed(), y: this.y.trimmed(),
      qStart: this.qStart.trimmed(), qAcc, qDelay: this.delays(qAcc.length, this.qSrv, this.qSrvSlot),
      kStart: this.kStart.trimmed(), kAcc, kDelay: this.delays(kAcc.length, this.kSrv, this.kSrvSlot),
      uStart: this.uStart.trimmed(), uAcc: this.uAcc.trimmed(),
    };
  }

  private side(list: ArrayLike<number>, acc: GrowableColumn<Int32Array>, srv: GrowableColumn<Int32Array>,
    srvSlot: GrowableColumn<Int32Array>, tag: number, r: number): void {
    const { S, clos, accStamp, accSlot, uStamp } = this;
    for (let i = 0; i < list.length; i++) {
      const a = clos.serverAccess[list[i] - S];
      if (accStamp[a] !== tag) {
        accStamp[a] = tag;
        accSlot[a] = acc.length;
        acc.push(a);
      }
      srv.push(list[i]);
      srvSlot.push(accSlot[a]);
      if (uStamp[a] !== r) { uStamp[a] = r; this.uAcc.push(a); }
    }
  }

  private delays(slots: number, srv: GrowableColumn<Int32Array>, srvSlot: GrowableColumn<Int32Array>): Float64Array {
    const { S, clos, load } = this;
    const delay = new Float64Array(slots).fill(-Infinity);
    for (let i = 0; i < srv.length; i++) {
      const link = clos.serverLink[srv.data[i] - S];
      const d = linkDelayUs(clos.linkBase[link], load[link], clos.linkBandwidth[link]);
      const slot = srvSlot.data[i];
      if (d > delay[slot]) delay[slot] = d;
    }
    return delay;
  }
}

function invalid(field: string, reason: string): PlanInputError {
  return { kind: 'invalid', field, reason };
}

import type { ClosIndex } from './clos-index';
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
  const R = rules.length;
  const S = clos.switchCount;
  const nodeCount = clos.graph.nodeCount;
  const x = new Float64Array(R);
  const y = new Float64Array(R);
  const serverStamp = new Int32Array(nodeCount - S);

  let qTotal = 0, kTotal = 0;
  for (let r = 0; r < R; r++) {
    const rule = rules[r];
    if (!(Number.isFinite(rule.expectedSessions) && rule.expectedSessions >= 0)) {
      return invalid(`rules[${r}].expectedSessions`, `x_r must be a finite number ≥ 0, got ${rule.expectedSessions}`);
    }
    if (!(Number.isFinite(rule.expectedGbps) && rule.expectedGbps >= 0)) {
      return invalid(`rules[${r}].expectedGbps`, `y_r must be a finite number ≥ 0, got ${rule.expectedGbps}`);
    }
    x[r] = rule.expectedSessions;
    y[r] = rule.expectedGbps;
    for (const [side, list] of [['requesters', rule.requesters], ['backends', rule.backends]] as const) {
      for (let i = 0; i < list.length; i++) {
        const s = list[i];
        if (!Number.isInteger(s) || s < S || s >= nodeCount || clos.serverLink[s - S] < 0) {
          return invalid(`rules[${r}].${side}[${i}]`, `${s} is not a server node attached to an access switch`);
        }
        // Each server link carries y_r once per rule (E(r) is a set), however many pods share the server.
        if (serverStamp[s - S] !== r + 1) {
          serverStamp[s - S] = r + 1;
          load[clos.serverLink[s - S]] += y[r];
        }
      }
    }
    qTotal += rule.requesters.length;
    kTotal += rule.backends.length;
  }

  const qStart = new Int32Array(R + 1), kStart = new Int32Array(R + 1), uStart = new Int32Array(R + 1);
  const qAcc = new Int32Array(qTotal), kAcc = new Int32Array(kTotal), uAcc = new Int32Array(qTotal + kTotal);
  const qDelay = new Float64Array(qTotal), kDelay = new Float64Array(kTotal);
  const accStamp = new Int32Array(S).fill(-1);
  const accSlot = new Int32Array(S);
  const uStamp = new Int32Array(S).fill(-1);
  let qn = 0, kn = 0, un = 0;

  function side(list: ArrayLike<number>, acc: Int32Array, delay: Float64Array, at: number, tag: number): number {
    for (let i = 0; i < list.length; i++) {
      const s = list[i] - S;
      const a = clos.serverAccess[s];
      const link = clos.serverLink[s];
      const d = linkDelayUs(clos.linkBase[link], load[link], clos.linkBandwidth[link]);
      if (accStamp[a] !== tag) {
        accStamp[a] = tag;
        accSlot[a] = at;
        acc[at] = a;
        delay[at++] = d;
      } else if (d > delay[accSlot[a]]) {
        delay[accSlot[a]] = d;
      }
      if (uStamp[a] !== tag >> 1) { uStamp[a] = tag >> 1; uAcc[un++] = a; }
    }
    return at;
  }

  for (let r = 0; r < R; r++) {
    qn = side(rules[r].requesters, qAcc, qDelay, qn, 2 * r);
    kn = side(rules[r].backends, kAcc, kDelay, kn, 2 * r + 1);
    qStart[r + 1] = qn;
    kStart[r + 1] = kn;
    uStart[r + 1] = un;
  }
  return {
    count: R, x, y, qStart, qAcc: qAcc.slice(0, qn), qDelay: qDelay.slice(0, qn), kStart,
    kAcc: kAcc.slice(0, kn), kDelay: kDelay.slice(0, kn), uStart, uAcc: uAcc.slice(0, un),
  };
}

function invalid(field: string, reason: string): PlanInputError {
  return { kind: 'invalid', field, reason };
}

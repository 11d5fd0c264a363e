import { hasCsr } from '../fabric/fabric-csr';
import type { ClosIndex } from './clos-index';

/**
 * Lower bounds on the hop count of p(u, v) (shortest in hops, per the FabricGraph contract) for the bounds,
 * from facts checked once on the fabric — never from per-pair searches:
 * - `layered`: no switch link joins two access switches and every server has a single link, to an access
 *   switch (a path between switches never transits a server). Then every switch link of an access switch a is one of
 *   its up-links, and two distinct access switches are ≥ 2 hops apart (exactly 2 when they share an
 *   up-neighbour).
 * - `parity`: moreover every switch link joins levels of odd difference (fat-trees: access–aggregation–
 *   core). Then levels 2-colour the switch graph, so d(a, n) has the parity of level(n) for access a:
 *   access switches without a common up-neighbour are ≥ 4 apart; an odd-level switch not adjacent to a
 *   is ≥ 3 away; an even-level one is ≥ 2 away.
 * Without `layered` the only bound used is d ≥ 1 for distinct switches.
 *
 * @example
 * const hops = new HopBounds(clos);
 * hops.between(a, b); // 0, 2, 3 or 4 (a lower bound on d(a, b) between access switches)
 */
export class HopBounds {
  readonly layered: boolean;
  readonly parity: boolean;
  private readonly shared = new Map<number, boolean>();
  private readonly stamp: Int32Array;
  private epoch = 0;

  constructor(private readonly clos: ClosIndex) {
    const { graph, level } = clos;
    const S = clos.switchCount;
    let layered = true, parity = true;
    const csr = hasCsr(graph) ? graph : undefined;
    for (let v = 0; v < graph.nodeCount && layered; v++) {
      const from = csr ? csr.adjStart[v] : 0;
      const to = csr ? csr.adjStart[v + 1] : graph.neighbours(v).length;
      if (v >= S) {
        // A server hangs off exactly one switch, of level 0 (so footprints are access switches).
        const u = to - from === 1 ? (csr ? csr.adjNode[from] : graph.neighbours(v)[0].node) : -1;
        if (u < 0 || u >= S || level[u] !== 0) layered = false;
        continue;
      }
      for (let j = from; j < to; j++) {
        const u = csr ? csr.adjNode[j] : graph.neighbours(v)[j].node;
        if (u >= S) continue;
        if (level[v] === 0 && level[u] === 0) { layered = false; break; }
        if ((level[v] + level[u]) % 2 === 0) parity = false;
      }
    }
    this.layered = layered;
    this.parity = layered && parity;
    this.stamp = new Int32Array(S);
  }

  /** True when access switches a ≠ b share an up-neighbour (d(a, b) = 2 on a layered fabric). */
  commonUp(a: number, b: number): boolean {
    const ca = this.clos.ancestorClass(1, a), cb = this.clos.ancestorClass(1, b);
    if (ca >= 0 && ca === cb) return true;
    if (ca < 0 || cb < 0) return false;
    const key = ca < cb ? ca * 1_000_003 + cb : cb * 1_000_003 + ca;
    let hit = this.shared.get(key);
    if (hit === undefined) {
      const epoch = ++this.epoch;
      for (const n of this.clos.classes[ca]) this.stamp[n] = epoch;
      hit = false;
      for (const n of this.clos.classes[cb]) if (this.stamp[n] === epoch) { hit = true; break; }
      this.shared.set(key, hit);
    }
    return hit;
  }

  /** Lower bound on d(a, b) for access switches a, b. */
  between(a: number, b: number): number {
    if (a === b) return 0;
    if (!this.layered) return 1;
    if (this.commonUp(a, b)) return 2;
    return this.parity ? 4 : 3;
  }
}

import type { FabricCsr } from './fabric-csr';

/**
 * A path p(s, t) as node and link indices.
 *
 * @example
 * const p: NodePath = { nodes: [4, 1, 0], links: [3, 0] };
 */
export interface NodePath {
  nodes: number[];
  links: number[];
}

/**
 * Shortest-hop path search with the contract's tie-break (the lexicographically smallest sequence of
 * node names among equal-length paths), by a bidirectional breadth-first search.
 *
 * Why bidirectional: on a k = 90 fat-tree a one-sided BFS from a server touches most of the
 * ~450k links before it reaches a server in another pod; meeting in the middle (at the core layer)
 * touches a few thousand. Both sides grow whole layers, so when they first meet, d(s, t) = hs + ht
 * and every node of a shortest path is known with its distance from s (first hs hops) or to t.
 * The tie-break then is a greedy walk from s: adjacency lists are sorted by name, so the first
 * neighbour that stays on a shortest path is the lexicographically smallest choice.
 *
 * Scratch arrays are allocated once per graph and reused (epoch stamps instead of clearing), so a
 * search is not re-entrant — fine in single-threaded JS, where a search never yields.
 *
 * @example
 * const search = new ShortestPathSearch(csr);
 * search.find(0, 5); // { nodes: [0, 2, 5], links: [1, 4] } or undefined if unreachable
 */
export class ShortestPathSearch {
  private readonly csr: FabricCsr;
  private epoch = 0;
  private seenS: Int32Array;
  private seenT: Int32Array;
  private distS: Int32Array;
  private distT: Int32Array;
  private onPath: Int32Array;
  private queueS: Int32Array;
  private queueT: Int32Array;

  constructor(csr: FabricCsr) {
    this.csr = csr;
    const n = csr.nodeCount;
    this.seenS = new Int32Array(n);
    this.seenT = new Int32Array(n);
    this.distS = new Int32Array(n);
    this.distT = new Int32Array(n);
    this.onPath = new Int32Array(n);
    this.queueS = new Int32Array(n);
    this.queueT = new Int32Array(n);
  }

  /** p(s, t), or undefined when t is unreachable from s. */
  find(s: number, t: number): NodePath | undefined {
    if (s === t) return { nodes: [s], links: [] };
    const epoch = this.nextEpoch();
    const { adjStart, adjNode } = this.csr;
    const { seenS, seenT, distS, distT, queueS, queueT } = this;

    seenS[s] = epoch; distS[s] = 0; queueS[0] = s;
    seenT[t] = epoch; distT[t] = 0; queueT[0] = t;
    // Frontier of each side = queue[begin, end); layerStartsS[i] = first queue index of s-layer i.
    let beginS = 0, endS = 1, depthS = 0;
    let beginT = 0, endT = 1, depthT = 0;
    const layerStartsS: number[] = [0];
    let met = false;

    function expand(queue: Int32Array, begin: number, end: number, depth: number,
      seen: Int32Array, dist: Int32Array, otherSeen: Int32Array): number {
      let tail = end;
      for (let i = begin; i < end; i++) {
        const u = queue[i];
        for (let j = adjStart[u], stop = adjStart[u + 1]; j < stop; j++) {
          const v = adjNode[j];
          if (seen[v] === epoch) continue;
          seen[v] = epoch;
          dist[v] = depth + 1;
          queue[tail++] = v;
          if (otherSeen[v] === epoch) met = true;
        }
      }
      return tail;
    }

    while (!met) {
      if (endS - beginS <= endT - beginT) {
        const tail = expand(queueS, beginS, endS, depthS, seenS, distS, seenT);
        if (tail === endS) return undefined;
        beginS = endS; endS = tail; depthS++;
        layerStartsS.push(beginS);
      } else {
        const tail = expand(queueT, beginT, endT, depthT, seenT, distT, seenS);
        if (tail === endT) return undefined;
        beginT = endT; endT = tail; depthT++;
      }
    }
    layerStartsS.push(endS);
    return this.walk(s, depthS, depthT, layerStartsS, epoch);
  }

  /** Marks the s-side nodes that lie on some shortest path, then walks greedily from s. */
  private walk(s: number, hs: number, ht: number, layerStartsS: number[], epoch: number): NodePath {
    const { adjStart, adjNode, adjLink } = this.csr;
    const { seenS, seenT, distS, distT, onPath, queueS } = this;
    const d = hs + ht;

    for (let i = layerStartsS[hs]; i < layerStartsS[hs + 1]; i++) {
      const v = queueS[i];
      if (seenT[v] === epoch && distT[v] === ht) onPath[v] = epoch;
    }
    for (let layer = hs - 1; layer >= 0; layer--) {
      for (let i = layerStartsS[layer]; i < layerStartsS[layer + 1]; i++) {
        const u = queueS[i];
        for (let j = adjStart[u], stop = adjStart[u + 1]; j < stop; j++) {
          const v = adjNode[j];
          if (onPath[v] === epoch && seenS[v] === epoch && distS[v] === layer + 1) {
            onPath[u] = epoch;
            break;
          }
        }
      }
    }

    const nodes = [s];
    const links: number[] = [];
    let u = s;
    for (let step = 0; step < d; step++) {
      const next = step + 1;
      let chosen = -1;
      for (let j = adjStart[u], stop = adjStart[u + 1]; j < stop; j++) {
        const v = adjNode[j];
        const ok = next <= hs
          ? onPath[v] === epoch && seenS[v] === epoch && distS[v] === next
          : seenT[v] === epoch && distT[v] === d - next;
        if (ok) { chosen = j; break; }
      }
      u = adjNode[chosen];
      nodes.push(u);
      links.push(adjLink[chosen]);
    }
    return { nodes, links };
  }

  private nextEpoch(): number {
    if (this.epoch >= 0x7ffffffe) {
      for (const a of [this.seenS, this.seenT, this.onPath]) a.fill(0);
      this.epoch = 0;
    }
    return ++this.epoch;
  }
}

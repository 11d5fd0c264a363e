import type { FabricTopology } from './fabric-graph';
import { hasCsr } from './fabric-csr';

/**
 * Hop distance from one node to every node (one breadth-first search, O(|N| + |E|)); -1 marks an
 * unreachable node. Cheaper than |N| path queries when a caller needs distances from one source to
 * many targets (e.g. a candidate switch n_i to every pod of Q(r) ∪ K(r)).
 *
 * @example
 * const dist = hopDistancesFrom(g, g.indexOf('core1')!);
 * dist[g.indexOf('server1')!]; // 2
 */
export function hopDistancesFrom(graph: FabricTopology, source: number): Int32Array {
  const n = graph.nodeCount;
  if (!Number.isInteger(source) || source < 0 || source >= n) {
    throw new RangeError(`node ${source} is not in [0, ${n})`);
  }
  const dist = new Int32Array(n).fill(-1);
  const queue = new Int32Array(n);
  dist[source] = 0;
  queue[0] = source;
  let head = 0, tail = 1;
  if (hasCsr(graph)) {
    const { adjStart, adjNode } = graph;
    while (head < tail) {
      const u = queue[head++];
      const next = dist[u] + 1;
      for (let j = adjStart[u], stop = adjStart[u + 1]; j < stop; j++) {
        const v = adjNode[j];
        if (dist[v] < 0) { dist[v] = next; queue[tail++] = v; }
      }
    }
    return dist;
  }
  while (head < tail) {
    const u = queue[head++];
    for (const { node: v } of graph.neighbours(u)) {
      if (dist[v] < 0) { dist[v] = dist[u] + 1; queue[tail++] = v; }
    }
  }
  return dist;
}

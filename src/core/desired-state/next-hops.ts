import type { FabricGraph } from '../fabric/fabric-graph';

/**
 * For one switch n, the first hop of p(n, t) toward every other node t, in one BFS: among all shortest
 * paths, the one whose node-name sequence is lexicographically smallest starts with the smallest-named
 * neighbour that lies on any shortest path — the FabricGraph tie-break, so routes agree with p(s, t)
 * hop by hop (a suffix of a lexicographically smallest shortest path is itself one: loop-free).
 *
 * Returns an Int32Array indexed by node: the neighbour node index, or -1 for n itself and unreachable nodes.
 * O(V + E) per switch; never an all-pairs matrix.
 *
 * @example
 * const hops = firstHops(g, g.indexOf('access1')!);
 * g.nameOf(hops[g.indexOf('server4')!]); // 'core1'
 */
export function firstHops(graph: FabricGraph, from: number): Int32Array {
  const n = graph.nodeCount;
  const dist = new Int32Array(n).fill(-1);
  const hop = new Int32Array(n).fill(-1);
  const queue = new Int32Array(n);
  let head = 0;
  let tail = 0;
  dist[from] = 0;
  queue[tail++] = from;
  while (head < tail) {
    const u = queue[head++];
    const du = dist[u];
    for (const { node: v } of graph.neighbours(u)) {
      // The hop a path through u brings to v: u itself when u is the source's neighbour.
      const viaU = u === from ? v : hop[u];
      if (dist[v] === -1) {
        dist[v] = du + 1;
        hop[v] = viaU;
        queue[tail++] = v;
      } else if (dist[v] === du + 1 && viaU !== hop[v] && graph.nameOf(viaU) < graph.nameOf(hop[v])) {
        hop[v] = viaU;
      }
    }
  }
  return hop;
}

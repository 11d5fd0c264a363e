import type { FabricDocument } from '../../../src/core/fabric/types';

/**
 * Brute-force reference for p(s, t), independent of the implementation: plain adjacency from the document,
 * BFS distances, then enumeration of EVERY shortest path and a direct lexicographic comparison of the
 * name sequences. Exponential in general; fine for the small fabrics of the tests.
 */
export function referencePath(doc: FabricDocument, from: string, to: string): string[] | undefined {
  const adj = new Map<string, string[]>();
  for (const n of [...doc.switches.map((s) => s.name), ...doc.servers.map((s) => s.name)]) adj.set(n, []);
  for (const l of doc.links) {
    if (l.a === l.b || !adj.has(l.a) || !adj.has(l.b)) continue;
    adj.get(l.a)!.push(l.b);
    adj.get(l.b)!.push(l.a);
  }
  const dist = new Map<string, number>([[to, 0]]);
  const queue = [to];
  for (let i = 0; i < queue.length; i++) {
    for (const v of adj.get(queue[i])!) {
      if (!dist.has(v)) { dist.set(v, dist.get(queue[i])! + 1); queue.push(v); }
    }
  }
  if (!dist.has(from)) return undefined;
  const all: string[][] = [];
  function enumerate(path: string[]): void {
    const u = path[path.length - 1];
    if (u === to) { all.push([...path]); return; }
    for (const v of new Set(adj.get(u)!)) {
      if (dist.get(v) === dist.get(u)! - 1) { path.push(v); enumerate(path); path.pop(); }
    }
  }
  enumerate([from]);
  all.sort(function lexicographic(x, y) {
    for (let i = 0; i < Math.min(x.length, y.length); i++) {
      if (x[i] !== y[i]) return x[i] < y[i] ? -1 : 1;
    }
    return x.length - y.length;
  });
  return all[0];
}

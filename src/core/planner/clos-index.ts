import type { FabricTopology } from '../fabric/fabric-graph';
import { hasCsr } from '../fabric/fabric-csr';

/** Cached mid tables (one Int32Array per depth-1 class); beyond this, mids are recomputed (irregular fabrics). */
const MID_TABLES = 256;

const LEVEL: Record<string, number> = { access: 0, aggregation: 1, core: 2 };

/**
 * The CLOS structure the planner exploits instead of all-pairs paths: switch levels, upward adjacency,
 * shared ancestor classes (the switches d hops above an access switch; every edge of one fat-tree pod
 * shares one such class, and all edges share the class of all cores), and the "mid" switch of a two-hop
 * up-path a → m → n (the first m by name, as the fabric's path tie-break chooses).
 *
 * Memory is linear in the fabric: a class is stored once and shared by every rule that uses it.
 *
 * @example
 * const clos = buildClosIndex(buildFabricGraph(fatTreeFabric({ k: 4, serversPerEdge: 2 })));
 * clos.ancestorClass(1, clos.indexOfNode('edge-1-1')); // class id of the aggregation switches of pod 1
 */
export interface ClosIndex {
  readonly graph: FabricTopology;
  readonly switchCount: number;
  readonly linkCount: number;
  /** 0 access, 1 aggregation, 2 core, per switch. */
  readonly level: Uint8Array;
  /** Up-neighbours (higher level) of each switch in name order: upNode[upStart[u] .. upStart[u+1]). */
  readonly upStart: Int32Array;
  readonly upNode: Int32Array;
  readonly upLink: Int32Array;
  /** Per server (index − switchCount): its access switch and the link to it. */
  readonly serverAccess: Int32Array;
  readonly serverLink: Int32Array;
  readonly linkBase: Float64Array;
  readonly linkBandwidth: Float64Array;
  /** Candidate classes: sorted switch-index arrays, shared. */
  readonly classes: Int32Array[];
  readonly classDepth: number[];
  indexOfNode(name: string): number;
  /** Class of the switches exactly `depth` up-hops above access switch a (depth 0: {a}); -1 if none. */
  ancestorClass(depth: number, a: number): number;
  /** Interns a sorted switch array as a class. */
  internClass(members: Int32Array, depth: number): number;
  /** Link joining u and its up-neighbour v, or -1. */
  upLinkBetween(u: number, v: number): number;
  /** For access a and a depth-2 ancestor n: the link a→m, then m→n, written to out[0], out[1]. */
  twoHopLinks(a: number, n: number, out: Int32Array): void;
}

/**
 * Builds the {@link ClosIndex} of a fabric graph in time linear in its size.
 *
 * @example
 * const clos = buildClosIndex(g);
 */
export function buildClosIndex(graph: FabricTopology): ClosIndex {
  const S = graph.switchCount;
  const level = new Uint8Array(S);
  for (let n = 0; n < S; n++) level[n] = LEVEL[graph.roleOf(n) ?? 'access'] ?? 0;
  const { adjStart, adjNode, adjLink } = csrOf(graph);

  const upStart = new Int32Array(S + 1);
  for (let u = 0; u < S; u++) {
    let c = 0;
    for (let j = adjStart[u]; j < adjStart[u + 1]; j++) {
      const v = adjNode[j];
      if (v < S && level[v] > level[u]) c++;
    }
    upStart[u + 1] = upStart[u] + c;
  }
  const upNode = new Int32Array(upStart[S]);
  const upLink = new Int32Array(upStart[S]);
  for (let u = 0, k = 0; u < S; u++) {
    for (let j = adjStart[u]; j < adjStart[u + 1]; j++) {
      const v = adjNode[j];
      if (v < S && level[v] > level[u]) { upNode[k] = v; upLink[k++] = adjLink[j]; }
    }
  }

  const serverCount = graph.nodeCount - S;
  const serverAccess = new Int32Array(serverCount).fill(-1);
  const serverLink = new Int32Array(serverCount).fill(-1);
  for (let i = 0; i < serverCount; i++) {
    const s = S + i;
    const a = graph.accessSwitchOf(s);
    serverAccess[i] = a;
    for (let j = adjStart[s]; j < adjStart[s + 1]; j++) {
      if (adjNode[j] === a) { serverLink[i] = adjLink[j]; break; }
    }
  }

  const L = graph.linkCount;
  // Share the graph's typed link columns when it has them (453,600 links at k = 90: 7 MB not copied).
  const columns = graph as FabricTopology & { linkBaseLatencyUs?: Float64Array; linkBandwidthGbps?: Float64Array };
  let linkBase: Float64Array, linkBandwidth: Float64Array;
  if (columns.linkBaseLatencyUs instanceof Float64Array && columns.linkBandwidthGbps instanceof Float64Array) {
    linkBase = columns.linkBaseLatencyUs;
    linkBandwidth = columns.linkBandwidthGbps;
  } else {
    linkBase = new Float64Array(L);
    linkBandwidth = new Float64Array(L);
    for (let l = 0; l < L; l++) {
      const link = graph.link(l);
      linkBase[l] = link.baseLatencyUs;
      linkBandwidth[l] = link.bandwidthGbps;
    }
  }

  const classes: Int32Array[] = [];
  const classDepth: number[] = [];
  const classByKey = new Map<string, number>();
  function internClass(members: Int32Array, depth: number): number {
    const key = `${depth}:${members.join(',')}`;
    let id = classByKey.get(key);
    if (id === undefined) {
      id = classes.length;
      classes.push(members);
      classDepth.push(depth);
      classByKey.set(key, id);
    }
    return id;
  }

  // Ancestor classes per access switch, computed once per distinct depth-1 class (all edges of a pod share it).
  const anc = [new Int32Array(S).fill(-1), new Int32Array(S).fill(-1), new Int32Array(S).fill(-1)];
  const depth2ByDepth1 = new Map<number, number>();
  const stamp = new Int32Array(S);
  let epoch = 0;
  for (let a = 0; a < S; a++) {
    if (level[a] !== 0) continue;
    anc[0][a] = internClass(Int32Array.of(a), 0);
    const up1 = sortedUnique(upNode.subarray(upStart[a], upStart[a + 1]));
    if (up1.length === 0) continue;
    const c1 = internClass(up1, 1);
    anc[1][a] = c1;
    let c2 = depth2ByDepth1.get(c1);
    if (c2 === undefined) {
      epoch++;
      const out: number[] = [];
      for (const g of up1) {
        for (let j = upStart[g]; j < upStart[g + 1]; j++) {
          const v = upNode[j];
          if (stamp[v] !== epoch) { stamp[v] = epoch; out.push(v); }
        }
      }
      c2 = out.length ? internClass(Int32Array.from(out).sort(), 2) : -1;
      depth2ByDepth1.set(c1, c2);
    }
    anc[2][a] = c2;
  }

  function upLinkBetween(u: number, v: number): number {
    for (let j = upStart[u], stop = upStart[u + 1]; j < stop; j++) if (upNode[j] === v) return upLink[j];
    return -1;
  }

  // mid(a, n) depends only on a's depth-1 class and n; every access switch of a class lists its up-neighbours
  // in the same (name) order, so the table keeps m's position in that list and the link m → n.
  const topIndex = new Int32Array(S).fill(-1);
  let topCount = 0;
  for (let n = 0; n < S; n++) if (level[n] === 2) topIndex[n] = topCount++;
  const midCache: Array<{ pos: Int32Array; mid: Int32Array; link2: Int32Array } | undefined> = [];
  let midTables = 0;
  function twoHopLinks(a: number, n: number, out: Int32Array): void {
    const c1 = anc[1][a];
    let table = midCache[c1];
    if (table === undefined && midTables < MID_TABLES) {
      table = { pos: new Int32Array(topCount).fill(-1), mid: new Int32Array(topCount), link2: new Int32Array(topCount) };
      midCache[c1] = table;
      midTables++;
    }
    const base = upStart[a];
    const t = topIndex[n];
    const p = table && t >= 0 ? table.pos[t] : -1;
    if (p >= 0 && base + p < upStart[a + 1] && upNode[base + p] === table!.mid[t]) {
      out[0] = upLink[base + p];
      out[1] = table!.link2[t];
      return;
    }
    for (let j = base; j < upStart[a + 1]; j++) {
      const l2 = upLinkBetween(upNode[j], n);
      if (l2 >= 0) {
        out[0] = upLink[j];
        out[1] = l2;
        if (table && t >= 0) { table.pos[t] = j - base; table.mid[t] = upNode[j]; table.link2[t] = l2; }
        return;
      }
    }
    out[0] = -1;
    out[1] = -1;
  }

  return {
    graph, switchCount: S, linkCount: L, level, upStart, upNode, upLink, serverAccess, serverLink,
    linkBase, linkBandwidth, classes, classDepth,
    indexOfNode(name: string): number { return graph.indexOf(name) ?? -1; },
    ancestorClass(depth: number, a: number): number { return depth <= 2 ? anc[depth][a] : -1; },
    internClass, upLinkBetween, twoHopLinks,
  };
}

function sortedUnique(xs: Int32Array): Int32Array {
  const sorted = Int32Array.from(xs).sort();
  let k = 0;
  for (let i = 0; i < sorted.length; i++) if (i === 0 || sorted[i] !== sorted[i - 1]) sorted[k++] = sorted[i];
  return sorted.slice(0, k);
}

function csrOf(graph: FabricTopology): { adjStart: Int32Array; adjNode: Int32Array; adjLink: Int32Array } {
  if (hasCsr(graph)) {
    const g = graph as FabricTopology & { adjLink?: Int32Array };
    if (g.adjLink instanceof Int32Array) return { adjStart: graph.adjStart, adjNode: graph.adjNode, adjLink: g.adjLink };
  }
  const adjStart = new Int32Array(graph.nodeCount + 1);
  const nodes: number[] = [];
  const links: number[] = [];
  for (let v = 0; v < graph.nodeCount; v++) {
    for (const { node, link } of graph.neighbours(v)) { nodes.push(node); links.push(link); }
    adjStart[v + 1] = nodes.length;
  }
  return { adjStart, adjNode: Int32Array.from(nodes), adjLink: Int32Array.from(links) };
}

import type { FabricGraph } from './fabric-graph';
import type { FabricCsr } from './fabric-csr';
import type { FabricDocument, SwitchRole } from './types';
import { ShortestPathSearch } from './shortest-path';

const ROLES: readonly SwitchRole[] = ['access', 'aggregation', 'core'];
const NO_ROLE = 255;

/**
 * A link as the graph sees it: endpoint node indices (-1 when the document names an unknown node).
 *
 * @example
 * const { a, b, baseLatencyUs }: GraphLink = g.link(0);
 */
export interface GraphLink {
  a: number;
  b: number;
  bandwidthGbps: number;
  baseLatencyUs: number;
}

/**
 * The {@link FabricGraph} built by {@link buildFabricGraph}: the contract plus the CSR arrays
 * ({@link FabricCsr}) and typed per-link columns for hot loops (planner, latency model).
 *
 * @example
 * const g = buildFabricGraph(doc);
 * g.path(g.indexOf('server1')!, g.indexOf('server4')!).nodes.map((n) => g.nameOf(n));
 */
export class IndexedFabricGraph implements FabricGraph, FabricCsr {
  readonly doc: FabricDocument;
  readonly nodeCount: number;
  readonly switchCount: number;
  readonly linkCount: number;
  readonly adjStart: Int32Array;
  readonly adjNode: Int32Array;
  readonly adjLink: Int32Array;
  /** Endpoint columns per link; -1 for a name the document does not define. */
  readonly linkA: Int32Array;
  readonly linkB: Int32Array;
  readonly linkBandwidthGbps: Float64Array;
  readonly linkBaseLatencyUs: Float64Array;
  private readonly names: string[];
  private readonly index: Map<string, number>;
  private readonly roles: Uint8Array;
  private readonly access: Int32Array;
  private readonly neighbourCache: Array<ReadonlyArray<{ node: number; link: number }> | undefined>;
  private search: ShortestPathSearch | undefined;

  /** Use {@link buildFabricGraph}. */
  constructor(parts: {
    doc: FabricDocument; names: string[]; index: Map<string, number>; roles: Uint8Array; access: Int32Array;
    adjStart: Int32Array; adjNode: Int32Array; adjLink: Int32Array;
    linkA: Int32Array; linkB: Int32Array; linkBandwidthGbps: Float64Array; linkBaseLatencyUs: Float64Array;
  }) {
    this.doc = parts.doc;
    this.names = parts.names;
    this.index = parts.index;
    this.roles = parts.roles;
    this.access = parts.access;
    this.adjStart = parts.adjStart;
    this.adjNode = parts.adjNode;
    this.adjLink = parts.adjLink;
    this.linkA = parts.linkA;
    this.linkB = parts.linkB;
    this.linkBandwidthGbps = parts.linkBandwidthGbps;
    this.linkBaseLatencyUs = parts.linkBaseLatencyUs;
    this.nodeCount = parts.names.length;
    this.switchCount = parts.doc.switches.length;
    this.linkCount = parts.doc.links.length;
    this.neighbourCache = new Array(this.nodeCount);
  }

  indexOf(name: string): number | undefined {
    return this.index.get(name);
  }

  nameOf(node: number): string {
    this.check(node);
    return this.names[node];
  }

  isSwitch(node: number): boolean {
    this.check(node);
    return node < this.switchCount;
  }

  roleOf(node: number): SwitchRole | undefined {
    this.check(node);
    const code = this.roles[node];
    return code === NO_ROLE ? undefined : ROLES[code];
  }

  /** -1 for a server whose access switch the document does not define (an invalid fabric). */
  accessSwitchOf(node: number): number {
    this.check(node);
    return this.access[node];
  }

  neighbours(node: number): ReadonlyArray<{ node: number; link: number }> {
    this.check(node);
    let list = this.neighbourCache[node];
    if (list === undefined) {
      const out: { node: number; link: number }[] = [];
      for (let j = this.adjStart[node]; j < this.adjStart[node + 1]; j++) {
        out.push(Object.freeze({ node: this.adjNode[j], link: this.adjLink[j] }));
      }
      list = Object.freeze(out);
      this.neighbourCache[node] = list;
    }
    return list;
  }

  link(link: number): GraphLink {
    if (!Number.isInteger(link) || link < 0 || link >= this.linkCount) {
      throw new RangeError(`link ${link} is not in [0, ${this.linkCount})`);
    }
    return {
      a: this.linkA[link], b: this.linkB[link],
      bandwidthGbps: this.linkBandwidthGbps[link], baseLatencyUs: this.linkBaseLatencyUs[link],
    };
  }

  /** p(s, t) per the contract; `{ nodes: [], links: [] }` when t is unreachable (only in an invalid, disconnected fabric). */
  path(from: number, to: number): { nodes: number[]; links: number[] } {
    this.check(from);
    this.check(to);
    this.search ??= new ShortestPathSearch(this);
    return this.search.find(from, to) ?? { nodes: [], links: [] };
  }

  private check(node: number): void {
    if (!Number.isInteger(node) || node < 0 || node >= this.nodeCount) {
      throw new RangeError(`node ${node} is not in [0, ${this.nodeCount})`);
    }
  }
}

/**
 * Builds the indexed graph G = (N, E) of a fabric (contract: `./fabric-graph`): switches then servers
 * as nodes, links in document order, adjacency sorted by neighbour name (JS string order: UTF-16 code
 * units, i.e. byte order for the ASCII names the schema allows). Linear in the fabric size
 * plus one sort of the node names; no all-pairs state. Expects a fabric that passed `validateFabric`;
 * on an invalid one it still builds (first of duplicate names wins, links naming unknown nodes and
 * self-loops are not traversable).
 *
 * @example
 * const g = buildFabricGraph(testbedFabric());
 * g.path(g.indexOf('server1')!, g.indexOf('server4')!).nodes.map((n) => g.nameOf(n));
 * // ['server1', 'access1', 'core1', 'access2', 'server4']
 */
export function buildFabricGraph(doc: FabricDocument): IndexedFabricGraph {
  const switchCount = doc.switches.length;
  const nodeCount = switchCount + doc.servers.length;
  const names: string[] = new Array(nodeCount);
  const index = new Map<string, number>();
  const roles = new Uint8Array(nodeCount).fill(NO_ROLE);
  const access = new Int32Array(nodeCount);

  for (let i = 0; i < switchCount; i++) {
    const sw = doc.switches[i];
    names[i] = sw.name;
    if (!index.has(sw.name)) index.set(sw.name, i);
    const code = ROLES.indexOf(sw.role);
    roles[i] = code < 0 ? NO_ROLE : code;
    access[i] = i;
  }
  for (let k = 0; k < doc.servers.length; k++) {
    const i = switchCount + k;
    names[i] = doc.servers[k].name;
    if (!index.has(names[i])) index.set(names[i], i);
  }
  for (let k = 0; k < doc.servers.length; k++) {
    const sw = index.get(doc.servers[k].accessSwitch);
    access[switchCount + k] = sw !== undefined && sw < switchCount ? sw : -1;
  }

  const linkCount = doc.links.length;
  const linkA = new Int32Array(linkCount);
  const linkB = new Int32Array(linkCount);
  const linkBandwidthGbps = new Float64Array(linkCount);
  const linkBaseLatencyUs = new Float64Array(linkCount);
  const degree = new Int32Array(nodeCount + 1);
  for (let l = 0; l < linkCount; l++) {
    const link = doc.links[l];
    const a = index.get(link.a) ?? -1;
    const b = index.get(link.b) ?? -1;
    linkA[l] = a;
    linkB[l] = b;
    linkBandwidthGbps[l] = link.bandwidthGbps;
    linkBaseLatencyUs[l] = link.baseLatencyUs;
    if (a >= 0 && b >= 0 && a !== b) { degree[a]++; degree[b]++; }
  }

  const { adjStart, adjNode, adjLink } = sortedAdjacency(names, degree, linkA, linkB);
  return new IndexedFabricGraph({
    doc, names, index, roles, access, adjStart, adjNode, adjLink,
    linkA, linkB, linkBandwidthGbps, linkBaseLatencyUs,
  });
}

/**
 * CSR adjacency ordered by neighbour name: one global sort of the names, then a counting pass that
 * visits neighbours in name order, so no per-node sort is needed.
 */
function sortedAdjacency(names: string[], degree: Int32Array, linkA: Int32Array, linkB: Int32Array) {
  const nodeCount = names.length;
  const adjStart = new Int32Array(nodeCount + 1);
  for (let v = 0; v < nodeCount; v++) adjStart[v + 1] = adjStart[v] + degree[v];
  const total = adjStart[nodeCount];

  // Incident links per node, in link order (so parallel links end up ordered by link index).
  const incident = new Int32Array(total);
  const fill = adjStart.slice(0, nodeCount);
  for (let l = 0; l < linkA.length; l++) {
    const a = linkA[l], b = linkB[l];
    if (a < 0 || b < 0 || a === b) continue;
    incident[fill[a]++] = l;
    incident[fill[b]++] = l;
  }

  const order = new Int32Array(nodeCount);
  for (let v = 0; v < nodeCount; v++) order[v] = v;
  order.sort(function byName(x, y) {
    const nx = names[x], ny = names[y];
    return nx < ny ? -1 : nx > ny ? 1 : x - y;
  });

  const adjNode = new Int32Array(total);
  const adjLink = new Int32Array(total);
  fill.set(adjStart.subarray(0, nodeCount));
  for (let r = 0; r < nodeCount; r++) {
    const v = order[r];
    for (let j = adjStart[v]; j < adjStart[v + 1]; j++) {
      const l = incident[j];
      const u = linkA[l] === v ? linkB[l] : linkA[l];
      adjNode[fill[u]] = v;
      adjLink[fill[u]++] = l;
    }
  }
  return { adjStart, adjNode, adjLink };
}

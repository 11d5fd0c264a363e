import type { FabricLink, FabricServer, FabricSwitch } from './types';

const ROLE_CODE: Record<string, number> = { access: 0, aggregation: 1, core: 2 };
/**
 * Role code of a node without one (servers, unknown roles) in `TopologyParts.roles`.
 *
 * @example
 * parts.roles[serverNode] === NO_ROLE; // true
 */
export const NO_ROLE = 255;
/**
 * `serverKind` code of an ordinary mesh server.
 *
 * @example
 * topology.serverKind[node - topology.switchCount] === SERVER_MESH;
 */
export const SERVER_MESH = 0;
/**
 * `serverKind` code of the Canal gateway server (`FabricServer.kind === 'gateway'`).
 *
 * @example
 * const gw = topology.serverKind.indexOf(SERVER_GATEWAY); // server index, or -1
 */
export const SERVER_GATEWAY = 1;

/**
 * The typed parts of an indexed fabric graph: names, the CSR adjacency (ordered by neighbour name),
 * per-link columns, and the few per-entity numbers the planner reads (M_n, server kinds), with no
 * per-link or per-server objects.
 *
 * @example
 * const parts: TopologyParts = new FabricTopologyBuilder().addSwitches(doc.switches).parts();
 */
export interface TopologyParts {
  names: string[];
  index: Map<string, number>;
  roles: Uint8Array;
  access: Int32Array;
  adjStart: Int32Array;
  adjNode: Int32Array;
  adjLink: Int32Array;
  linkA: Int32Array;
  linkB: Int32Array;
  linkBandwidthGbps: Float64Array;
  linkBaseLatencyUs: Float64Array;
  switchCount: number;
  linkCount: number;
  /** M_n per switch (session entries). */
  sramCapacity: Float64Array;
  /** T_SRAM per switch. */
  sramThreshold: Float64Array;
  /** Per server (index − switchCount): {@link SERVER_MESH} or {@link SERVER_GATEWAY}. */
  serverKind: Uint8Array;
}

/**
 * Builds a fabric's {@link TopologyParts} from its entity sections fed in storage order (all switches,
 * then all servers, then all links; pods are not needed), one batch at a time: a caller reading the
 * stored fabric chunk by chunk never holds the whole document (at k = 90: ~47 MB of objects, of which
 * 453,600 link objects). Semantics as `buildFabricGraph`: first of duplicate names wins, links naming
 * unknown nodes and self-loops are kept as links but not traversable.
 *
 * @example
 * const b = new FabricTopologyBuilder({ switches: 4, servers: 5, links: 12 });
 * b.addSwitches(doc.switches); b.addServers(doc.servers); b.addLinks(doc.links);
 * const topology = new IndexedFabricTopology(b.parts());
 */
export class FabricTopologyBuilder {
  private readonly names: string[] = [];
  private readonly index = new Map<string, number>();
  private roles: number[] = [];
  private access: number[] = [];
  private sram: number[] = [];
  private threshold: number[] = [];
  private kinds: number[] = [];
  private switchCount = 0;
  private linkCount = 0;
  private linkA: Int32Array;
  private linkB: Int32Array;
  private linkBw: Float64Array;
  private linkLat: Float64Array;
  private phase: 0 | 1 | 2 = 0;

  /** `expected` counts presize the link columns (optional; they grow as needed). */
  constructor(expected: { switches?: number; servers?: number; links?: number } = {}) {
    const links = Math.max(16, expected.links ?? 0);
    this.linkA = new Int32Array(links);
    this.linkB = new Int32Array(links);
    this.linkBw = new Float64Array(links);
    this.linkLat = new Float64Array(links);
  }

  /** Appends switches (before any server or link). */
  addSwitches(items: ReadonlyArray<FabricSwitch>): this {
    if (this.phase !== 0) throw new Error('FabricTopologyBuilder: switches must come before servers and links');
    for (const sw of items) {
      const i = this.names.length;
      this.names.push(sw.name);
      if (!this.index.has(sw.name)) this.index.set(sw.name, i);
      this.roles.push(ROLE_CODE[sw.role] ?? NO_ROLE);
      this.access.push(i);
      this.sram.push(sw.sramCapacity);
      this.threshold.push(sw.sramThreshold);
    }
    this.switchCount = this.names.length;
    return this;
  }

  /** Appends servers (after all switches, before any link). */
  addServers(items: ReadonlyArray<FabricServer>): this {
    if (this.phase > 1) throw new Error('FabricTopologyBuilder: servers must come before links');
    this.phase = 1;
    for (const server of items) {
      const i = this.names.length;
      this.names.push(server.name);
      if (!this.index.has(server.name)) this.index.set(server.name, i);
      this.roles.push(NO_ROLE);
      const sw = this.index.get(server.accessSwitch);
      this.access.push(sw !== undefined && sw < this.switchCount ? sw : -1);
      this.kinds.push(server.kind === 'gateway' ? SERVER_GATEWAY : SERVER_MESH);
    }
    return this;
  }

  /** Appends links (after all switches and servers). */
  addLinks(items: ReadonlyArray<FabricLink>): this {
    this.phase = 2;
    for (const link of items) {
      if (this.linkCount === this.linkA.length) this.grow();
      const l = this.linkCount++;
      this.linkA[l] = this.index.get(link.a) ?? -1;
      this.linkB[l] = this.index.get(link.b) ?? -1;
      this.linkBw[l] = link.bandwidthGbps;
      this.linkLat[l] = link.baseLatencyUs;
    }
    return this;
  }

  /** The finished parts (the builder should not be used afterwards). */
  parts(): TopologyParts {
    const nodeCount = this.names.length;
    const L = this.linkCount;
    const linkA = this.linkA.length === L ? this.linkA : this.linkA.slice(0, L);
    const linkB = this.linkB.length === L ? this.linkB : this.linkB.slice(0, L);
    const degree = new Int32Array(nodeCount + 1);
    for (let l = 0; l < L; l++) {
      const a = linkA[l], b = linkB[l];
      if (a >= 0 && b >= 0 && a !== b) { degree[a]++; degree[b]++; }
    }
    const { adjStart, adjNode, adjLink } = sortedAdjacency(this.names, degree, linkA, linkB);
    return {
      names: this.names, index: this.index,
      roles: Uint8Array.from(this.roles), access: Int32Array.from(this.access),
      adjStart, adjNode, adjLink, linkA, linkB,
      linkBandwidthGbps: this.linkBw.length === L ? this.linkBw : this.linkBw.slice(0, L),
      linkBaseLatencyUs: this.linkLat.length === L ? this.linkLat : this.linkLat.slice(0, L),
      switchCount: this.switchCount, linkCount: L,
      sramCapacity: Float64Array.from(this.sram), sramThreshold: Float64Array.from(this.threshold),
      serverKind: Uint8Array.from(this.kinds),
    };
  }

  private grow(): void {
    const n = this.linkA.length * 2;
    const a = new Int32Array(n); a.set(this.linkA); this.linkA = a;
    const b = new Int32Array(n); b.set(this.linkB); this.linkB = b;
    const bw = new Float64Array(n); bw.set(this.linkBw); this.linkBw = bw;
    const lat = new Float64Array(n); lat.set(this.linkLat); this.linkLat = lat;
  }
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

import type { FabricGraph, FabricTopology } from './fabric-graph';
import type { FabricCsr } from './fabric-csr';
import type { FabricDocument, SwitchRole } from './types';
import { ShortestPathSearch } from './shortest-path';
import { FabricTopologyBuilder, NO_ROLE, type TopologyParts } from './topology-builder';

const ROLES: readonly SwitchRole[] = ['access', 'aggregation', 'core'];

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
 * The indexed graph without its document ({@link FabricTopology}): names, roles, access switches, the CSR
 * arrays ({@link FabricCsr}), typed per-link columns and per-switch M_n / per-server kind. What the
 * planner keeps of a large fabric once the document is gone.
 *
 * @example
 * const b = new FabricTopologyBuilder(); b.addSwitches(doc.switches).addServers(doc.servers).addLinks(doc.links);
 * const t = new IndexedFabricTopology(b.parts());
 * t.path(t.indexOf('server1')!, t.indexOf('server4')!);
 */
export class IndexedFabricTopology implements FabricTopology, FabricCsr {
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
  /** M_n per switch. */
  readonly sramCapacity: Float64Array;
  /** T_SRAM per switch. */
  readonly sramThreshold: Float64Array;
  /** Per server (node − switchCount): SERVER_MESH (0) or SERVER_GATEWAY (1), see `./topology-builder`. */
  readonly serverKind: Uint8Array;
  private readonly names: string[];
  private readonly index: Map<string, number>;
  private readonly roles: Uint8Array;
  private readonly access: Int32Array;
  private readonly neighbourCache: Array<ReadonlyArray<{ node: number; link: number }> | undefined>;
  private search: ShortestPathSearch | undefined;

  /** Use {@link buildFabricGraph}, or a {@link FabricTopologyBuilder}'s parts. */
  constructor(parts: TopologyParts) {
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
    this.sramCapacity = parts.sramCapacity;
    this.sramThreshold = parts.sramThreshold;
    this.serverKind = parts.serverKind;
    this.nodeCount = parts.names.length;
    this.switchCount = parts.switchCount;
    this.linkCount = parts.linkCount;
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
 * The {@link FabricGraph} built by {@link buildFabricGraph}: the contract plus the CSR arrays
 * ({@link FabricCsr}) and typed per-link columns for hot loops (planner, latency model).
 *
 * @example
 * const g = buildFabricGraph(doc);
 * g.path(g.indexOf('server1')!, g.indexOf('server4')!).nodes.map((n) => g.nameOf(n));
 */
export class IndexedFabricGraph extends IndexedFabricTopology implements FabricGraph {
  readonly doc: FabricDocument;

  /** Use {@link buildFabricGraph}. */
  constructor(parts: TopologyParts & { doc: FabricDocument }) {
    super(parts);
    this.doc = parts.doc;
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
  const builder = new FabricTopologyBuilder({ switches: doc.switches.length, servers: doc.servers.length, links: doc.links.length });
  builder.addSwitches(doc.switches).addServers(doc.servers).addLinks(doc.links);
  return new IndexedFabricGraph({ doc, ...builder.parts() });
}

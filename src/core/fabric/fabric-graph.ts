import type { FabricDocument, SwitchRole } from './types';

/**
 * Contract: an indexed, read-only view of a fabric for path and latency computations.
 * Nodes are switches and servers, numbered densely (switches first, then servers, each in the
 * document's order); links are numbered in the document's order. Pods are not nodes: a pod's
 * traffic enters the fabric at its server.
 *
 * Paths p(s, t) are shortest in hops (what eBGP AS_PATH selection gives on a CLOS fabric);
 * ties are broken deterministically: among equal-length paths, the one whose sequence of node
 * names is lexicographically smallest. Implementations must be fast enough for the paper's
 * large scenario (k = 90 fat-tree: ~10,000 switches, ~89,000 servers) and must never build an
 * all-pairs matrix over all nodes.
 *
 * Built by `buildFabricGraph(doc)` in `./graph.ts`.
 *
 * @example
 * const g = buildFabricGraph(doc);
 * const p = g.path(g.indexOf('server1')!, g.indexOf('server4')!); // [server1, access1, core1, access2, server4]
 * const us = p.links.reduce((t, l) => t + g.link(l).baseLatencyUs, 0);
 */
export interface FabricGraph {
  readonly doc: FabricDocument;
  readonly nodeCount: number;
  /** Nodes [0, switchCount) are switches. */
  readonly switchCount: number;
  readonly linkCount: number;
  indexOf(name: string): number | undefined;
  nameOf(node: number): string;
  isSwitch(node: number): boolean;
  /** Undefined for servers. */
  roleOf(node: number): SwitchRole | undefined;
  /** For a server: its access switch; for a switch: itself. */
  accessSwitchOf(node: number): number;
  /** Neighbours of a node with the link that joins them, in a deterministic order (by neighbour name). */
  neighbours(node: number): ReadonlyArray<{ node: number; link: number }>;
  link(link: number): { a: number; b: number; bandwidthGbps: number; baseLatencyUs: number };
  /** p(s, t): nodes from s to t inclusive and the links between them; s === t gives one node, no links. */
  path(from: number, to: number): { nodes: number[]; links: number[] };
}

/**
 * The graph without its document: everything path and latency code needs (nodes, links, paths), so a
 * large fabric's document (~47 MB at k = 90) need not stay in memory while the planner runs.
 * Every {@link FabricGraph} is one. Built from entity sections by `FabricTopologyBuilder` (`./topology-builder`).
 *
 * @example
 * const t: FabricTopology = buildFabricGraph(doc); // or: new IndexedFabricTopology(builder.parts())
 * t.path(t.indexOf('server1')!, t.indexOf('server4')!);
 */
export type FabricTopology = Omit<FabricGraph, 'doc'>;

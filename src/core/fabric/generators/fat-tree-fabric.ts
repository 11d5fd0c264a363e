import type { FabricDocument, FabricLink, FabricServer, FabricSwitch } from '../types';
import { SERVER_BLOCK, SWITCH_BLOCK } from './address-plan';
import {
  type CommonGeneratorOptions, generatePods, makeSwitch, resolveOptions, serverLink, switchLink,
} from './generator-options';

/**
 * Shape of a k-ary fat-tree.
 *
 * @example
 * const o: FatTreeOptions = { k: 90, serversPerEdge: 22 };
 */
export interface FatTreeOptions extends CommonGeneratorOptions {
  /** Even port count k ≥ 2. */
  k: number;
  /** Servers on every edge (access) switch; a textbook fat-tree has k/2, the paper's large scenario uses 22 with k = 90. */
  serversPerEdge: number;
}

/**
 * Counts of a k-ary fat-tree: (k/2)² core, k pods of k/2 aggregation and k/2 edge switches.
 *
 * @example
 * fatTreeCounts(90, 22); // { switches: 10125, servers: 89100, links: 453600 }
 */
export function fatTreeCounts(k: number, serversPerEdge: number): { switches: number; servers: number; links: number } {
  const half = k / 2;
  const servers = k * half * serversPerEdge;
  return { switches: half * half + k * k, servers, links: 2 * k * half * half + servers };
}

/**
 * A k-ary fat-tree (Al-Fares et al., SIGCOMM 2008): (k/2)² core switches `core-<g>-<j>`; pod p has
 * aggregation switches `agg-<p>-<a>` and edge switches `edge-<p>-<e>` (role access); aggregation a of every
 * pod links to the k/2 cores of group a; every edge links to every aggregation of its pod; servers
 * `server-<p>-<e>-<h>` hang off the edges. All indices 1-based. k = 90 with 22 servers per edge gives the
 * paper's large scale: 10,125 switches and 89,100 servers. Switches take 10.0.x.y (core, then pod by pod),
 * servers 10.1.x.y onwards in pod/edge order. Throws RangeError on an odd k or counts beyond the address plan.
 *
 * @example
 * const f = fatTreeFabric({ k: 4, serversPerEdge: 2 });
 * f.switches.length; // 20
 * f.servers.length;  // 16
 */
export function fatTreeFabric(options: FatTreeOptions): FabricDocument {
  checkShape(options);
  const o = resolveOptions(options);
  const counts = fatTreeCounts(options.k, options.serversPerEdge);
  const switches: FabricSwitch[] = new Array(counts.switches);
  const links: FabricLink[] = new Array(counts.links);
  const servers: FabricServer[] = new Array(counts.servers);
  let sw = 0, ln = 0, sv = 0;
  emitFatTree(options, {
    switches(items) { for (const x of items) switches[sw++] = x; },
    servers(items) { for (const x of items) servers[sv++] = x; },
    links(items) { for (const x of items) links[ln++] = x; },
  });
  return { name: options.name ?? `fat-tree-k${options.k}`, switches, links, servers, pods: generatePods(servers, o) };
}

/**
 * Where {@link emitFatTree} hands the entities: in storage order, all switches, then all servers, then all
 * links (the order a `FabricTopologyBuilder` needs), a pod's worth per call.
 *
 * @example
 * const sink: FabricSectionSink = { switches: (xs) => b.addSwitches(xs), servers: (xs) => b.addServers(xs), links: (xs) => b.addLinks(xs) };
 */
export interface FabricSectionSink {
  switches(items: FabricSwitch[]): void;
  servers(items: FabricServer[]): void;
  links(items: FabricLink[]): void;
}

/**
 * The entities of {@link fatTreeFabric} (same objects, same order within each section; no pods), streamed to
 * `sink` one pod at a time in three passes, so a consumer that keeps only what it needs (a topology builder)
 * never holds the whole document: at k = 90 the document is ~47 MB, of which 453,600 link objects. Each name is
 * built once and shared by its entity and its links. Throws RangeError on an odd k.
 *
 * @example
 * const b = new FabricTopologyBuilder(fatTreeCounts(90, 22));
 * emitFatTree({ k: 90, serversPerEdge: 22 }, { switches: (x) => b.addSwitches(x), servers: (x) => b.addServers(x), links: (x) => b.addLinks(x) });
 */
export function emitFatTree(options: FatTreeOptions, sink: FabricSectionSink): void {
  checkShape(options);
  const { k, serversPerEdge } = options;
  const o = resolveOptions(options);
  const half = k / 2;
  let sw = 0, sv = 0;
  const coreNames: string[][] = [];
  const aggNames: string[][] = [];
  const edgeNames: string[][] = [];
  const serverNames: string[][] = [];
  const cores: FabricSwitch[] = [];
  for (let g = 1; g <= half; g++) {
    const group: string[] = [];
    for (let j = 1; j <= half; j++) {
      const name = `core-${g}-${j}`;
      group.push(name);
      cores.push(makeSwitch(name, 'core', SWITCH_BLOCK.at(sw++), o));
    }
    coreNames.push(group);
  }
  sink.switches(cores);
  for (let p = 1; p <= k; p++) {
    const batch: FabricSwitch[] = [];
    const aggs: string[] = [];
    const edges: string[] = [];
    for (let a = 1; a <= half; a++) {
      const agg = `agg-${p}-${a}`;
      aggs.push(agg);
      batch.push(makeSwitch(agg, 'aggregation', SWITCH_BLOCK.at(sw++), o));
    }
    for (let e = 1; e <= half; e++) {
      const edge = `edge-${p}-${e}`;
      edges.push(edge);
      batch.push(makeSwitch(edge, 'access', SWITCH_BLOCK.at(sw++), o));
    }
    aggNames.push(aggs);
    edgeNames.push(edges);
    sink.switches(batch);
  }
  for (let p = 1; p <= k; p++) {
    const batch: FabricServer[] = [];
    for (let e = 1; e <= half; e++) {
      const edge = edgeNames[p - 1][e - 1];
      const names: string[] = [];
      for (let h = 1; h <= serversPerEdge; h++) {
        const name = `server-${p}-${e}-${h}`;
        names.push(name);
        batch.push({ name, vtepIp: SERVER_BLOCK.at(sv++), accessSwitch: edge, kind: 'mesh' });
      }
      serverNames.push(names);
    }
    sink.servers(batch);
  }
  // Links in the document's order: per pod, every aggregation's core links, then per edge its aggregation
  // links and its server links.
  for (let p = 1; p <= k; p++) {
    const batch: FabricLink[] = [];
    const aggs = aggNames[p - 1];
    for (let a = 1; a <= half; a++) for (const core of coreNames[a - 1]) batch.push(switchLink(aggs[a - 1], core, o));
    for (let e = 1; e <= half; e++) {
      const edge = edgeNames[p - 1][e - 1];
      for (const agg of aggs) batch.push(switchLink(edge, agg, o));
      for (const name of serverNames[(p - 1) * half + e - 1]) batch.push(serverLink(name, edge, o));
    }
    sink.links(batch);
  }
}

function checkShape({ k, serversPerEdge }: FatTreeOptions): void {
  if (!Number.isInteger(k) || k < 2 || k % 2 !== 0) throw new RangeError(`k must be an even integer ≥ 2, got ${k}`);
  if (!Number.isInteger(serversPerEdge) || serversPerEdge < 0) {
    throw new RangeError(`serversPerEdge must be a non-negative integer, got ${serversPerEdge}`);
  }
}

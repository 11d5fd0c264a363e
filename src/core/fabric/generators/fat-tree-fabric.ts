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
  const { k, serversPerEdge } = options;
  if (!Number.isInteger(k) || k < 2 || k % 2 !== 0) throw new RangeError(`k must be an even integer ≥ 2, got ${k}`);
  if (!Number.isInteger(serversPerEdge) || serversPerEdge < 0) {
    throw new RangeError(`serversPerEdge must be a non-negative integer, got ${serversPerEdge}`);
  }
  const o = resolveOptions(options);
  const half = k / 2;
  const counts = fatTreeCounts(k, serversPerEdge);
  const switches: FabricSwitch[] = new Array(counts.switches);
  const links: FabricLink[] = new Array(counts.links);
  const servers: FabricServer[] = new Array(counts.servers);
  let sw = 0, ln = 0, sv = 0;
  // Each name is built once and shared by its switch and its links (fewer strings, hashed once by Maps).
  const coreNames: string[][] = [];
  for (let g = 1; g <= half; g++) {
    const group: string[] = [];
    for (let j = 1; j <= half; j++) {
      const name = `core-${g}-${j}`;
      group.push(name);
      switches[sw] = makeSwitch(name, 'core', SWITCH_BLOCK.at(sw++), o);
    }
    coreNames.push(group);
  }
  for (let p = 1; p <= k; p++) {
    const aggNames: string[] = [];
    for (let a = 1; a <= half; a++) {
      const agg = `agg-${p}-${a}`;
      aggNames.push(agg);
      switches[sw] = makeSwitch(agg, 'aggregation', SWITCH_BLOCK.at(sw++), o);
      for (const core of coreNames[a - 1]) links[ln++] = switchLink(agg, core, o);
    }
    for (let e = 1; e <= half; e++) {
      const edge = `edge-${p}-${e}`;
      switches[sw] = makeSwitch(edge, 'access', SWITCH_BLOCK.at(sw++), o);
      for (const agg of aggNames) links[ln++] = switchLink(edge, agg, o);
      for (let h = 1; h <= serversPerEdge; h++) {
        const name = `server-${p}-${e}-${h}`;
        servers[sv] = { name, vtepIp: SERVER_BLOCK.at(sv++), accessSwitch: edge, kind: 'mesh' };
        links[ln++] = serverLink(name, edge, o);
      }
    }
  }
  return { name: options.name ?? `fat-tree-k${k}`, switches, links, servers, pods: generatePods(servers, o) };
}

import type { FabricDocument, FabricLink, FabricServer, FabricSwitch } from '../types';
import { SERVER_BLOCK, SWITCH_BLOCK } from './address-plan';
import {
  type CommonGeneratorOptions, generatePods, makeSwitch, resolveOptions, serverLink, switchLink,
} from './generator-options';

/**
 * Shape of a two-tier leaf-spine fabric.
 *
 * @example
 * const o: LeafSpineOptions = { spines: 2, leaves: 4, serversPerLeaf: 8 };
 */
export interface LeafSpineOptions extends CommonGeneratorOptions {
  spines: number;
  leaves: number;
  serversPerLeaf: number;
}

/**
 * A two-tier leaf-spine (folded CLOS) fabric: every leaf (role access) links to every spine (role core).
 * Names: `spine<i>`, `leaf<j>`, `server<j>-<h>` (1-based); switches take 10.0.x.y (spines first),
 * servers 10.1.x.y in leaf order. Throws RangeError on counts the address plan cannot hold
 * (`generateFabric` checks the bounds first and returns them as errors).
 *
 * @example
 * const f = leafSpineFabric({ spines: 2, leaves: 4, serversPerLeaf: 8 });
 * f.switches.length; // 6
 * f.links.length;    // 2·4 + 4·8 = 40
 */
export function leafSpineFabric(options: LeafSpineOptions): FabricDocument {
  const { spines, leaves, serversPerLeaf } = options;
  for (const [field, v] of [['spines', spines], ['leaves', leaves], ['serversPerLeaf', serversPerLeaf]] as const) {
    if (!Number.isInteger(v) || v < (field === 'serversPerLeaf' ? 0 : 1)) throw new RangeError(`${field} must be an integer ≥ ${field === 'serversPerLeaf' ? 0 : 1}, got ${v}`);
  }
  const o = resolveOptions(options);
  const switches: FabricSwitch[] = [];
  const links: FabricLink[] = [];
  const servers: FabricServer[] = [];
  for (let i = 1; i <= spines; i++) switches.push(makeSwitch(`spine${i}`, 'core', SWITCH_BLOCK.at(switches.length), o));
  for (let j = 1; j <= leaves; j++) switches.push(makeSwitch(`leaf${j}`, 'access', SWITCH_BLOCK.at(switches.length), o));
  for (let j = 1; j <= leaves; j++) {
    for (let i = 1; i <= spines; i++) links.push(switchLink(`leaf${j}`, `spine${i}`, o));
  }
  for (let j = 1; j <= leaves; j++) {
    for (let h = 1; h <= serversPerLeaf; h++) {
      const server: FabricServer = {
        name: `server${j}-${h}`, vtepIp: SERVER_BLOCK.at(servers.length), accessSwitch: `leaf${j}`, kind: 'mesh',
      };
      servers.push(server);
      links.push(serverLink(server.name, server.accessSwitch, o));
    }
  }
  return {
    name: options.name ?? `leaf-spine-${spines}x${leaves}`,
    switches, links, servers, pods: generatePods(servers, o),
  };
}

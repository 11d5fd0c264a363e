import type { FabricDocument, FabricLink, FabricServer, FabricSwitch } from '../types';
import {
  type CommonGeneratorOptions, generatePods, makeSwitch, resolveOptions, serverLink, switchLink,
} from './generator-options';

/**
 * Options of {@link testbedFabric}: only the common knobs.
 *
 * @example
 * testbedFabric({ podsPerServer: 2 } satisfies TestbedOptions);
 */
export type TestbedOptions = CommonGeneratorOptions;

/**
 * The paper's testbed (§V, Fig. 6): four Tofino switches — one core (`core1`) and three access switches —
 * with 100 Gbps links. `access1` and `access2` each connect two service-mesh servers
 * (`server1`, `server2` and `server3`, `server4`); `access3` connects the Canal gateway server
 * (`gateway1`, kind 'gateway'). The paper's sixth server runs the controller and carries no mesh
 * traffic, so it is not modelled.
 *
 * Assumptions (the paper does not give them): SRAM M_n = 65,536 session entries (the P4 table size)
 * with T_SRAM = 90 %; T_base = 1 µs per access–core link and 2 µs per server–access link.
 * Addresses: switches 10.0.0.x, servers 10.1.0.x, pods 100.64.0.x.
 *
 * @example
 * const fabric = testbedFabric();
 * fabric.switches.length; // 4
 * fabric.servers.map((s) => s.name); // ['server1', 'server2', 'server3', 'server4', 'gateway1']
 */
export function testbedFabric(options: TestbedOptions = {}): FabricDocument {
  const o = resolveOptions(options);
  const switches: FabricSwitch[] = [
    makeSwitch('core1', 'core', '10.0.0.1', o),
    makeSwitch('access1', 'access', '10.0.0.11', o),
    makeSwitch('access2', 'access', '10.0.0.12', o),
    makeSwitch('access3', 'access', '10.0.0.13', o),
  ];
  const servers: FabricServer[] = [
    { name: 'server1', vtepIp: '10.1.0.1', accessSwitch: 'access1', kind: 'mesh' },
    { name: 'server2', vtepIp: '10.1.0.2', accessSwitch: 'access1', kind: 'mesh' },
    { name: 'server3', vtepIp: '10.1.0.3', accessSwitch: 'access2', kind: 'mesh' },
    { name: 'server4', vtepIp: '10.1.0.4', accessSwitch: 'access2', kind: 'mesh' },
    { name: 'gateway1', vtepIp: '10.1.0.5', accessSwitch: 'access3', kind: 'gateway' },
  ];
  const links: FabricLink[] = [
    switchLink('access1', 'core1', o),
    switchLink('access2', 'core1', o),
    switchLink('access3', 'core1', o),
    ...servers.map(function toAccess(s) { return serverLink(s.name, s.accessSwitch, o); }),
  ];
  return { name: options.name ?? 'testbed', switches, links, servers, pods: generatePods(servers, o) };
}

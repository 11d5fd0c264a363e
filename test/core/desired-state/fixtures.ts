import type { FabricDocument } from '../../../src/core/fabric/types';
import type { Rule } from '../../../src/core/rules/types';

/** The paper's testbed shape (Fig. 6): core1; access1..3; server1..4 (mesh) and gw1 (gateway). */
export function testbedDoc(): FabricDocument {
  const link = (a: string, b: string) => ({ a, b, bandwidthGbps: 100, baseLatencyUs: 5 });
  return {
    name: 'testbed',
    switches: [
      { name: 'core1', role: 'core', vtepIp: '10.0.0.1', sramCapacity: 1000, sramThreshold: 900 },
      { name: 'access1', role: 'access', vtepIp: '10.0.0.11', sramCapacity: 1000, sramThreshold: 900 },
      { name: 'access2', role: 'access', vtepIp: '10.0.0.12', sramCapacity: 1000, sramThreshold: 900 },
      { name: 'access3', role: 'access', vtepIp: '10.0.0.13', sramCapacity: 1000, sramThreshold: 900 },
    ],
    links: [
      link('core1', 'access1'), link('core1', 'access2'), link('core1', 'access3'),
      link('server1', 'access1'), link('server2', 'access1'), link('server3', 'access2'),
      link('server4', 'access2'), link('gw1', 'access3'),
    ],
    servers: [
      { name: 'server1', vtepIp: '10.0.1.1', accessSwitch: 'access1' },
      { name: 'server2', vtepIp: '10.0.1.2', accessSwitch: 'access1' },
      { name: 'server3', vtepIp: '10.0.1.3', accessSwitch: 'access2' },
      { name: 'server4', vtepIp: '10.0.1.4', accessSwitch: 'access2' },
      { name: 'gw1', vtepIp: '10.0.1.5', accessSwitch: 'access3', kind: 'gateway' },
    ],
    pods: [],
  };
}

/** Leaf-spine with equal-cost paths (two spines), to exercise the tie-break. */
export function leafSpineDoc(spines = 3, leaves = 4, serversPerLeaf = 2): FabricDocument {
  const doc: FabricDocument = { name: 'ls', switches: [], links: [], servers: [], pods: [] };
  for (let s = spines; s >= 1; s--) doc.switches.push({ name: `spine${s}`, role: 'core', vtepIp: `10.0.0.${s}`, sramCapacity: 100, sramThreshold: 90 });
  for (let l = 1; l <= leaves; l++) {
    doc.switches.push({ name: `leaf${l}`, role: 'access', vtepIp: `10.0.1.${l}`, sramCapacity: 100, sramThreshold: 90 });
    for (let s = 1; s <= spines; s++) doc.links.push({ a: `leaf${l}`, b: `spine${s}`, bandwidthGbps: 100, baseLatencyUs: 5 });
    for (let k = 1; k <= serversPerLeaf; k++) {
      const name = `srv${l}-${k}`;
      doc.servers.push({ name, vtepIp: `10.1.${l}.${k}`, accessSwitch: `leaf${l}` });
      doc.links.push({ a: name, b: `leaf${l}`, bandwidthGbps: 25, baseLatencyUs: 2 });
    }
  }
  return doc;
}

/** reviews 80/20: requesters on server1 (productpage), backends v1 on server3 and v2 on server4. */
export function reviewsRule(overrides: Partial<Rule> = {}): Rule {
  return {
    id: 'default/reviews/http/0', fabric: 'testbed', kind: 'http', priority: 0, vni: 0x5a3c1e,
    source: { kind: 'VirtualService', namespace: 'default', name: 'reviews', routeIndex: 0 },
    hosts: ['reviews.default.svc.cluster.local'], match: [],
    requesters: [{ pod: 'productpage-v1-0', ip: '10.2.0.2', server: 'server1' }],
    backends: [
      { pod: 'reviews-v1-0', ip: '10.2.0.5', server: 'server3', nodeVtepIp: '10.0.1.3', weight: 80, subset: 'v1' },
      { pod: 'reviews-v2-0', ip: '10.2.0.6', server: 'server4', nodeVtepIp: '10.0.1.4', weight: 20, subset: 'v2' },
    ],
    lbPolicy: { kind: 'RANDOM' }, expectedSessions: 100, expectedGbps: 0.1, proxyActions: {}, warnings: [],
    ...overrides,
  };
}

import { describe, expect, it } from 'vitest';
import { testbedFabric } from '../../../src/core/fabric/generators/testbed-fabric';
import type { FabricDocument } from '../../../src/core/fabric/types';
import { validateFabric } from '../../../src/core/fabric/validate';

/** A fresh valid testbed with pods, mutated by each case. */
function base(): FabricDocument {
  return testbedFabric({ podsPerServer: 2 });
}

/** The violations of a mutated testbed, as "path: reason" lines. */
function violations(mutate: (d: FabricDocument) => void): Array<{ path: string; reason: string }> {
  const doc = base();
  mutate(doc);
  const r = validateFabric(doc);
  return r.ok ? [] : r.errors;
}

function expectViolation(mutate: (d: FabricDocument) => void, path: string, reason: RegExp): void {
  const errors = violations(mutate);
  expect(errors.some((e) => e.path === path && reason.test(e.reason)), JSON.stringify(errors)).toBe(true);
}

describe('validateFabric', () => {
  it('accepts the testbed', () => {
    expect(validateFabric(base())).toEqual({ ok: true });
  });

  it('rejects a bad fabric name', () => {
    expectViolation((d) => { d.name = 'Bad Name'; }, 'name', /RFC 1123 label/);
  });

  it('rejects duplicate switch and server names', () => {
    expectViolation((d) => { d.switches[3].name = 'access1'; }, 'switches[3].name', /duplicate name 'access1' \(also switches\[1\]\)/);
    expectViolation((d) => { d.servers[1].name = 'core1'; }, 'servers[1].name', /duplicate name 'core1' \(also switches\[0\]\)/);
  });

  it('rejects malformed names', () => {
    expectViolation((d) => { d.switches[2].name = 'Access_2'; }, 'switches[2].name', /RFC 1123/);
    expectViolation((d) => { d.servers[0].name = `${'x'.repeat(64)}.rack1`; }, 'servers[0].name', /RFC 1123/);
  });

  it('rejects duplicate pod names within a namespace only', () => {
    expectViolation((d) => { d.pods[1].name = d.pods[0].name; }, 'pods[1].name', /duplicate pod 'default\/app-1-server1' \(also pods\[0\]\)/);
    expect(violations((d) => { d.pods[1].name = d.pods[0].name; d.pods[1].namespace = 'other'; })).toEqual([]);
  });

  it('rejects duplicate and malformed IPs across switches, servers and pods', () => {
    expectViolation((d) => { d.switches[1].vtepIp = d.switches[0].vtepIp; }, 'switches[1].vtepIp', /already used by switches\[0\]\.vtepIp/);
    expectViolation((d) => { d.servers[2].vtepIp = d.switches[3].vtepIp; }, 'servers[2].vtepIp', /already used by switches\[3\]\.vtepIp/);
    expectViolation((d) => { d.pods[3].ip = d.servers[0].vtepIp; }, 'pods[3].ip', /already used by servers\[0\]\.vtepIp/);
    expectViolation((d) => { d.pods[3].ip = d.pods[2].ip; }, 'pods[3].ip', /already used by pods\[2\]\.ip/);
    expectViolation((d) => { d.servers[0].vtepIp = '10.1.0.300'; }, 'servers[0].vtepIp', /dotted-quad/);
    expectViolation((d) => { d.switches[0].vtepIp = '10.0.0.01'; }, 'switches[0].vtepIp', /dotted-quad/);
  });

  it('rejects non-positive capacity and a threshold above it', () => {
    expectViolation((d) => { d.switches[0].sramCapacity = 0; }, 'switches[0].sramCapacity', /integer > 0/);
    expectViolation((d) => { d.switches[0].sramCapacity = 1.5; }, 'switches[0].sramCapacity', /integer > 0/);
    expectViolation((d) => { d.switches[2].sramThreshold = d.switches[2].sramCapacity + 1; }, 'switches[2].sramThreshold', /≤ sramCapacity/);
    expectViolation((d) => { d.switches[2].sramThreshold = -1; }, 'switches[2].sramThreshold', /≥ 0/);
  });

  it('rejects an unknown role and server kind', () => {
    expectViolation((d) => { (d.switches[0] as { role: string }).role = 'spine'; }, 'switches[0].role', /'access', 'aggregation' or 'core'/);
    expectViolation((d) => { (d.servers[0] as { kind: string }).kind = 'edge'; }, 'servers[0].kind', /'mesh' or 'gateway'/);
  });

  it('requires a server to sit on an existing access switch', () => {
    expectViolation((d) => { d.servers[0].accessSwitch = 'access9'; }, 'servers[0].accessSwitch', /no switch named 'access9'/);
    expectViolation((d) => { d.servers[0].accessSwitch = 'server2'; }, 'servers[0].accessSwitch', /is a server, not a switch/);
    expectViolation((d) => { d.servers[0].accessSwitch = 'core1'; }, 'servers[0].accessSwitch', /role core; a server attaches to an access switch/);
  });

  it('requires pods on existing servers', () => {
    expectViolation((d) => { d.pods[0].server = 'server9'; }, 'pods[0].server', /no server named 'server9'/);
    expectViolation((d) => { d.pods[0].server = 'access1'; }, 'pods[0].server', /is a switch, not a server/);
  });

  it('rejects links to unknown nodes and self-loops', () => {
    expectViolation((d) => { d.links[0].a = 'ghost'; }, 'links[0].a', /no switch or server named 'ghost'/);
    expectViolation((d) => { d.links[0].b = d.links[0].a; }, 'links[0].b', /to itself/);
  });

  it('rejects access–access and core–core links (CLOS rule)', () => {
    expectViolation((d) => { d.links.push({ a: 'access1', b: 'access2', bandwidthGbps: 100, baseLatencyUs: 1 }); },
      `links[8]`, /two access switches/);
    expectViolation((d) => {
      d.switches.push({ name: 'core2', role: 'core', vtepIp: '10.0.0.2', sramCapacity: 10, sramThreshold: 5 });
      d.links.push({ a: 'core2', b: 'core1', bandwidthGbps: 100, baseLatencyUs: 1 });
    }, 'links[8]', /two core switches/);
  });

  it('lets a server link only to its own access switch', () => {
    expectViolation((d) => { d.links.push({ a: 'server1', b: 'access2', bandwidthGbps: 100, baseLatencyUs: 1 }); },
      'links[8]', /server 'server1' may link only to its access switch 'access1', not 'access2'/);
    expectViolation((d) => { d.links.push({ a: 'server1', b: 'core1', bandwidthGbps: 100, baseLatencyUs: 1 }); },
      'links[8]', /may link only to its access switch/);
    expectViolation((d) => { d.links.push({ a: 'server1', b: 'server2', bandwidthGbps: 100, baseLatencyUs: 1 }); },
      'links[8]', /links two servers/);
  });

  it('rejects bad bandwidth and latency', () => {
    expectViolation((d) => { d.links[1].bandwidthGbps = 0; }, 'links[1].bandwidthGbps', /> 0/);
    expectViolation((d) => { d.links[1].bandwidthGbps = Number.POSITIVE_INFINITY; }, 'links[1].bandwidthGbps', /finite/);
    expectViolation((d) => { d.links[1].baseLatencyUs = -0.5; }, 'links[1].baseLatencyUs', /≥ 0/);
    expect(violations((d) => { d.links[1].baseLatencyUs = 0; })).toEqual([]);
  });

  it('rejects duplicate links in either direction', () => {
    expectViolation((d) => { d.links.push({ ...d.links[0] }); }, 'links[8]', /duplicate of links\[0\]/);
    expectViolation((d) => { d.links.push({ ...d.links[0], a: d.links[0].b, b: d.links[0].a }); }, 'links[8]', /duplicate of links\[0\]/);
  });

  it('requires a connected fabric', () => {
    expectViolation((d) => { d.links = d.links.filter((l) => l.a !== 'server4'); }, 'servers[3]',
      /server 'server4' is not connected to the fabric \(no link to its access switch 'access2'\)/);
    expectViolation((d) => { d.links = d.links.filter((l) => !(l.a === 'access3' && l.b === 'core1')); }, 'switches[3]',
      /switch 'access3' is not connected to 'core1'/);
  });

  it('caps the number of reported violations', () => {
    const doc = base();
    for (const s of doc.servers) s.vtepIp = 'x';
    for (const p of doc.pods) p.ip = 'y';
    const r = validateFabric(doc, { maxErrors: 3 });
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.errors).toHaveLength(4);
      expect(r.errors[3].reason).toMatch(/more violation\(s\) not shown/);
    }
  });
});

import { describe, expect, it } from 'vitest';
import { formatPath } from '../../../src/core/fabric/format-path';
import { fatTreeFabric } from '../../../src/core/fabric/generators/fat-tree-fabric';
import { testbedFabric } from '../../../src/core/fabric/generators/testbed-fabric';
import { parseIpv4 } from '../../../src/core/fabric/ipv4';
import { isDnsLabel, isDnsSubdomain } from '../../../src/core/fabric/dns-name';
import {
  DNS_LABEL_PATTERN, DNS_SUBDOMAIN_PATTERN, FabricDocumentSchema, FabricLinkSchema, FabricPodSchema,
  FabricSettingsSchema, FabricSwitchSchema, IPV4_PATTERN_FOR_TESTS,
} from './schema-fixtures';

function issuePaths(result: { success: boolean; error?: { issues: Array<{ path: PropertyKey[] }> } }): string[] {
  return result.success ? [] : result.error!.issues.map((i) => formatPath(i.path));
}

describe('fabric zod schemas', () => {
  it('accept generated fabrics', () => {
    expect(FabricDocumentSchema.safeParse(testbedFabric({ podsPerServer: 2 })).success).toBe(true);
    expect(FabricDocumentSchema.safeParse(fatTreeFabric({ k: 4, serversPerEdge: 2, podsPerServer: 1 })).success).toBe(true);
  });

  it('report the field path of a bad IP, name, role and number', () => {
    const doc = testbedFabric() as unknown as { switches: Record<string, unknown>[]; servers: Record<string, unknown>[]; links: Record<string, unknown>[] };
    doc.switches[3].vtepIp = '10.0.0.999';
    doc.servers[1].name = 'Server_2';
    doc.switches[0].role = 'spine';
    doc.links[2].bandwidthGbps = 0;
    doc.switches[1].sramCapacity = 2.5;
    expect(issuePaths(FabricDocumentSchema.safeParse(doc)).sort()).toEqual([
      'links[2].bandwidthGbps', 'servers[1].name', 'switches[0].role', 'switches[1].sramCapacity', 'switches[3].vtepIp',
    ]);
  });

  it('reject unknown fields (typos are errors, not silently dropped)', () => {
    const sw = { name: 'core1', role: 'core', vtepIp: '10.0.0.1', sramCapacity: 10, sramThreshold: 5, sramCapacty: 3 };
    expect(FabricSwitchSchema.safeParse(sw).success).toBe(false);
  });

  it('bound link figures', () => {
    expect(FabricLinkSchema.safeParse({ a: 'x', b: 'y', bandwidthGbps: 100, baseLatencyUs: 0 }).success).toBe(true);
    expect(FabricLinkSchema.safeParse({ a: 'x', b: 'y', bandwidthGbps: 100, baseLatencyUs: -1 }).success).toBe(false);
  });

  it('check Kubernetes-style pod labels and namespaces', () => {
    const pod = { name: 'p', namespace: 'default', ip: '100.64.0.1', server: 's', labels: { 'app.kubernetes.io/name': 'web', version: 'v1' } };
    expect(FabricPodSchema.safeParse(pod).success).toBe(true);
    expect(issuePaths(FabricPodSchema.safeParse({ ...pod, labels: { 'bad key!': 'x' } }))).toEqual(['labels.bad key!']);
    expect(issuePaths(FabricPodSchema.safeParse({ ...pod, labels: { app: '-x' } }))).toEqual(['labels.app']);
    expect(issuePaths(FabricPodSchema.safeParse({ ...pod, namespace: 'a.b' }))).toEqual(['namespace']);
  });

  it('bound scheduler settings', () => {
    expect(FabricSettingsSchema.safeParse({ scheduler: { alpha: 0.5, beta: 0.5, topK: 0.2, candidates: 4 } }).success).toBe(true);
    expect(issuePaths(FabricSettingsSchema.safeParse({ scheduler: { alpha: 2 } }))).toEqual(['scheduler.alpha']);
    expect(issuePaths(FabricSettingsSchema.safeParse({ defaultExpectedSessions: 0 }))).toEqual(['defaultExpectedSessions']);
  });
});

describe('name and address scanners agree with the published patterns', () => {
  const samples = ['a', 'a-b', 'a.b', '-a', 'a-', 'a..b', 'a.-b', 'a-.b', 'A', 'a_b', '', '1', 'x'.repeat(63), 'x'.repeat(64),
    `${'x'.repeat(63)}.${'y'.repeat(63)}`, `${'x'.repeat(64)}.y`, 'edge-1-2', 'core-10-45', 'a.b.c'];
  it('isDnsSubdomain / isDnsLabel', () => {
    for (const s of samples) {
      const labelsOk = s.split('.').every((l) => l.length <= 63);
      expect(isDnsSubdomain(s), s).toBe(DNS_SUBDOMAIN_PATTERN.test(s) && s.length <= 253 && labelsOk);
      expect(isDnsLabel(s), s).toBe(DNS_LABEL_PATTERN.test(s) && s.length <= 63);
    }
  });

  it('parseIpv4', () => {
    const ips = ['0.0.0.0', '10.0.0.1', '255.255.255.255', '256.0.0.1', '01.0.0.1', '1.2.3', '1.2.3.4.5', '1.2.3.', ' 1.2.3.4', '1.2.3.4a', '1..3.4', '100.64.0.1'];
    for (const ip of ips) expect(parseIpv4(ip) !== undefined, ip).toBe(IPV4_PATTERN_FOR_TESTS.test(ip));
    expect(parseIpv4('10.0.0.1')).toBe(167772161);
    expect(parseIpv4('255.255.255.255')).toBe(4294967295);
  });
});

import { describe, expect, it } from 'vitest';
import { FabricDocumentSchema } from '../../../../src/core/fabric/schema';
import { fatTreeCounts, fatTreeFabric } from '../../../../src/core/fabric/generators/fat-tree-fabric';
import { leafSpineFabric } from '../../../../src/core/fabric/generators/leaf-spine-fabric';
import { testbedFabric } from '../../../../src/core/fabric/generators/testbed-fabric';
import { addressBlock } from '../../../../src/core/fabric/generators/address-plan';
import { validateFabric } from '../../../../src/core/fabric/validate';
import { buildFabricGraph } from '../../../../src/core/fabric/graph';
import type { FabricDocument } from '../../../../src/core/fabric/types';

function countRoles(doc: FabricDocument): Record<string, number> {
  const out: Record<string, number> = {};
  for (const s of doc.switches) out[s.role] = (out[s.role] ?? 0) + 1;
  return out;
}

describe('testbedFabric', () => {
  it('is the paper testbed: 1 core, 3 access, 4 mesh servers and a gateway, 100 Gbps links', () => {
    const doc = testbedFabric();
    expect(countRoles(doc)).toEqual({ core: 1, access: 3 });
    expect(doc.servers.filter((s) => s.kind === 'mesh').map((s) => s.name)).toEqual(['server1', 'server2', 'server3', 'server4']);
    expect(doc.servers.filter((s) => s.kind === 'gateway').map((s) => [s.name, s.accessSwitch])).toEqual([['gateway1', 'access3']]);
    expect(doc.links.every((l) => l.bandwidthGbps === 100)).toBe(true);
    expect(doc.pods).toEqual([]);
    expect(validateFabric(doc)).toEqual({ ok: true });
    expect(FabricDocumentSchema.safeParse(doc).success).toBe(true);
  });

  it('adds labelled pods on mesh servers only', () => {
    const doc = testbedFabric({ podsPerServer: 3, podNamespace: 'shop' });
    expect(doc.pods).toHaveLength(12);
    expect(doc.pods.some((p) => p.server === 'gateway1')).toBe(false);
    expect(doc.pods[0]).toEqual({ name: 'app-1-server1', namespace: 'shop', ip: '100.64.0.1', server: 'server1', labels: { app: 'app-1', version: 'v1' } });
    expect(validateFabric(doc)).toEqual({ ok: true });
  });

  it('is deterministic', () => {
    expect(testbedFabric({ podsPerServer: 2 })).toEqual(testbedFabric({ podsPerServer: 2 }));
  });
});

describe('leafSpineFabric', () => {
  it('wires every leaf to every spine', () => {
    const doc = leafSpineFabric({ spines: 4, leaves: 6, serversPerLeaf: 5, podsPerServer: 1 });
    expect(countRoles(doc)).toEqual({ core: 4, access: 6 });
    expect(doc.servers).toHaveLength(30);
    expect(doc.links).toHaveLength(4 * 6 + 30);
    expect(doc.pods).toHaveLength(30);
    expect(validateFabric(doc)).toEqual({ ok: true });
    expect(FabricDocumentSchema.safeParse(doc).success).toBe(true);
  });

  it('rejects impossible shapes', () => {
    expect(() => leafSpineFabric({ spines: 0, leaves: 1, serversPerLeaf: 1 })).toThrow(RangeError);
  });
});

describe('fatTreeFabric', () => {
  it('k = 4: 4 core, 8 aggregation, 8 edge switches', () => {
    const doc = fatTreeFabric({ k: 4, serversPerEdge: 2 });
    expect(countRoles(doc)).toEqual({ core: 4, aggregation: 8, access: 8 });
    expect(doc.servers).toHaveLength(16);
    expect(doc.links).toHaveLength(16 + 16 + 16);
    expect(validateFabric(doc)).toEqual({ ok: true });
  });

  it('k = 8: 16 core, 32 aggregation, 32 edge switches', () => {
    const doc = fatTreeFabric({ k: 8, serversPerEdge: 4, podsPerServer: 2 });
    expect(countRoles(doc)).toEqual({ core: 16, aggregation: 32, access: 32 });
    expect(doc.servers).toHaveLength(128);
    expect(doc.links).toHaveLength(128 + 128 + 128);
    expect(doc.pods).toHaveLength(256);
    expect(validateFabric(doc)).toEqual({ ok: true });
    expect(FabricDocumentSchema.safeParse(doc).success).toBe(true);
  });

  it('every aggregation switch reaches k/2 cores and every edge k/2 aggregations', () => {
    const doc = fatTreeFabric({ k: 6, serversPerEdge: 1 });
    const degree = new Map<string, number>();
    for (const l of doc.links) for (const n of [l.a, l.b]) degree.set(n, (degree.get(n) ?? 0) + 1);
    for (const s of doc.switches) {
      const expected = s.role === 'core' ? 6 : s.role === 'aggregation' ? 6 : 3 + 1;
      expect(degree.get(s.name), s.name).toBe(expected);
    }
  });

  it('rejects an odd k', () => {
    expect(() => fatTreeFabric({ k: 5, serversPerEdge: 1 })).toThrow(RangeError);
  });

  it("k = 90 with 22 servers per edge is the paper's large scale and validates", () => {
    expect(fatTreeCounts(90, 22)).toEqual({ switches: 10_125, servers: 89_100, links: 453_600 });
    const doc = fatTreeFabric({ k: 90, serversPerEdge: 22 });
    expect(doc.switches).toHaveLength(10_125);
    expect(doc.servers).toHaveLength(89_100);
    expect(doc.links).toHaveLength(453_600);
    expect(validateFabric(doc)).toEqual({ ok: true });
    const g = buildFabricGraph(doc);
    const p = g.path(g.indexOf('server-1-1-1')!, g.indexOf('server-90-45-22')!);
    expect(p.nodes.map((n) => g.nameOf(n)))
      .toEqual(['server-1-1-1', 'edge-1-1', 'agg-1-1', 'core-1-1', 'agg-90-1', 'edge-90-45', 'server-90-45-22']);
  });
});

describe('address plan', () => {
  it('skips .0 and .255 and refuses to run past its block', () => {
    const block = addressBlock('10.0.0.0', 512);
    expect(block.capacity).toBe(508);
    expect(block.at(0)).toBe('10.0.0.1');
    expect(block.at(253)).toBe('10.0.0.254');
    expect(block.at(254)).toBe('10.0.1.1');
    expect(() => block.at(508)).toThrow(RangeError);
  });
});

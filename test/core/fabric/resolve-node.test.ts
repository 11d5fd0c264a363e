import { describe, expect, it } from 'vitest';
import { testbedFabric } from '../../../src/core/fabric/generators/testbed-fabric';
import { buildFabricGraph } from '../../../src/core/fabric/graph';
import { resolveFabricNode } from '../../../src/core/fabric/resolve-node';

describe('resolveFabricNode', () => {
  const doc = testbedFabric({ podsPerServer: 1 });
  doc.pods.push({ name: 'app-1-server1', namespace: 'other', ip: '100.64.9.1', server: 'server3', labels: {} });
  doc.pods.push({ name: 'solo', namespace: 'shop', ip: '100.64.9.2', server: 'server2', labels: {} });
  const g = buildFabricGraph(doc);

  it('resolves switches and servers by name', () => {
    expect(resolveFabricNode(g, 'core1')).toEqual({ ok: true, node: g.indexOf('core1'), kind: 'switch' });
    expect(resolveFabricNode(g, 'server4')).toEqual({ ok: true, node: g.indexOf('server4'), kind: 'server' });
  });

  it('resolves a pod to its server, by bare name when unique', () => {
    const r = resolveFabricNode(g, 'solo');
    expect(r).toMatchObject({ ok: true, node: g.indexOf('server2'), kind: 'pod' });
  });

  it('resolves namespace/name and reports an ambiguous bare name', () => {
    expect(resolveFabricNode(g, 'other/app-1-server1')).toMatchObject({ ok: true, node: g.indexOf('server3'), kind: 'pod' });
    expect(resolveFabricNode(g, 'default/app-1-server1')).toMatchObject({ ok: true, node: g.indexOf('server1'), kind: 'pod' });
    const amb = resolveFabricNode(g, 'app-1-server1');
    expect(amb.ok).toBe(false);
    if (!amb.ok) expect(amb.reason).toMatch(/several namespaces \(default, other\)/);
  });

  it('reports unknown names and pods', () => {
    expect(resolveFabricNode(g, 'nope')).toEqual({ ok: false, reason: "no switch, server or pod named 'nope'" });
    expect(resolveFabricNode(g, 'shop/nope')).toEqual({ ok: false, reason: "no pod 'nope' in namespace 'shop'" });
  });
});

import { describe, expect, it } from 'vitest';
import { emitFatTree, fatTreeCounts, fatTreeFabric } from '../../../src/core/fabric/generators/fat-tree-fabric';
import { testbedFabric } from '../../../src/core/fabric/generators/testbed-fabric';
import { buildFabricGraph, IndexedFabricTopology } from '../../../src/core/fabric/graph';
import { FabricTopologyBuilder, SERVER_GATEWAY, SERVER_MESH } from '../../../src/core/fabric/topology-builder';
import type { FabricDocument } from '../../../src/core/fabric/types';

/** Feeds a document in batches of `size`, as a reader of stored chunks would. */
function topologyInBatches(doc: FabricDocument, size: number): IndexedFabricTopology {
  const b = new FabricTopologyBuilder(); // no expected counts: the link columns must grow
  for (let i = 0; i < doc.switches.length; i += size) b.addSwitches(doc.switches.slice(i, i + size));
  for (let i = 0; i < doc.servers.length; i += size) b.addServers(doc.servers.slice(i, i + size));
  for (let i = 0; i < doc.links.length; i += size) b.addLinks(doc.links.slice(i, i + size));
  return new IndexedFabricTopology(b.parts());
}

describe('FabricTopologyBuilder / IndexedFabricTopology', () => {
  it('batch by batch gives the same graph as buildFabricGraph: names, CSR, links, paths', () => {
    const doc = fatTreeFabric({ k: 4, serversPerEdge: 2, podsPerServer: 1 });
    const g = buildFabricGraph(doc);
    const t = topologyInBatches(doc, 7);
    expect(t).not.toHaveProperty('doc');
    expect([t.nodeCount, t.switchCount, t.linkCount]).toEqual([g.nodeCount, g.switchCount, g.linkCount]);
    expect(Array.from(t.adjStart)).toEqual(Array.from(g.adjStart));
    expect(Array.from(t.adjNode)).toEqual(Array.from(g.adjNode));
    expect(Array.from(t.adjLink)).toEqual(Array.from(g.adjLink));
    for (let v = 0; v < g.nodeCount; v++) {
      expect(t.nameOf(v)).toBe(g.nameOf(v));
      expect(t.indexOf(g.nameOf(v))).toBe(v);
      expect(t.roleOf(v)).toBe(g.roleOf(v));
      expect(t.accessSwitchOf(v)).toBe(g.accessSwitchOf(v));
    }
    for (let l = 0; l < g.linkCount; l++) expect(t.link(l)).toEqual(g.link(l));
    const s = t.indexOf('server-1-1-1')!, u = t.indexOf('server-4-2-2')!;
    expect(t.path(s, u)).toEqual(g.path(s, u));
    expect(t.path(s, u).nodes.map((n) => t.nameOf(n))[0]).toBe('server-1-1-1');
  });

  it('a fat-tree streamed pod by pod (emitFatTree, no document) builds the same topology as its document', () => {
    const o = { k: 6, serversPerEdge: 3, sramCapacity: 900 };
    const b = new FabricTopologyBuilder(fatTreeCounts(o.k, o.serversPerEdge));
    const batches: number[] = [];
    emitFatTree(o, {
      switches(items) { b.addSwitches(items); },
      servers(items) { batches.push(items.length); b.addServers(items); },
      links(items) { b.addLinks(items); },
    });
    const t = new IndexedFabricTopology(b.parts());
    const doc = fatTreeFabric(o);
    const g = buildFabricGraph(doc);
    expect(batches).toEqual(Array(o.k).fill((o.k / 2) * o.serversPerEdge)); // one pod per call
    expect(Array.from({ length: g.nodeCount }, (_, v) => t.nameOf(v))).toEqual(Array.from({ length: g.nodeCount }, (_, v) => g.nameOf(v)));
    for (let l = 0; l < g.linkCount; l++) expect(t.link(l)).toEqual(g.link(l));
    expect(Array.from(t.adjNode)).toEqual(Array.from(g.adjNode));
    expect(Array.from(t.sramCapacity)).toEqual(doc.switches.map((s) => s.sramCapacity));
    expect(() => emitFatTree({ k: 5, serversPerEdge: 1 }, { switches() {}, servers() {}, links() {} })).toThrow(/even integer/);
  });

  it('keeps M_n, T_SRAM per switch and the server kinds as typed columns', () => {
    const doc = testbedFabric();
    const t = topologyInBatches(doc, 2);
    expect(Array.from(t.sramCapacity)).toEqual(doc.switches.map((s) => s.sramCapacity));
    expect(Array.from(t.sramThreshold)).toEqual(doc.switches.map((s) => s.sramThreshold));
    expect(Array.from(t.serverKind)).toEqual(doc.servers.map((s) => (s.kind === 'gateway' ? SERVER_GATEWAY : SERVER_MESH)));
    expect(t.serverKind[t.indexOf('gateway1')! - t.switchCount]).toBe(SERVER_GATEWAY);
  });

  it('names unknown link endpoints -1 (not traversable) and refuses sections out of order', () => {
    const doc = testbedFabric();
    const b = new FabricTopologyBuilder().addSwitches(doc.switches).addServers(doc.servers);
    b.addLinks([...doc.links, { a: 'ghost', b: 'core1', bandwidthGbps: 1, baseLatencyUs: 1 }]);
    const t = new IndexedFabricTopology(b.parts());
    expect(t.link(doc.links.length).a).toBe(-1);
    expect(t.neighbours(t.indexOf('core1')!).some((x) => x.link === doc.links.length)).toBe(false);
    expect(() => new FabricTopologyBuilder().addServers(doc.servers).addSwitches(doc.switches)).toThrow(/switches must come before/);
    expect(() => new FabricTopologyBuilder().addLinks([]).addServers(doc.servers)).toThrow(/servers must come before links/);
  });
});

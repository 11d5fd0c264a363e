import { describe, expect, it } from 'vitest';
import { fatTreeFabric } from '../../../src/core/fabric/generators/fat-tree-fabric';
import { leafSpineFabric } from '../../../src/core/fabric/generators/leaf-spine-fabric';
import { testbedFabric } from '../../../src/core/fabric/generators/testbed-fabric';
import { buildFabricGraph } from '../../../src/core/fabric/graph';
import { hopDistancesFrom } from '../../../src/core/fabric/hop-distances';
import type { FabricDocument, FabricLink } from '../../../src/core/fabric/types';
import { referencePath } from './reference-paths';

function names(doc: FabricDocument, from: string, to: string): string[] {
  const g = buildFabricGraph(doc);
  return g.path(g.indexOf(from)!, g.indexOf(to)!).nodes.map((n) => g.nameOf(n));
}

/** Every path's links must join its consecutive nodes. */
function expectLinksJoinNodes(doc: FabricDocument, from: string, to: string): void {
  const g = buildFabricGraph(doc);
  const p = g.path(g.indexOf(from)!, g.indexOf(to)!);
  expect(p.links).toHaveLength(Math.max(0, p.nodes.length - 1));
  p.links.forEach((l, i) => {
    const { a, b } = g.link(l);
    expect([a, b].sort()).toEqual([p.nodes[i], p.nodes[i + 1]].sort());
  });
}

describe('buildFabricGraph on the testbed', () => {
  const doc = testbedFabric();
  const g = buildFabricGraph(doc);

  it('numbers switches first, then servers, in document order', () => {
    expect(g.switchCount).toBe(4);
    expect(g.nodeCount).toBe(9);
    expect(g.linkCount).toBe(doc.links.length);
    expect(g.nameOf(0)).toBe('core1');
    expect(g.nameOf(4)).toBe('server1');
    expect(g.isSwitch(3)).toBe(true);
    expect(g.isSwitch(4)).toBe(false);
    expect(g.roleOf(0)).toBe('core');
    expect(g.roleOf(1)).toBe('access');
    expect(g.roleOf(4)).toBeUndefined();
    expect(g.accessSwitchOf(g.indexOf('server3')!)).toBe(g.indexOf('access2'));
    expect(g.accessSwitchOf(0)).toBe(0);
    expect(g.indexOf('nope')).toBeUndefined();
  });

  it('routes server1 → server4 over access1, core1, access2', () => {
    expect(names(doc, 'server1', 'server4')).toEqual(['server1', 'access1', 'core1', 'access2', 'server4']);
    expectLinksJoinNodes(doc, 'server1', 'server4');
  });

  it('keeps same-access traffic below the core', () => {
    expect(names(doc, 'server1', 'server2')).toEqual(['server1', 'access1', 'server2']);
    expect(names(doc, 'gateway1', 'server3')).toEqual(['gateway1', 'access3', 'core1', 'access2', 'server3']);
  });

  it('gives one node and no link for s = t', () => {
    const s = g.indexOf('server2')!;
    expect(g.path(s, s)).toEqual({ nodes: [s], links: [] });
  });

  it('lists neighbours sorted by name with their links', () => {
    const core = g.neighbours(g.indexOf('core1')!).map((n) => g.nameOf(n.node));
    expect(core).toEqual(['access1', 'access2', 'access3']);
    const access1 = g.neighbours(g.indexOf('access1')!);
    expect(access1.map((n) => g.nameOf(n.node))).toEqual(['core1', 'server1', 'server2']);
    for (const { node, link } of access1) expect([g.link(link).a, g.link(link).b]).toContain(node);
  });

  it('exposes link figures', () => {
    const l = g.link(0);
    expect(l.bandwidthGbps).toBe(100);
    expect(l.baseLatencyUs).toBeGreaterThan(0);
  });

  it('rejects node and link indices out of range', () => {
    expect(() => g.path(0, 99)).toThrow(RangeError);
    expect(() => g.nameOf(-1)).toThrow(RangeError);
    expect(() => g.link(g.linkCount)).toThrow(RangeError);
  });

  it('computes hop distances from one source', () => {
    const d = hopDistancesFrom(g, g.indexOf('core1')!);
    expect(d[g.indexOf('core1')!]).toBe(0);
    expect(d[g.indexOf('access3')!]).toBe(1);
    expect(d[g.indexOf('server4')!]).toBe(2);
  });
});

describe('tie-break: lexicographically smallest node-name sequence', () => {
  const link = (a: string, b: string): FabricLink => ({ a, b, bandwidthGbps: 100, baseLatencyUs: 1 });
  const sw = (name: string, role: 'access' | 'aggregation' | 'core', i: number) =>
    ({ name, role, vtepIp: `10.0.0.${i}`, sramCapacity: 10, sramThreshold: 9 });
  // Two cores in reverse name order in the document, so document order and name order disagree.
  const doc: FabricDocument = {
    name: 'diamond',
    switches: [sw('core-b', 'core', 1), sw('core-a', 'core', 2), sw('leaf2', 'access', 3), sw('leaf1', 'access', 4)],
    links: [link('leaf1', 'core-b'), link('leaf2', 'core-b'), link('leaf1', 'core-a'), link('leaf2', 'core-a'),
      link('h1', 'leaf1'), link('h2', 'leaf2')],
    servers: [{ name: 'h1', vtepIp: '10.1.0.1', accessSwitch: 'leaf1' }, { name: 'h2', vtepIp: '10.1.0.2', accessSwitch: 'leaf2' }],
    pods: [],
  };

  it('picks core-a over core-b whichever way the query goes', () => {
    expect(names(doc, 'h1', 'h2')).toEqual(['h1', 'leaf1', 'core-a', 'leaf2', 'h2']);
    expect(names(doc, 'h2', 'h1')).toEqual(['h2', 'leaf2', 'core-a', 'leaf1', 'h1']);
  });

  it('prefers a smaller name early over one later in the sequence', () => {
    // leaf1 → leaf2: via core-a (smaller second node) even though both are 2 hops.
    expect(names(doc, 'leaf1', 'leaf2')).toEqual(['leaf1', 'core-a', 'leaf2']);
  });

  it('returns no path between disconnected nodes', () => {
    const cut = { ...doc, links: doc.links.filter((l) => l.a !== 'h2') };
    const g = buildFabricGraph(cut);
    expect(g.path(g.indexOf('h1')!, g.indexOf('h2')!)).toEqual({ nodes: [], links: [] });
  });
});

describe('leaf-spine paths', () => {
  const doc = leafSpineFabric({ spines: 3, leaves: 4, serversPerLeaf: 2 });

  it('crosses the smallest-named spine between leaves', () => {
    expect(names(doc, 'server1-1', 'server4-2')).toEqual(['server1-1', 'leaf1', 'spine1', 'leaf4', 'server4-2']);
  });

  it('matches the brute-force reference on every pair', () => {
    const g = buildFabricGraph(doc);
    for (let s = 0; s < g.nodeCount; s++) {
      for (let t = 0; t < g.nodeCount; t++) {
        const got = g.path(s, t).nodes.map((n) => g.nameOf(n));
        expect(got).toEqual(referencePath(doc, g.nameOf(s), g.nameOf(t)));
      }
    }
  });
});

describe('fat-tree k = 4 against the brute-force reference', () => {
  it('agrees on all pairs (switches and servers)', () => {
    const doc = fatTreeFabric({ k: 4, serversPerEdge: 2 });
    const g = buildFabricGraph(doc);
    let checked = 0;
    for (let s = 0; s < g.nodeCount; s++) {
      for (let t = 0; t < g.nodeCount; t++) {
        const p = g.path(s, t);
        expect(p.nodes.map((n) => g.nameOf(n))).toEqual(referencePath(doc, g.nameOf(s), g.nameOf(t)));
        expect(p.links).toHaveLength(p.nodes.length - 1);
        checked++;
      }
    }
    expect(checked).toBe(36 * 36);
  });

  it('agrees on an irregular fabric (fat-tree with a seeded third of its links removed)', () => {
    const full = fatTreeFabric({ k: 4, serversPerEdge: 1 });
    let seed = 7;
    const keep = full.links.filter(() => { seed = (seed * 1103515245 + 12345) % 2147483648; return seed % 3 !== 0; });
    const doc = { ...full, links: keep };
    const g = buildFabricGraph(doc);
    let unreachable = 0;
    for (let s = 0; s < g.nodeCount; s++) {
      for (let t = 0; t < g.nodeCount; t++) {
        const ref = referencePath(doc, g.nameOf(s), g.nameOf(t));
        const got = g.path(s, t).nodes.map((n) => g.nameOf(n));
        if (ref === undefined) { unreachable++; expect(got).toEqual([]); } else expect(got).toEqual(ref);
      }
    }
    // The cut must actually have produced detours and islands, or this case tests nothing new.
    expect(unreachable).toBeGreaterThan(0);
  });

  it('goes up to a core and down between pods', () => {
    const doc = fatTreeFabric({ k: 4, serversPerEdge: 2 });
    expect(names(doc, 'server-1-1-1', 'server-4-2-2'))
      .toEqual(['server-1-1-1', 'edge-1-1', 'agg-1-1', 'core-1-1', 'agg-4-1', 'edge-4-2', 'server-4-2-2']);
    expectLinksJoinNodes(doc, 'server-1-1-1', 'server-4-2-2');
  });
});

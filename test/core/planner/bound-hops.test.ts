import { describe, expect, it } from 'vitest';
import { fatTreeFabric } from '../../../src/core/fabric/generators/fat-tree-fabric';
import { leafSpineFabric } from '../../../src/core/fabric/generators/leaf-spine-fabric';
import { testbedFabric } from '../../../src/core/fabric/generators/testbed-fabric';
import { buildFabricGraph } from '../../../src/core/fabric/graph';
import { HopBounds } from '../../../src/core/planner/bound-hops';
import { buildClosIndex } from '../../../src/core/planner/clos-index';

describe('HopBounds (hop lower bounds from fabric facts)', () => {
  it('fat-tree: layered with level parity; same pod 2 hops, other pods 4 — never above the real path', () => {
    const g = buildFabricGraph(fatTreeFabric({ k: 4, serversPerEdge: 1 }));
    const hops = new HopBounds(buildClosIndex(g));
    expect(hops.layered).toBe(true);
    expect(hops.parity).toBe(true);
    const edges = Array.from({ length: g.switchCount }, (_, n) => n).filter((n) => g.roleOf(n) === 'access');
    for (const a of edges) {
      for (const b of edges) {
        const real = g.path(a, b).links.length;
        expect(hops.between(a, b)).toBeLessThanOrEqual(real);
        expect(hops.between(a, b)).toBe(real); // exact on a fat-tree
      }
    }
  });

  it('leaf-spine and the testbed: layered without parity (access–core links skip a level)', () => {
    for (const doc of [leafSpineFabric({ spines: 2, leaves: 3, serversPerLeaf: 1 }), testbedFabric()]) {
      const g = buildFabricGraph(doc);
      const hops = new HopBounds(buildClosIndex(g));
      expect(hops.layered).toBe(true);
      expect(hops.parity).toBe(false);
      const access = Array.from({ length: g.switchCount }, (_, n) => n).filter((n) => g.roleOf(n) === 'access');
      for (const a of access) for (const b of access) expect(hops.between(a, b)).toBe(g.path(a, b).links.length);
    }
  });

  it('a link between two access switches makes the fabric not layered: only d ≥ 1 is claimed', () => {
    const doc = leafSpineFabric({ spines: 1, leaves: 2, serversPerLeaf: 1 });
    doc.links.push({ ...doc.links[0], a: 'leaf1', b: 'leaf2' });
    const g = buildFabricGraph(doc);
    const hops = new HopBounds(buildClosIndex(g));
    expect(hops.layered).toBe(false);
    expect(hops.between(g.indexOf('leaf1')!, g.indexOf('leaf2')!)).toBe(1);
  });
});

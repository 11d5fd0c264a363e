import { describe, expect, it } from 'vitest';
import { FabricGeneratorSpecSchema, generateFabric } from '../../../../src/core/fabric/generators/generate-fabric';
import { validateFabric } from '../../../../src/core/fabric/validate';

describe('generateFabric', () => {
  it('dispatches on kind', () => {
    const tb = generateFabric({ kind: 'testbed' });
    expect(tb.ok && tb.fabric.name).toBe('testbed');
    const ls = generateFabric({ kind: 'leaf-spine', spines: 2, leaves: 3, serversPerLeaf: 2, name: 'dc1' });
    expect(ls.ok && [ls.fabric.name, ls.fabric.switches.length, ls.fabric.servers.length]).toEqual(['dc1', 5, 6]);
    const ft = generateFabric({ kind: 'fat-tree', k: 4, serversPerEdge: 1, podsPerServer: 2, sramCapacity: 1000 });
    expect(ft.ok).toBe(true);
    if (ft.ok) {
      expect(ft.fabric.switches[0].sramThreshold).toBe(900);
      expect(ft.fabric.pods).toHaveLength(16);
      expect(validateFabric(ft.fabric)).toEqual({ ok: true });
    }
  });

  it('returns spec errors with field paths instead of throwing', () => {
    expect(generateFabric({ kind: 'fat-tree', k: 5, serversPerEdge: 1 }))
      .toEqual({ ok: false, errors: [{ path: 'k', reason: 'k must be even' }] });
    const r = generateFabric({ kind: 'leaf-spine', spines: 0, leaves: 2 });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors.map((e) => e.path).sort()).toEqual(['serversPerLeaf', 'spines']);
    const unknown = generateFabric({ kind: 'torus' });
    expect(unknown.ok).toBe(false);
    if (!unknown.ok) expect(unknown.errors[0].path).toBe('kind');
    expect(generateFabric({ kind: 'testbed', sramCapacity: 10, sramThreshold: 11 }))
      .toEqual({ ok: false, errors: [{ path: 'sramThreshold', reason: 'must be ≤ sramCapacity' }] });
  });

  it('refuses specs beyond the limits', () => {
    const r = generateFabric({ kind: 'fat-tree', k: 128, serversPerEdge: 64, podsPerServer: 64 });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors.map((e) => e.path)).toContain('podsPerServer');
  });

  it('has a schema usable for request validation', () => {
    expect(FabricGeneratorSpecSchema.safeParse({ kind: 'fat-tree', k: 90, serversPerEdge: 22 }).success).toBe(true);
    expect(FabricGeneratorSpecSchema.safeParse({ kind: 'testbed', extra: 1 }).success).toBe(false);
  });
});

import highsLoader from 'highs';
import { describe, expect, it } from 'vitest';
import { fatTreeFabric } from '../../../src/core/fabric/generators/fat-tree-fabric';
import { leafSpineFabric } from '../../../src/core/fabric/generators/leaf-spine-fabric';
import { buildFabricGraph } from '../../../src/core/fabric/graph';
import type { FabricGraph } from '../../../src/core/fabric/fabric-graph';
import { prepareInstance, type PlanInstance } from '../../../src/core/planner';
import { buildExactMilp } from '../../../src/core/planner/bound-exact-milp';
import { evaluateOwners } from '../../../src/core/planner/evaluate-owners';
import { lowerBound } from '../../../src/core/planner/lower-bound';
import type { PlannerRule } from '../../../src/core/planner/types';
import { syntheticWorkload } from '../../../src/core/planner/workload';

/** The solver's tangent envelope of F(e) is below F by < 0.1 %: its optimum is ≥ (1 − 1e-3) × the exact optimum. */
const ENVELOPE = 1e-3;

function instance(g: FabricGraph, rules: PlannerRule[]): PlanInstance {
  const inst = prepareInstance({ graph: g, rules });
  if (inst.kind !== 'instance') throw new Error(`${inst.field}: ${inst.reason}`);
  return inst;
}

describe('lower bound over every assignment (any owner switch)', () => {
  it('stays ≤ an assignment whose owner is a footprint access switch outside every common ancestor', () => {
    // r: Q = {s1}, K = {s1, s3}, y = 7 Gbps. S_high = {spine1} (leaf1 and leaf2 meet there), but leaf1 is better:
    // F(s1–leaf1) = 2 / (1 − 0.7) = 6.6667 µs (10 Gbps), switch links 1 / (1 − 0.07) = 1.0753 µs, s3–leaf2 2.1505 µs.
    // Owner leaf1:  Q side 6.6667; K side max(6.6667, 1.0753 + 1.0753 + 2.1505) = 6.6667 → T = 13.3333 µs.
    // Owner spine1: Q side 6.6667 + 1.0753; K side max(1.0753 + 6.6667, 1.0753 + 2.1505) → T = 15.4839 µs.
    // A bound over the common ancestors only would be 15.48 > the optimum 13.33.
    const sw = (name: string, role: 'access' | 'core') => ({ name, role, vtepIp: '10.0.0.1', sramCapacity: 100, sramThreshold: 90 });
    const g = buildFabricGraph({
      name: 'one-side-local',
      switches: [sw('spine1', 'core'), sw('leaf1', 'access'), sw('leaf2', 'access')],
      servers: [{ name: 's1', vtepIp: '10.1.0.1', accessSwitch: 'leaf1' }, { name: 's3', vtepIp: '10.1.0.3', accessSwitch: 'leaf2' }],
      links: [
        { a: 's1', b: 'leaf1', bandwidthGbps: 10, baseLatencyUs: 2 },
        { a: 'leaf1', b: 'spine1', bandwidthGbps: 100, baseLatencyUs: 1 },
        { a: 'leaf2', b: 'spine1', bandwidthGbps: 100, baseLatencyUs: 1 },
        { a: 's3', b: 'leaf2', bandwidthGbps: 100, baseLatencyUs: 2 },
      ],
      pods: [],
    });
    const at = (name: string): number => g.indexOf(name)!;
    const inst = instance(g, [{ id: 'r', requesters: [at('s1')], backends: [at('s1'), at('s3')], expectedSessions: 10, expectedGbps: 7 }]);
    const viaLeaf = evaluateOwners(inst, Int32Array.of(at('leaf1'))).objectiveUs;
    const viaSpine = evaluateOwners(inst, Int32Array.of(at('spine1'))).objectiveUs;
    expect(viaLeaf).toBeCloseTo(2 * 2 / 0.3, 4);
    expect(viaSpine).toBeCloseTo(2 * (2 / 0.3 + 1 / 0.93), 4);
    const lb = lowerBound(inst);
    expect(lb.lowerBoundUs).toBeLessThanOrEqual(viaLeaf + 1e-9);
    expect(lb.lowerBoundUs).toBeCloseTo(viaLeaf, 6);
  });

  it('is ≤ the HiGHS optimum over all owners on seeded small instances, congested and capacity-bound', async () => {
    const highs = await highsLoader();
    const cases: { name: string; g: FabricGraph; rules: number; seed: number; gbps: number; sessions: number; heavy: number }[] = [];
    // Leaf-spine 2 × 4, M_n = 16 sessions (x_r ≤ 12): capacities bind, rules must leave their cheapest owners.
    for (const seed of [1, 2, 4, 5, 6]) {
      cases.push({ name: `leaf-spine seed ${seed}`, g: buildFabricGraph(leafSpineFabric({ spines: 2, leaves: 4, serversPerLeaf: 2, sramCapacity: 16 })), rules: 9, seed, gbps: 60 + 25 * seed, sessions: 40, heavy: 0 });
    }
    // Fat-tree k = 4: congested server links (some overloaded), rules of up to ~85 Gbps.
    for (const seed of [5, 6, 7]) {
      cases.push({ name: `fat-tree seed ${seed}`, g: buildFabricGraph(fatTreeFabric({ k: 4, serversPerEdge: 2, sramCapacity: 400 })), rules: 6, seed, gbps: 60 + 40 * seed, sessions: 50, heavy: 0 });
    }
    let capacityBinding = 0;
    const ratios: number[] = [];
    for (const c of cases) {
      const rules = syntheticWorkload(c.g, { rules: c.rules, seed: c.seed, totalGbps: c.gbps, meanSessions: c.sessions, heavyShare: c.heavy });
      const inst = instance(c.g, rules);
      const lb = lowerBound(inst);
      if (lb.capacityBinding) capacityBinding++;
      const model = buildExactMilp(inst);
      const sol = highs.solve(model.lp, { time_limit: 60, mip_rel_gap: 1e-7 });
      expect(sol.Status, c.name).toBe('Optimal');
      const columns = new Map(Object.entries(sol.Columns).map(([k, col]) => [k, (col as { Primal: number }).Primal]));
      const exact = evaluateOwners(inst, model.decode(columns)).objectiveUs;
      // sol.ObjectiveValue ≤ exact optimum ≤ exact (the solver's plan evaluated with eq. 1–3).
      expect(sol.ObjectiveValue, c.name).toBeLessThanOrEqual(exact + 1e-6);
      expect(lb.lowerBoundUs, c.name).toBeLessThanOrEqual(sol.ObjectiveValue * (1 + ENVELOPE) + 1e-9);
      ratios.push(lb.lowerBoundUs / sol.ObjectiveValue);
    }
    expect(capacityBinding).toBeGreaterThan(0);
    // Not vacuous: on these instances the bound is within 10 % of the optimum on average.
    expect(ratios.reduce((p, q) => p + q, 0) / ratios.length).toBeGreaterThan(0.9);
  }, 120_000);
});

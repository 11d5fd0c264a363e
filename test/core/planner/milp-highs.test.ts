import highsLoader from 'highs';
import { describe, expect, it } from 'vitest';
import { fatTreeFabric } from '../../../src/core/fabric/generators/fat-tree-fabric';
import { buildFabricGraph } from '../../../src/core/fabric/graph';
import { plan, prepareInstance, type PlanInstance } from '../../../src/core/planner';
import { evaluateOwners } from '../../../src/core/planner/evaluate-owners';
import { lowerBound } from '../../../src/core/planner/lower-bound';
import { buildPlannerMilp } from '../../../src/core/planner/milp';
import { syntheticWorkload } from '../../../src/core/planner/workload';

describe('exact MILP (HiGHS, wasm) on small instances', () => {
  it('the planner reaches the HiGHS optimum; lower bound ≤ optimum', async () => {
    const highs = await highsLoader();
    for (const seed of [2, 7]) {
      const g = buildFabricGraph(fatTreeFabric({ k: 4, serversPerEdge: 2, sramCapacity: 700 }));
      const rules = syntheticWorkload(g, { rules: 10, seed, totalGbps: 30, meanSessions: 60 });
      const inst = prepareInstance({ graph: g, rules }) as PlanInstance;
      const ours = plan({ graph: g, rules }, { seed, iterations: 5000 });
      if (ours.kind !== 'plan') throw new Error(JSON.stringify(ours));

      const model = buildPlannerMilp(inst);
      const sol = highs.solve(model.lp, { time_limit: 60, mip_rel_gap: 1e-7 });
      expect(sol.Status).toBe('Optimal');
      const columns = new Map(Object.entries(sol.Columns).map(([k, c]) => [k, (c as { Primal: number }).Primal]));
      const optimum = evaluateOwners(inst, model.decode(columns)).objectiveUs;
      // The MILP optimises the tangent envelope of F(e) (≤ F): its value is at most the exact optimum.
      expect(sol.ObjectiveValue).toBeLessThanOrEqual(optimum + 1e-6);
      expect(ours.objectiveUs).toBeCloseTo(optimum, 6);
      expect(lowerBound(inst).lowerBoundUs).toBeLessThanOrEqual(optimum + 1e-9);
    }
  });
});

import { describe, expect, it } from 'vitest';
import { leafSpineFabric } from '../../../src/core/fabric/generators/leaf-spine-fabric';
import { buildFabricGraph } from '../../../src/core/fabric/graph';
import { plan, prepareInstance, type PlanInstance, type PlanResult } from '../../../src/core/planner';
import { CandidateFinder } from '../../../src/core/planner/candidates';
import { displaceOversubscribed } from '../../../src/core/planner/greedy-displace';
import { lowerBound } from '../../../src/core/planner/lower-bound';
import { PlanState } from '../../../src/core/planner/plan-state';
import { syntheticWorkload } from '../../../src/core/planner/workload';

/** 3 spines × 8 leaves × 4 servers, every switch with M_n = sram; 300 seeded rules (multi-leaf demand 8,616 sessions). */
function leafSpine(sram: number) {
  const g = buildFabricGraph(leafSpineFabric({ spines: 3, leaves: 8, serversPerLeaf: 4, sramCapacity: sram }));
  const rules = syntheticWorkload(g, { rules: 300, seed: 4, totalGbps: 150, meanSessions: 50 });
  const inst = prepareInstance({ graph: g, rules }) as PlanInstance;
  return { g, rules, inst };
}

function displaced(inst: PlanInstance): { out: Uint8Array; high: Int32Array; shortfall: number; spineRoom: number } {
  const { clos, fp } = inst;
  const st = new PlanState(clos, fp, inst.baseLoad.slice(), inst.capacity.slice());
  const finder = new CandidateFinder(clos, fp);
  const high = Int32Array.from({ length: fp.count }, (_, r) => finder.high(r));
  const out = displaceOversubscribed(st, high, new Float64Array(fp.count));
  let demand = 0, spineRoom = 0;
  for (let r = 0; r < fp.count; r++) if (fp.uStart[r + 1] - fp.uStart[r] >= 2) demand += fp.x[r];
  for (let n = 0; n < clos.switchCount; n++) if (clos.level[n] > 0) spineRoom += inst.capacity[n];
  return { out, high, shortfall: demand - spineRoom, spineRoom };
}

describe('displaceOversubscribed (rules S_high cannot hold)', () => {
  it('takes just the shortfall of an oversubscribed S_high, from multi-leaf rules only', () => {
    const { inst } = leafSpine(2000);
    const { out, shortfall } = displaced(inst);
    expect(shortfall).toBeGreaterThan(0); // 8,616 sessions for 3 × 2,000
    let sum = 0, maxX = 0;
    for (let r = 0; r < inst.fp.count; r++) {
      if (!out[r]) continue;
      expect(inst.fp.uStart[r + 1] - inst.fp.uStart[r]).toBeGreaterThanOrEqual(2);
      sum += inst.fp.x[r];
      maxX = Math.max(maxX, inst.fp.x[r]);
    }
    expect(sum).toBeGreaterThanOrEqual(shortfall);
    expect(sum - maxX).toBeLessThan(shortfall); // stops once the shortfall is covered
  });

  it('displaces nothing when S_high has room', () => {
    const { inst } = leafSpine(4000);
    const { out, shortfall } = displaced(inst);
    expect(shortfall).toBeLessThan(0);
    expect(out.every((d) => d === 0)).toBe(true);
  });
});

describe('plan with an oversubscribed S_high (leaf-spine: leaf-owned rules all cross spine1)', () => {
  it('respects M_n, puts the overflow on leaves, and stays within 3 % of the lower bound', () => {
    const { g, rules, inst } = leafSpine(2000);
    const out = plan({ graph: g, rules }, { seed: 1, iterations: 3000 });
    expect(out.kind).toBe('plan');
    const p = out as PlanResult;
    for (let n = 0; n < g.switchCount; n++) expect(p.switchLoad[n]).toBeLessThanOrEqual(inst.capacity[n]);
    let leafOwnedMulti = 0;
    for (let r = 0; r < inst.fp.count; r++) {
      if (inst.fp.uStart[r + 1] - inst.fp.uStart[r] >= 2 && inst.clos.level[p.owners[r]] === 0) leafOwnedMulti++;
    }
    expect(leafOwnedMulti).toBeGreaterThan(0); // the spines cannot hold them all
    // Before the displacement step and the three-switch swaps this instance planned at 9.48 µs (21 % above).
    expect(p.objectiveUs / lowerBound(inst).lowerBoundUs).toBeLessThan(1.03);
  });
});

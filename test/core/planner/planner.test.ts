import { describe, expect, it } from 'vitest';
import { fatTreeFabric } from '../../../src/core/fabric/generators/fat-tree-fabric';
import { leafSpineFabric } from '../../../src/core/fabric/generators/leaf-spine-fabric';
import { testbedFabric } from '../../../src/core/fabric/generators/testbed-fabric';
import { buildFabricGraph } from '../../../src/core/fabric/graph';
import { linkDelayUs, plan, plannerRules, prepareInstance, type PlanInstance, type PlanResult } from '../../../src/core/planner';
import { assignmentBaseline } from '../../../src/core/planner/baseline-assign';
import { gatewayBaseline, ISTIO_SIDECAR_US, sidecarBaseline } from '../../../src/core/planner/baseline-paths';
import { lowerBound } from '../../../src/core/planner/lower-bound';
import { syntheticWorkload } from '../../../src/core/planner/workload';
import type { Rule } from '../../../src/core/rules/types';

function fatTree(sram = 65_536) {
  const doc = fatTreeFabric({ k: 4, serversPerEdge: 2, sramCapacity: sram });
  doc.servers[0] = { ...doc.servers[0], kind: 'gateway' };
  return buildFabricGraph(doc);
}

function mustPlan(out: ReturnType<typeof plan>): PlanResult {
  if (out.kind !== 'plan') throw new Error(JSON.stringify(out));
  return out;
}

describe('plan', () => {
  it('never exceeds M_n − m_n, and x(n) sums the owners’ x_r', () => {
    const g = fatTree(900);
    const rules = syntheticWorkload(g, { rules: 120, seed: 3, totalGbps: 60, meanSessions: 100 });
    const sramUsed = new Map([['core-1-1', 500], ['agg-1-1', 850]]);
    const out = mustPlan(plan({ graph: g, rules, sramUsed }, { seed: 3, iterations: 3000 }));
    const expected = new Float64Array(g.switchCount);
    rules.forEach((r, i) => { expected[out.owners[i]] += r.expectedSessions; });
    for (let n = 0; n < g.switchCount; n++) {
      const free = g.doc.switches[n].sramCapacity - (sramUsed.get(g.nameOf(n)) ?? 0);
      expect(out.switchLoad[n]).toBeCloseTo(expected[n], 9);
      expect(out.switchLoad[n]).toBeLessThanOrEqual(free);
    }
  });

  it('same seed → same plan', () => {
    const g = fatTree();
    const rules = syntheticWorkload(g, { rules: 200, seed: 9, totalGbps: 150, meanSessions: 50 });
    const a = mustPlan(plan({ graph: g, rules }, { seed: 42, iterations: 2000 }));
    const b = mustPlan(plan({ graph: g, rules }, { seed: 42, iterations: 2000 }));
    expect(Array.from(a.owners)).toEqual(Array.from(b.owners));
    expect(a.objectiveUs).toBe(b.objectiveUs);
  });

  it('T(r) agrees with eq. 2 evaluated over the fabric’s own paths p(s, n), p(n, t)', () => {
    const g = fatTree();
    const rules = syntheticWorkload(g, { rules: 150, seed: 5, totalGbps: 200, meanSessions: 50 });
    const out = mustPlan(plan({ graph: g, rules }, { seed: 1, iterations: 1000 }));
    const F = (l: number): number => {
      const link = g.link(l);
      return linkDelayUs(link.baseLatencyUs, out.linkUtilization[l] * link.bandwidthGbps, link.bandwidthGbps);
    };
    const along = (u: number, v: number): number => g.path(u, v).links.reduce((t, l) => t + F(l), 0);
    rules.forEach((rule, r) => {
      const n = out.owners[r];
      let tq = 0, tk = 0;
      for (const s of Array.from(rule.requesters)) tq = Math.max(tq, along(s, n));
      for (const t of Array.from(rule.backends)) tk = Math.max(tk, along(n, t));
      expect(out.latencyUs[r]).toBeCloseTo(tq + tk, 9);
    });
    expect(out.objectiveUs).toBe(Math.max(...out.latencyUs));
  });

  it('infeasible input → a value naming the cause (total demand)', () => {
    const g = fatTree(100);
    const s = g.switchCount + 1;
    const rules = Array.from({ length: 30 }, (_, i) => ({ id: `r${i}`, requesters: [s], backends: [s + 4], expectedSessions: 80, expectedGbps: 0.1 }));
    const out = plan({ graph: g, rules });
    expect(out.kind).toBe('infeasible');
    if (out.kind !== 'infeasible') return;
    expect(out.reason).toBe('the rules need 2400 sessions in total but the switches have 2000 free (Σ M_n − m_n)');
    expect(out.demandSessions).toBeGreaterThan(out.freeSessions);
  });

  it('a rule larger than every switch → infeasible naming the rule', () => {
    const g = fatTree(100);
    const s = g.switchCount + 1;
    const out = plan({ graph: g, rules: [{ id: 'big', requesters: [s], backends: [s + 2], expectedSessions: 101, expectedGbps: 0 }] });
    expect(out.kind).toBe('infeasible');
    if (out.kind === 'infeasible') {
      expect(out.reason).toContain('big (x_r = 101)');
      expect(out.rules.map((r) => r.id)).toEqual(['big']);
    }
  });

  it('rules that fit only beyond their candidates → infeasible naming rules and candidate switches', () => {
    // Leaf-spine: rules between leaf1 and leaf2 can only be owned by the spines (or the leaves themselves when local).
    const doc = leafSpineFabric({ spines: 2, leaves: 2, serversPerLeaf: 1, sramCapacity: 10 });
    const g = buildFabricGraph(doc);
    const a = g.indexOf('server1-1')!, b = g.indexOf('server2-1')!;
    const rules = Array.from({ length: 4 }, (_, i) => ({ id: `cross-${i}`, requesters: [a], backends: [b], expectedSessions: 6, expectedGbps: 0 }));
    const out = plan({ graph: g, rules });
    // 4 × 6 = 24 ≤ 40 free in total, but each spine takes one, and the leaves one each (as S_low, with a detour).
    expect(out.kind).toBe('plan');
    const tight = plan({ graph: g, rules: [...rules, { ...rules[0], id: 'cross-4' }] });
    expect(tight.kind).toBe('infeasible');
    if (tight.kind === 'infeasible') {
      expect(tight.reason).toContain('cross-');
      expect(tight.rules[0].candidates).toEqual(['spine1', 'spine2']);
    }
  });

  it('bad input → invalid, naming the field', () => {
    const g = fatTree();
    const out = plan({ graph: g, rules: [{ id: 'x', requesters: [0], backends: [], expectedSessions: 1, expectedGbps: 0 }] });
    expect(out).toMatchObject({ kind: 'invalid', field: 'rules[0].requesters[0]' });
    const neg = plan({ graph: g, rules: [{ id: 'x', requesters: [], backends: [], expectedSessions: -1, expectedGbps: 0 }] });
    expect(neg).toMatchObject({ kind: 'invalid', field: 'rules[0].expectedSessions' });
    const used = plan({ graph: g, rules: [], sramUsed: new Map([['nope', 1]]) });
    expect(used).toMatchObject({ kind: 'invalid', field: 'sramUsed.nope' });
    const noClock = plan({ graph: g, rules: [] }, { deadline: 5 });
    expect(noClock).toMatchObject({ kind: 'invalid', field: 'options.now' });
  });

  it('plannerRules maps pod servers to nodes and names unknown servers', () => {
    const g = buildFabricGraph(testbedFabric());
    const rule = { id: 'ns/vs/http/0', requesters: [{ pod: 'p', ip: '1.1.1.1', server: 'server1' }],
      backends: [{ pod: 'q', ip: '1.1.1.2', server: 'server4', nodeVtepIp: '10.1.0.4', weight: 100 }],
      expectedSessions: 5, expectedGbps: 0.1 } as unknown as Rule;
    const ok = plannerRules(g, [rule]);
    expect(Array.isArray(ok) && Array.from(ok[0].requesters)).toEqual([g.indexOf('server1')]);
    const bad = plannerRules(g, [{ ...rule, backends: [{ ...rule.backends[0], server: 'ghost' }] }]);
    expect(bad).toMatchObject({ kind: 'invalid', field: 'rules[0].backends[0].server' });
  });
});

describe('baselines and lower bound', () => {
  it('the testbed at 50 kRPS: plan beats the gateway by ≥ 50 % and the lower bound is ≤ the objective', () => {
    const g = buildFabricGraph(testbedFabric());
    const rules = syntheticWorkload(g, { rules: 300, seed: 1, totalGbps: 50_000 * 1.91e-3, meanSessions: 50 });
    const inst = prepareInstance({ graph: g, rules }) as PlanInstance;
    const out = mustPlan(plan({ graph: g, rules }, { seed: 1, iterations: 2000 }));
    const gw = gatewayBaseline(inst)!;
    expect(gw.owners.every((o) => g.nameOf(o) === 'gateway1')).toBe(true);
    expect(out.objectiveUs).toBeLessThan(0.5 * gw.objectiveUs);
    const lb = lowerBound(inst);
    expect(lb.lowerBoundUs).toBeLessThanOrEqual(out.objectiveUs + 1e-9);
    const side = sidecarBaseline(inst);
    expect(side.objectiveUs).toBeGreaterThan(ISTIO_SIDECAR_US);
    for (const mode of ['random', 'firstFit'] as const) {
      const b = assignmentBaseline(inst, mode, 1)!;
      expect(b.objectiveUs).toBeGreaterThanOrEqual(lb.lowerBoundUs - 1e-9);
    }
  });

  it('lower bound ≤ objective on fat-tree and leaf-spine instances, with binding capacities', () => {
    for (const [g, seed] of [[fatTree(700), 1], [buildFabricGraph(leafSpineFabric({ spines: 3, leaves: 6, serversPerLeaf: 3, sramCapacity: 1500 })), 2]] as const) {
      const rules = syntheticWorkload(g, { rules: 150, seed, totalGbps: 100, meanSessions: 60 });
      const inst = prepareInstance({ graph: g, rules }) as PlanInstance;
      const out = mustPlan(plan({ graph: g, rules }, { seed, iterations: 2000 }));
      const lb = lowerBound(inst);
      expect(lb.lowerBoundUs).toBeLessThanOrEqual(out.objectiveUs + 1e-9);
      expect(lb.lowerBoundUs).toBeGreaterThan(0);
    }
  });
});

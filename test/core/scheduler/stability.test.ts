import { describe, expect, it } from 'vitest';
import { buildFabricGraph } from '../../../src/core/fabric/graph';
import { fatTreeFabric } from '../../../src/core/fabric/generators/fat-tree-fabric';
import { plan } from '../../../src/core/planner';
import { seededRandom } from '../../../src/core/planner/rng';
import { syntheticWorkload } from '../../../src/core/planner/workload';
import {
  buildSchedulerModel, DEFAULT_SCHEDULER_SETTINGS, evaluateTrigger, migrate, type RecentMove, type SchedulerSettings,
} from '../../../src/core/scheduler';
import { figures, testbedCase } from './fixtures';

describe('constraints hold after every decision', () => {
  it('on a k = 4 fat-tree with random surges: no destination above T_SRAM, δx ≤ ΔX unless flagged, every R_Δ^full rule moved or skipped with a reason', () => {
    const graph = buildFabricGraph(fatTreeFabric({ k: 4, serversPerEdge: 2, sramCapacity: 4000, sramThreshold: 3600 }));
    const rules = syntheticWorkload(graph, { rules: 60, seed: 7, totalGbps: 40, meanSessions: 150 });
    const planned = plan({ graph, rules }, { seed: 1, iterations: 500 });
    if (planned.kind !== 'plan') throw new Error(JSON.stringify(planned));
    const owners = new Map(rules.map((r, i) => [r.id, graph.nameOf(planned.owners[i])] as const));
    const model = buildSchedulerModel({ graph, rules, owners, topK: 0.2 });
    if (model.kind !== 'model') throw new Error(model.reason);
    const settings: SchedulerSettings = { ...DEFAULT_SCHEDULER_SETTINGS, deltaX: 400 };
    const rnd = seededRandom(11);
    const S = graph.switchCount;
    let decisions = 0;
    for (let round = 0; round < 200; round++) {
      // Observed sessions: every rule between 0.5 and 3 × x_r; m_n = Σ over owned rules.
      const sessions = rules.map((r) => Math.round(r.expectedSessions * (0.5 + 2.5 * rnd())));
      const occupancy = new Float64Array(S), deltaX = new Float64Array(S);
      rules.forEach((r, i) => { const n = planned.owners[i]; occupancy[n] += sessions[i]; deltaX[n] += sessions[i] - r.expectedSessions; });
      const c = planned.owners[Math.floor(rnd() * rules.length)];
      const observations = Array.from(model.rulesOf(c), (r) => ({ ruleId: model.ruleIds[r], sessions: sessions[r], gbps: rules[r].expectedGbps }));
      const out = migrate(model, settings, { switchName: graph.nameOf(c), observations, switches: { occupancy, deltaX }, history: [], now: 0 });
      if (out.kind !== 'decision') continue;
      decisions++;
      // Recompute every switch's m and δx from scratch with the moves applied.
      const occ = occupancy.slice(), dx = deltaX.slice();
      for (const m of out.moves) {
        const from = graph.indexOf(m.from)!, to = graph.indexOf(m.to)!;
        expect(m.from).toBe(graph.nameOf(c));
        occ[from] -= m.sessions; occ[to] += m.sessions; dx[from] -= m.excess; dx[to] += m.excess;
      }
      for (const m of out.moves) {
        const to = graph.indexOf(m.to)!;
        expect(occ[to]).toBeLessThanOrEqual(graph.doc.switches[to].sramThreshold);
        if (!out.moves.some((x) => x.to === m.to && x.deltaXRelaxed)) expect(dx[to]).toBeLessThanOrEqual(settings.deltaX);
      }
      for (const a of out.after) expect(a.occupancy).toBeCloseTo(occ[graph.indexOf(a.switch)!], 6);
      // Every rule of R_Δ^full either moved or was skipped with a reason.
      const above = observations.filter((o) => o.sessions > rules[model.ruleIndex.get(o.ruleId)!].expectedSessions).map((o) => o.ruleId);
      for (const id of above) expect(out.moves.some((m) => m.ruleId === id) || out.skipped.some((s) => s.ruleId === id)).toBe(true);
    }
    expect(decisions).toBeGreaterThan(50);
  });
});

describe('no flapping under an oscillating load', () => {
  /**
   * r1 surges on whichever switch owns it, every second, for 10 minutes (the load "follows" the rule: the worst
   * case for flapping). Each second: eq. 4 on the owner; if it fires, decide, apply the moves (new plan), remember
   * them. With the 60 s cool-down r1 moves at most once per minute; with no cool-down it moves every second.
   */
  function simulate(cooldownMs: number): number {
    let owners: Record<string, string> = { r1: 'access1', r2: 'access2', r3: 'access1' };
    const history: RecentMove[] = [];
    let moves = 0;
    for (let t = 0; t < 600_000; t += 1000) {
      const { graph, model } = testbedCase(owners);
      const owner = owners.r1;
      const sessions = 1500;
      const trig = evaluateTrigger({
        switchName: owner, owned: [{ ruleId: 'r1', vni: 1, expectedSessions: 100 }], observed: [{ vni: 1, sessions }],
        occupancy: sessions, sramThreshold: 58982, deltaX: 1000,
      });
      if (trig.kind !== 'trigger' || !trig.fired) continue;
      const out = migrate(model, { ...DEFAULT_SCHEDULER_SETTINGS, deltaX: 1000, cooldownMs }, {
        switchName: owner, observations: [{ ruleId: 'r1', sessions, gbps: 10 }],
        switches: figures(graph, { [owner]: sessions }, { [owner]: sessions - 100 }), history, now: t,
      });
      if (out.kind !== 'decision') continue;
      for (const m of out.moves) { history.push({ ruleId: m.ruleId, from: m.from, to: m.to, at: t }); owners = { ...owners, [m.ruleId]: m.to }; moves++; }
    }
    return moves;
  }

  it('moves a rule at most once per cool-down, and would flap without it', () => {
    expect(simulate(60_000)).toBeLessThanOrEqual(10);
    expect(simulate(0)).toBeGreaterThan(100);
  });
});

import { buildFabricGraph } from '../../../src/core/fabric/graph';
import { testbedFabric } from '../../../src/core/fabric/generators/testbed-fabric';
import type { FabricGraph } from '../../../src/core/fabric/fabric-graph';
import type { PlannerRule } from '../../../src/core/planner/types';
import { buildSchedulerModel, type SchedulerModel } from '../../../src/core/scheduler';

/**
 * The paper's testbed (core1; access1 with server1, server2; access2 with server3, server4; access3 with gateway1),
 * 100 Gbps links, T_base 1 µs switch–switch and 2 µs server–access, T_SRAM = 58,982 — and three rules:
 * - r1: server1 → server2 (both under access1), x = 100, y = 10 Gbps, owned by access1 (the heavy rule: R_k);
 * - r2: server3 → server4 (under access2), x = 100, y = 1 Gbps, owned by access2;
 * - r3: server2 → server1, x = 100, y = 0.5 Gbps, owned by access1.
 */
export function testbedCase(owners: Record<string, string> = { r1: 'access1', r2: 'access2', r3: 'access1' }): {
  graph: FabricGraph; rules: PlannerRule[]; model: SchedulerModel;
} {
  const graph = buildFabricGraph(testbedFabric());
  const s = (name: string): number => graph.indexOf(name)!;
  const rules: PlannerRule[] = [
    { id: 'r1', requesters: [s('server1')], backends: [s('server2')], expectedSessions: 100, expectedGbps: 10 },
    { id: 'r2', requesters: [s('server3')], backends: [s('server4')], expectedSessions: 100, expectedGbps: 1 },
    { id: 'r3', requesters: [s('server2')], backends: [s('server1')], expectedSessions: 100, expectedGbps: 0.5 },
  ];
  const model = buildSchedulerModel({ graph, rules, owners: new Map(Object.entries(owners)), topK: 0.2 });
  if (model.kind !== 'model') throw new Error(`${model.field}: ${model.reason}`);
  return { graph, rules, model };
}

/** Per-switch figures by name (others 0). */
export function figures(graph: FabricGraph, occupancy: Record<string, number>, deltaX: Record<string, number> = {}) {
  const occ = new Float64Array(graph.switchCount);
  const dx = new Float64Array(graph.switchCount);
  for (const [n, v] of Object.entries(occupancy)) occ[graph.indexOf(n)!] = v;
  for (const [n, v] of Object.entries(deltaX)) dx[graph.indexOf(n)!] = v;
  return { occupancy: occ, deltaX: dx };
}

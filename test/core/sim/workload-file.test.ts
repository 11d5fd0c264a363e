import { describe, expect, it } from 'vitest';
import { testbedFabric } from '../../../src/core/fabric/generators/testbed-fabric';
import { buildFabricGraph } from '../../../src/core/fabric/graph';
import { simulate } from '../../../src/core/sim/simulate';
import { workloadFromFile } from '../../../src/core/sim/workload-file';

const fabric = testbedFabric({ podsPerServer: 1 });
const graph = buildFabricGraph(fabric);
const [p1, p2, p3] = fabric.pods.map((p) => p.name);

describe('workload file', () => {
  it('names the field of every bad entry', () => {
    const w = workloadFromFile({ rules: [{ id: 'a', share: 1, requesters: [p1], backends: [{ pod: 'nope', weight: 1 }] }, { id: '', share: -1 }] },
      fabric, graph, 1000);
    expect(w.ok).toBe(false);
    if (!w.ok) {
      expect(w.errors.map((e) => e.field)).toEqual(expect.arrayContaining([
        'rules[0].backends[0].pod', 'rules[1].id', 'rules[1].share', 'rules[1].requesters', 'rules[1].backends',
      ]));
    }
  });

  it('drives a run: every request goes from the file\'s requester to its backends', () => {
    const w = workloadFromFile({ requestBits: 1e6, rules: [{ id: 'a', share: 1, requesters: [p1], backends: [{ pod: p2, weight: 1 }, { pod: p3, weight: 1 }] }] },
      fabric, graph, 1000);
    if (!w.ok) throw new Error(JSON.stringify(w.errors));
    expect(w.value.rules[0].expectedGbps).toBeCloseTo(1, 12); // 1,000 req/s × 1 Mb
    const r = simulate({ fabric, graph, workload: w.value, architecture: 'istio', rps: 1000, durationSeconds: 0.05, seed: 1 });
    if (!r.ok) throw new Error('sim');
    expect(r.value.completedInWindow).toBeGreaterThan(20);
    expect(r.value.censored).toBe(0);
  });
});

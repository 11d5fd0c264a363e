import { describe, expect, it } from 'vitest';
import { schedulerMigrate } from '../../../src/cli/sim-fig11';
import { leafSpineFabric } from '../../../src/core/fabric/generators/leaf-spine-fabric';
import { buildFabricGraph } from '../../../src/core/fabric/graph';
import { runFig11 } from '../../../src/core/sim/fig11';
import { buildCarParkingWorkload } from '../../../src/core/sim/workload';

describe('Fig. 11 surge run with the real online scheduler', () => {
  it('a surge above M_n is moved away one telemetry interval later', () => {
    const fabric = leafSpineFabric({ name: 'f11', spines: 2, leaves: 2, serversPerLeaf: 2 });
    const graph = buildFabricGraph(fabric);
    const w = buildCarParkingWorkload(fabric, graph, { seed: 1, rps: 2000, ruleCount: 100 });
    if (!w.ok) throw new Error('workload');
    // Every rule starts on spine1 (a plan the scheduler must repair), so the surge hits all of them.
    const owners = new Map(w.value.rules.map((r) => [r.id, 'spine1']));
    const out = runFig11({
      fabric, graph, workload: w.value, owners, seed: 1, rps: 2000, durationSeconds: 1,
      migrate: schedulerMigrate(fabric, graph, w.value.rules),
      surges: [{ switchName: 'spine1', atSeconds: 0.3, forSeconds: 0.2 }],
    });
    if (!out.ok) throw new Error(JSON.stringify(out.errors));
    const f = out.value;
    expect(f.migrations.length).toBeGreaterThan(0);
    expect(f.migrations[0].timeMs).toBeCloseTo(400, 6);
    const spine1 = f.sessionsBySwitch.spine1;
    const at = (ms: number) => f.timeMs.findIndex((t) => Math.abs(t - ms) < 1e-6);
    expect(spine1[at(300)]).toBeGreaterThan(65_536);
    expect(spine1[at(400)]).toBeLessThanOrEqual(fabric.switches[0].sramThreshold);
    expect(f.p99WithoutSchedulerMs).toHaveLength(f.p99Ms.length);
  });
});

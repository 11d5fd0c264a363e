import { leafSpineFabric } from '../core/fabric/generators/leaf-spine-fabric';
import { buildFabricGraph } from '../core/fabric/graph';
import type { FabricDocument } from '../core/fabric/types';
import { type PlannerRule, plannerRules } from '../core/planner';
import type { Rule } from '../core/rules/types';
import {
  buildSchedulerModel, evaluateTrigger, migrate, type RecentMove, resolveSchedulerSettings,
} from '../core/scheduler';
import { SIM_CONSTANTS } from '../core/sim/constants';
import { runFig11 } from '../core/sim/fig11';
import type { Fig11Outcome, MigrateFn } from '../core/sim/fig11-types';
import type { PlacementFn, SimProgress } from '../core/sim/simulation-types';
import { buildCarParkingWorkload } from '../core/sim/workload';
import type { FabricGraph } from '../core/fabric/fabric-graph';

/**
 * Our online scheduler (src/core/scheduler, paper §III-E) as the simulator's {@link MigrateFn}: at every
 * telemetry round, eq. 4 (`evaluateTrigger`) on each switch; for each that fires, Algorithm 2 (`migrate`) on
 * a model of the current owners; moves apply at once and are remembered for the cool-down.
 *
 * @example
 * const fn = schedulerMigrate(fabric, graph, workload.rules);
 */
export function schedulerMigrate(fabric: FabricDocument, graph: FabricGraph, rules: readonly Rule[]): MigrateFn {
  const resolved = resolveSchedulerSettings(fabric.settings);
  if (resolved.kind !== 'settings') throw new Error(`scheduler settings: ${resolved.field}: ${resolved.reason}`);
  const settings = resolved.settings;
  const input = plannerRules(graph, rules);
  if (!Array.isArray(input)) throw new Error(`scheduler rules: ${input.field}: ${input.reason}`);
  const schedulerRules: PlannerRule[] = input;
  const history: RecentMove[] = [];
  const thresholds = new Map(fabric.switches.map((s) => [s.name, s.sramThreshold]));
  return function migrateWithScheduler(tick) {
    const owners = new Map(tick.owners);
    const moved = new Map<string, string>();
    const nowMs = tick.now * 1e3;
    for (let n = 0; n < graph.switchCount; n++) {
      const name = graph.nameOf(n);
      const owned = rules.filter((r) => owners.get(r.id) === name);
      if (owned.length === 0) continue;
      const trigger = evaluateTrigger({
        switchName: name, owned: owned.map((r) => ({ ruleId: r.id, vni: r.vni, expectedSessions: r.expectedSessions })),
        observed: owned.map((r) => ({ vni: r.vni, sessions: tick.observedSessions.get(r.id) ?? 0 })),
        occupancy: tick.sramUsed.get(name) ?? 0, sramThreshold: thresholds.get(name) ?? Infinity, deltaX: settings.deltaX,
      });
      if (!('fired' in trigger) || !trigger.fired) continue;
      const model = buildSchedulerModel({ graph, rules: schedulerRules, owners, topK: settings.topK });
      if (model.kind !== 'model') throw new Error(`scheduler model: ${model.field}: ${model.reason}`);
      const occupancy = new Float64Array(graph.switchCount);
      const deltaX = new Float64Array(graph.switchCount);
      for (const r of rules) {
        const o = graph.indexOf(owners.get(r.id) ?? '');
        if (o === undefined) continue;
        const x = tick.observedSessions.get(r.id) ?? 0;
        occupancy[o] += x;
        deltaX[o] += x - r.expectedSessions;
      }
      const decision = migrate(model, settings, {
        switchName: name, switches: { occupancy, deltaX }, history, now: nowMs,
        observations: owned.map((r) => ({ ruleId: r.id, sessions: tick.observedSessions.get(r.id) ?? 0, gbps: r.expectedGbps })),
      });
      if (decision.kind !== 'decision') continue;
      for (const m of decision.moves) {
        owners.set(m.ruleId, m.to);
        moved.set(m.ruleId, m.to);
        history.push({ ruleId: m.ruleId, from: m.from, to: m.to, at: nowMs });
      }
    }
    return moved;
  };
}

/**
 * The Fig. 11 run on a two-spine leaf-spine fabric (spine1 = the paper's Core1, spine2 = Core2; 4 leaves of
 * 4 servers): the car-parking workload at 40 kRPS, owners from our planner, surges on spine1 at 500 ms and
 * 2,000 ms and on spine2 at 3,400 ms, with and without the online scheduler.
 *
 * @example
 * const fig11 = await runFig11IfPossible({ seed: 1, placement: (g) => plannerPlacement(g, { seed: 1 }) });
 */
export async function runFig11IfPossible(input: {
  seed: number; placementFor: (graph: FabricGraph) => PlacementFn; onProgress?: (p: SimProgress) => void;
}): Promise<Fig11Outcome> {
  const fabric = leafSpineFabric({ name: 'fig11-leaf-spine', spines: 2, leaves: 4, serversPerLeaf: 4 });
  const graph = buildFabricGraph(fabric);
  const workload = buildCarParkingWorkload(fabric, graph, { seed: input.seed, rps: SIM_CONSTANTS.fig11Rps });
  if (!workload.ok) return { status: 'needs-scheduler', reason: workload.errors.map((e) => `${e.field}: ${e.reason}`).join('; ') };
  const owners = input.placementFor(graph)(workload.value.rules);
  const out = runFig11({
    fabric, graph, workload: workload.value, owners, seed: input.seed, onProgress: input.onProgress,
    migrate: schedulerMigrate(fabric, graph, workload.value.rules),
    surges: [
      { switchName: 'spine1', atSeconds: 0.5, forSeconds: SIM_CONSTANTS.fig11.surgeSeconds },
      { switchName: 'spine1', atSeconds: 2.0, forSeconds: SIM_CONSTANTS.fig11.surgeSeconds },
      { switchName: 'spine2', atSeconds: 3.4, forSeconds: SIM_CONSTANTS.fig11.surgeSeconds },
    ],
  });
  if (!out.ok) return { status: 'needs-scheduler', reason: out.errors.map((e) => `${e.field}: ${e.reason}`).join('; ') };
  return { status: 'ran', result: out.value };
}

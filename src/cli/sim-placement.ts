import type { FabricGraph } from '../core/fabric/fabric-graph';
import { plan, plannerRules } from '../core/planner';
import type { PlacementFn } from '../core/sim/simulation-types';

/**
 * The PiggyCar placement for the simulator: our offline planner (paper §III-D, `plan`) on the workload's
 * rules. Throws with the planner's reason when it finds no feasible plan (the CLI prints it).
 *
 * @example
 * const owners = plannerPlacement(graph, { seed: 1 })(workload.rules); // rule id → switch name
 */
export function plannerPlacement(graph: FabricGraph, options: { seed: number; iterations?: number }): PlacementFn {
  return function placeWithPlanner(rules) {
    const input = plannerRules(graph, rules);
    if (!Array.isArray(input)) throw new Error(`planner input: ${input.field}: ${input.reason}`);
    const out = plan({ graph, rules: input }, { seed: options.seed, iterations: options.iterations });
    if (out.kind === 'invalid') throw new Error(`planner: ${out.field}: ${out.reason}`);
    if (out.kind === 'infeasible') throw new Error(`planner: no feasible plan: ${out.reason}`);
    const owners = new Map<string, string>();
    for (let i = 0; i < rules.length; i++) owners.set(rules[i].id, graph.nameOf(out.owners[i]));
    return owners;
  };
}

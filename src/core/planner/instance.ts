import type { FabricGraph, FabricTopology } from '../fabric/fabric-graph';
import { buildFabricGraph } from '../fabric/graph';
import type { ClosIndex } from './clos-index';
import type { Footprints } from './footprints';
import { InstanceBuilder } from './instance-builder';
import type { PlanInputError, PlannerInput } from './types';

/**
 * A validated planning instance shared by the planner, the baselines and the bounds: the CLOS index,
 * the packed footprints, the fixed server-link loads and the free SRAM M_n − m_n per switch. It holds no
 * rule objects and no fabric document (the graph may be a document-free `FabricTopology`).
 *
 * @example
 * const inst = prepareInstance({ graph, rules });
 * if (inst.kind === 'invalid') console.error(inst.field, inst.reason);
 */
export interface PlanInstance {
  kind: 'instance';
  graph: FabricTopology;
  clos: ClosIndex;
  fp: Footprints;
  /** Σ y_r per link with only the fixed server-link traffic (copy before mutating). */
  baseLoad: Float64Array;
  /** M_n − m_n per switch. */
  capacity: Float64Array;
  /** Rule ids in input order (what plans and infeasibility reports name). */
  ruleIds: ReadonlyArray<string>;
  /** Per server (node − switchCount): 0 mesh, 1 gateway (the Canal baseline's server). */
  serverKind: Uint8Array;
}

/**
 * Validates the input and builds a {@link PlanInstance} (all rules at once; to stream rules without
 * holding them, use {@link InstanceBuilder}).
 *
 * @example
 * const inst = prepareInstance({ graph: testbedFabric(), rules: [] });
 */
export function prepareInstance(input: PlannerInput): PlanInstance | PlanInputError {
  const graph: FabricGraph | FabricTopology = 'nodeCount' in input.graph ? input.graph : buildFabricGraph(input.graph);
  const builder = new InstanceBuilder(graph, { expectedRules: input.rules.length, sramUsed: input.sramUsed });
  for (const rule of input.rules) {
    const bad = builder.addRule(rule);
    if (bad) return bad;
  }
  return builder.finish();
}

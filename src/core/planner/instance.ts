import type { FabricGraph } from '../fabric/fabric-graph';
import { buildFabricGraph } from '../fabric/graph';
import { buildClosIndex, type ClosIndex } from './clos-index';
import { compileFootprints, type Footprints } from './footprints';
import type { PlanInputError, PlannerInput } from './types';

/**
 * A validated planning instance shared by the planner, the baselines and the bounds: the CLOS index,
 * the packed footprints, the fixed server-link loads and the free SRAM M_n − m_n per switch.
 *
 * @example
 * const inst = prepareInstance({ graph, rules });
 * if (inst.kind === 'invalid') console.error(inst.field, inst.reason);
 */
export interface PlanInstance {
  kind: 'instance';
  graph: FabricGraph;
  clos: ClosIndex;
  fp: Footprints;
  /** Σ y_r per link with only the fixed server-link traffic (copy before mutating). */
  baseLoad: Float64Array;
  /** M_n − m_n per switch. */
  capacity: Float64Array;
}

/**
 * Validates the input and builds a {@link PlanInstance}.
 *
 * @example
 * const inst = prepareInstance({ graph: testbedFabric(), rules: [] });
 */
export function prepareInstance(input: PlannerInput): PlanInstance | PlanInputError {
  const graph = 'nodeCount' in input.graph ? input.graph : buildFabricGraph(input.graph);
  const clos = buildClosIndex(graph);
  const baseLoad = new Float64Array(clos.linkCount);
  const fp = compileFootprints(clos, input.rules, baseLoad);
  if ('kind' in fp) return fp;
  const S = clos.switchCount;
  const capacity = new Float64Array(S);
  const switches = graph.doc.switches;
  for (let n = 0; n < S; n++) capacity[n] = switches[n].sramCapacity;
  for (const [name, used] of input.sramUsed ?? []) {
    const n = graph.indexOf(name);
    if (n === undefined || n >= S) return { kind: 'invalid', field: `sramUsed.${name}`, reason: 'not a switch of the fabric' };
    if (!(Number.isFinite(used) && used >= 0)) {
      return { kind: 'invalid', field: `sramUsed.${name}`, reason: `m_n must be a finite number ≥ 0, got ${used}` };
    }
    capacity[n] -= used;
  }
  return { kind: 'instance', graph, clos, fp, baseLoad, capacity };
}

import type { FabricGraph, FabricTopology } from '../fabric/fabric-graph';
import { buildClosIndex, type ClosIndex } from './clos-index';
import { FootprintBuilder } from './footprints';
import type { PlanInstance } from './instance';
import type { PlanInputError, PlannerRule } from './types';

/** Typed per-entity columns a topology may carry (every `IndexedFabricTopology` / built graph does). */
interface FabricColumns {
  sramCapacity?: Float64Array;
  serverKind?: Uint8Array;
  doc?: FabricGraph['doc'];
}

/**
 * Builds a {@link PlanInstance} rule by rule: each rule is reduced to its access-switch footprint when it
 * is added (see `FootprintBuilder`), so a caller can stream rules from a store page by page or from a
 * generator and never hold them all. The graph may be a document-free topology (`IndexedFabricTopology`),
 * so the fabric document can be garbage-collected before planning.
 *
 * @example
 * const b = new InstanceBuilder(topology, { expectedRules: 100_000, sramUsed: new Map([['core-1-1', 500]]) });
 * for (const rule of page) { const bad = b.addRule(rule); if (bad) return bad; }
 * const inst = b.finish(); // PlanInstance | PlanInputError
 */
export class InstanceBuilder {
  readonly clos: ClosIndex;
  private readonly baseLoad: Float64Array;
  /** Dropped by finish(): its growable columns and (server, slot) pairs are garbage once the footprints are packed. */
  private footprints: FootprintBuilder | undefined;
  private readonly ids: string[] = [];

  constructor(
    readonly graph: FabricTopology,
    private readonly options: { expectedRules?: number; sramUsed?: ReadonlyMap<string, number> } = {},
  ) {
    this.clos = buildClosIndex(graph);
    this.baseLoad = new Float64Array(this.clos.linkCount);
    this.footprints = new FootprintBuilder(this.clos, this.baseLoad, options.expectedRules ?? 0);
  }

  /** Rules added so far. */
  get size(): number {
    return this.ids.length;
  }

  /** Validates and adds one rule (Q(r), K(r) as server node indices); an invalid rule is a value naming the field. */
  addRule(rule: PlannerRule): PlanInputError | undefined {
    if (!this.footprints) throw new Error('InstanceBuilder.addRule after finish()');
    const bad = this.footprints.add(rule);
    if (bad) return bad;
    this.ids.push(rule.id);
    return undefined;
  }

  /** The instance, or an error naming a bad `sramUsed` entry. Call once; the builder is spent afterwards. */
  finish(): PlanInstance | PlanInputError {
    const { graph, clos, footprints } = this;
    if (!footprints) throw new Error('InstanceBuilder.finish called twice');
    this.footprints = undefined;
    const capacity = switchCapacities(graph, clos.switchCount);
    for (const [name, used] of this.options.sramUsed ?? []) {
      const n = graph.indexOf(name);
      if (n === undefined || n >= clos.switchCount) return { kind: 'invalid', field: `sramUsed.${name}`, reason: 'not a switch of the fabric' };
      if (!(Number.isFinite(used) && used >= 0)) {
        return { kind: 'invalid', field: `sramUsed.${name}`, reason: `m_n must be a finite number ≥ 0, got ${used}` };
      }
      capacity[n] -= used;
    }
    return {
      kind: 'instance', graph, clos, fp: footprints.finish(), baseLoad: this.baseLoad, capacity,
      ruleIds: this.ids, serverKind: serverKinds(graph),
    };
  }
}

/** M_n per switch, from the topology's column or the graph's document (a fresh, mutable copy). */
function switchCapacities(graph: FabricTopology, S: number): Float64Array {
  const g = graph as FabricTopology & FabricColumns;
  if (g.sramCapacity instanceof Float64Array) return g.sramCapacity.slice(0, S);
  const capacity = new Float64Array(S);
  const switches = g.doc?.switches ?? [];
  for (let n = 0; n < S; n++) capacity[n] = switches[n]?.sramCapacity ?? 0;
  return capacity;
}

/**
 * Per server (node − switchCount): 0 mesh, 1 gateway, from the topology's column or the graph's document.
 *
 * @example
 * const kinds = serverKinds(graph); // Uint8Array, kinds[i] === 1 for the gateway server
 */
export function serverKinds(graph: FabricTopology): Uint8Array {
  const g = graph as FabricTopology & FabricColumns;
  if (g.serverKind instanceof Uint8Array) return g.serverKind;
  const servers = g.doc?.servers ?? [];
  const kinds = new Uint8Array(graph.nodeCount - graph.switchCount);
  for (let i = 0; i < kinds.length; i++) kinds[i] = servers[i]?.kind === 'gateway' ? 1 : 0;
  return kinds;
}

import type { FabricTopology } from './fabric-graph';

/**
 * The compressed adjacency (CSR) behind a built `FabricGraph`: what fast graph code
 * (path search, hop distances, the planner) reads instead of allocating neighbour objects.
 *
 * The neighbours of node v are `adjNode[adjStart[v] .. adjStart[v + 1])`, joined by the links at the
 * same positions in `adjLink`, ordered by neighbour name (JS string order), parallel links by link index.
 *
 * @example
 * const g = buildFabricGraph(doc);
 * for (let i = g.adjStart[v]; i < g.adjStart[v + 1]; i++) visit(g.adjNode[i], g.adjLink[i]);
 */
export interface FabricCsr {
  readonly nodeCount: number;
  /** Length nodeCount + 1. */
  readonly adjStart: Int32Array;
  readonly adjNode: Int32Array;
  readonly adjLink: Int32Array;
}

/**
 * True when a graph also exposes its CSR arrays (every graph from `buildFabricGraph` does).
 *
 * @example
 * if (hasCsr(g)) console.log(g.adjStart.length);
 */
export function hasCsr<G extends FabricTopology>(graph: G): graph is G & FabricCsr {
  const candidate = graph as Partial<FabricCsr>;
  return candidate.adjStart instanceof Int32Array && candidate.adjNode instanceof Int32Array;
}

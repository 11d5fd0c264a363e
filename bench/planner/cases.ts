import { emitFatTree, fatTreeCounts, fatTreeFabric, type FatTreeOptions } from '../../src/core/fabric/generators/fat-tree-fabric';
import { FabricTopologyBuilder } from '../../src/core/fabric/topology-builder';
import { leafSpineFabric } from '../../src/core/fabric/generators/leaf-spine-fabric';
import { testbedFabric } from '../../src/core/fabric/generators/testbed-fabric';
import type { FabricDocument } from '../../src/core/fabric/types';
import type { WorkloadOptions } from '../../src/core/planner/workload';

/** One benchmark case: a fabric, a seeded workload, planner options, and whether HiGHS solves it exactly. */
export interface PlannerCase {
  name: string;
  description: string;
  fabric: () => FabricDocument;
  /**
   * The same fabric streamed section by section into a topology builder, the way the plan job reads a stored
   * fabric chunk by chunk (no document in memory); the benchmark uses it when present.
   */
  topology?: () => FabricTopologyBuilder;
  workload: Omit<WorkloadOptions, 'rules' | 'seed'> & { rules: number; seed: number };
  iterations: number;
  /** Planner deadline after its start, ms (stops the annealer only). */
  deadlineMs?: number;
  milp?: boolean;
}

/** Marks the first server as the Canal gateway (fabrics without one). */
function withGateway(doc: FabricDocument): FabricDocument {
  if (!doc.servers.some((s) => s.kind === 'gateway')) doc.servers[0] = { ...doc.servers[0], kind: 'gateway' };
  return doc;
}

/**
 * A fat-tree streamed into a topology builder, its first server made the Canal gateway (as {@link withGateway}).
 *
 * @example
 * const builder = streamedFatTree({ k: 90, serversPerEdge: 22 });
 */
function streamedFatTree(o: FatTreeOptions): FabricTopologyBuilder {
  const b = new FabricTopologyBuilder(fatTreeCounts(o.k, o.serversPerEdge));
  let first = true;
  emitFatTree(o, {
    switches(items) { b.addSwitches(items); },
    servers(items) {
      if (first && items.length > 0) { items[0] = { ...items[0], kind: 'gateway' }; first = false; }
      b.addServers(items);
    },
    links(items) { b.addLinks(items); },
  });
  return b;
}

// The paper's testbed traffic (§V): 1.91 Mbit per request; at 50 kRPS that is 95.5 Gbps over 1,000 rules.
const TESTBED_GBPS = 50_000 * 1.91e-3;

/**
 * The cases: the testbed, mid sizes, the paper's large scenario, and ten seeded small instances for HiGHS.
 * Traffic is sized so server links run at ρ ≈ 0.2–0.6 (the paper's moderate-to-high load) and capacities hold.
 *
 * @example
 * CASES.find((c) => c.name === 'large');
 */
export const CASES: PlannerCase[] = [
  {
    name: 'testbed', description: 'paper testbed: 1 core, 3 access, 4 mesh servers + gateway; 1,000 rules at 50 kRPS',
    fabric: () => testbedFabric(),
    workload: { rules: 1000, seed: 1, totalGbps: TESTBED_GBPS, meanSessions: 50 },
    iterations: 20_000,
  },
  {
    name: 'leaf-spine-8x32', description: 'leaf-spine, 8 spines × 32 leaves × 16 servers; 5,000 rules',
    fabric: () => withGateway(leafSpineFabric({ spines: 8, leaves: 32, serversPerLeaf: 16 })),
    workload: { rules: 5000, seed: 2, totalGbps: 2500, meanSessions: 200 },
    iterations: 20_000,
  },
  {
    name: 'fat-tree-k16', description: 'fat-tree k = 16, 8 servers/edge (320 switches, 1,024 servers); 10,000 rules',
    fabric: () => withGateway(fatTreeFabric({ k: 16, serversPerEdge: 8 })),
    topology: () => streamedFatTree({ k: 16, serversPerEdge: 8 }),
    workload: { rules: 10_000, seed: 3, totalGbps: 5000, meanSessions: 200 },
    iterations: 20_000,
  },
  {
    name: 'fat-tree-k32', description: 'fat-tree k = 32, 16 servers/edge (1,280 switches, 8,192 servers); 30,000 rules',
    fabric: () => withGateway(fatTreeFabric({ k: 32, serversPerEdge: 16 })),
    topology: () => streamedFatTree({ k: 32, serversPerEdge: 16 }),
    workload: { rules: 30_000, seed: 4, totalGbps: 30_000, meanSessions: 500 },
    iterations: 20_000,
    deadlineMs: 8000,
  },
  {
    name: 'large', description: "paper's large scenario: fat-tree k = 90, 22 servers/edge (10,125 switches, 89,100 servers); 100,000 rules, 2:8 skew",
    fabric: () => withGateway(fatTreeFabric({ k: 90, serversPerEdge: 22 })),
    topology: () => streamedFatTree({ k: 90, serversPerEdge: 22 }),
    workload: { rules: 100_000, seed: 5, totalGbps: 150_000, meanSessions: 500 },
    iterations: 20_000,
    deadlineMs: 6500,
  },
  ...Array.from({ length: 10 }, (_, i): PlannerCase => ({
    name: `small-${i + 1}`, description: `fat-tree k = 4 (20 switches), 2 servers/edge, M_n = 800; 20 rules, seed ${i + 1}; vs HiGHS`,
    fabric: () => withGateway(fatTreeFabric({ k: 4, serversPerEdge: 2, sramCapacity: 800 })),
    workload: { rules: 20, seed: i + 1, totalGbps: 40, meanSessions: 100 },
    iterations: 20_000,
    milp: true,
  })),
];

import type { FabricGraph } from '../fabric/fabric-graph';
import type { FabricDocument } from '../fabric/types';
import type { Rule } from '../rules/types';

/** What the online scheduler sees at one telemetry round (paper §III-E). */
export interface MigrateInput {
  /** Simulated time, seconds. */
  now: number;
  fabric: FabricDocument;
  graph: FabricGraph;
  rules: readonly Rule[];
  /** Current rule id → owner switch name. */
  owners: ReadonlyMap<string, string>;
  /** x_r^ob: observed sessions per rule id. */
  observedSessions: ReadonlyMap<string, number>;
  /** m_n: session entries in use per switch name. */
  sramUsed: ReadonlyMap<string, number>;
}

/**
 * The online scheduler as the simulator calls it: returns the rules to move (rule id → new owner switch
 * name); an empty map when nothing needs to move. Wired to `src/core/scheduler/` when it exists.
 */
export type MigrateFn = (input: MigrateInput) => Map<string, string>;

/** The Fig. 11 series: per-switch sessions and the network p99 over time. */
export interface Fig11Result {
  rps: number;
  timeMs: number[];
  sessionsBySwitch: Record<string, number[]>;
  capacityBySwitch: Record<string, number>;
  p99Ms: number[];
  /** The same run with no scheduler (owners never move): the baseline. */
  p99WithoutSchedulerMs: number[];
  /** p99 bins (ms from the start) for the two p99 series. */
  binTimeMs: number[];
  migrations: { timeMs: number; moved: number }[];
  surges: { switchName: string; atMs: number; forMs: number }[];
}

/** Either the run, or why it could not run (the scheduler is missing). */
export type Fig11Outcome =
  | { status: 'ran'; result: Fig11Result }
  | { status: 'needs-scheduler'; reason: string };

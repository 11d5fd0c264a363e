import type { FabricGraph } from '../fabric/fabric-graph';
import type { FabricDocument } from '../fabric/types';
import type { Rule } from '../rules/types';
import type { Architecture } from './constants';
import type { NetworkParams } from './network-types';
import type { Workload } from './workload-types';

/**
 * Where each rule lives: rule id → owner switch name. The CLI passes the planner's answer (H4's `plan`);
 * tests pass a fixed map.
 */
export type PlacementFn = (rules: readonly Rule[]) => Map<string, string>;

/** Progress of one run, reported every few thousand events and at the end. */
export interface SimProgress {
  architecture: Architecture;
  rps: number;
  simSeconds: number;
  endSeconds: number;
  events: number;
  requests: number;
}

/** What to record over time (paper Fig. 2): one port's queue and one connection's window. */
export interface SimWatch {
  /** A directed port (2 · link + direction). */
  port?: number;
  /** A connection from → (via) → to (graph nodes; via -1 for none). */
  connection?: { from: number; via: number; to: number };
  sampleEverySeconds: number;
}

/**
 * Time-varying control of a PiggyCar run (the Fig. 11 surges): every `everySeconds` the simulator calls `onTick`,
 * which may move rules to new owners; each request asks `slowPath` whether its owner switch must handle it on
 * the switch CPU (its session did not fit in SRAM), which then costs `slowPathSeconds` in a one-server FIFO.
 */
export interface SimControl {
  everySeconds: number;
  /** Returns owner changes: rule index → new owner switch node. */
  onTick(now: number): ReadonlyArray<{ rule: number; owner: number }> | undefined;
  slowPath(rule: number, owner: number): boolean;
  slowPathSeconds: number;
  /** Width of the bins (by arrival time) of the p99-over-time series. */
  binSeconds: number;
}

/** One simulation run. */
export interface SimulationInput {
  fabric: FabricDocument;
  graph: FabricGraph;
  workload: Workload;
  architecture: Architecture;
  /** Offered requests per second (Poisson arrivals). */
  rps: number;
  /** Arrivals happen in [0, duration). */
  durationSeconds: number;
  /** Extra time after the last arrival for requests to finish; the rest are counted as censored. */
  drainSeconds?: number;
  seed: number;
  /** Rule id → owner switch name; required for PiggyCar. */
  owners?: ReadonlyMap<string, string>;
  network?: Partial<NetworkParams>;
  watch?: SimWatch;
  control?: SimControl;
  onProgress?: (p: SimProgress) => void;
}

/** Time series of the watched port and connection. */
export interface SimSeries {
  timeMs: number[];
  queuePackets: number[];
  windowPackets: number[];
}

/** The numbers of one run (latencies in ms). */
export interface SimulationResult {
  architecture: Architecture;
  rps: number;
  durationSeconds: number;
  seed: number;
  requests: number;
  /** Requests that finished by the end of the arrival window. */
  completedInWindow: number;
  /** Requests still unfinished when the run stopped (their latency counts as end − arrival, a lower bound). */
  censored: number;
  throughputRps: number;
  throughputGbps: number;
  p50Ms: number;
  p99Ms: number;
  meanMs: number;
  jitterMs: number;
  /** Every request's latency (arrival → last byte at the destination pod), ascending. */
  latenciesMs: Float64Array;
  events: number;
  flows: number;
  recomputations: number;
  maxQueuePackets: number;
  /** Bits offered to each directed port over the run. */
  portOfferedBits: Float64Array;
  series?: SimSeries;
  /** With a control: p99 (ms) of the requests arriving in each bin. */
  p99ByBinMs?: number[];
}

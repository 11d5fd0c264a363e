import { SIM_CONSTANTS } from './constants';

/**
 * m(u): how much a sidecar's per-request delay grows with its pod's CPU utilization u (paper §II-B):
 * 1 up to 45 %, 2 (doubled) up to 75 %, then a straight line to 100× at 100 %.
 *
 * @example
 * cpuLatencyMultiplier(0.3); // 1
 * cpuLatencyMultiplier(0.5); // 2
 * cpuLatencyMultiplier(1);   // 100
 */
export function cpuLatencyMultiplier(utilization: number): number {
  const { doubleAbove, steepAbove, maxMultiplier } = SIM_CONSTANTS.cpuLatencyKnees;
  if (utilization <= doubleAbove) return 1;
  if (utilization <= steepAbove) return 2;
  const x = Math.min(1, (utilization - steepAbove) / (1 - steepAbove));
  return 2 + (maxMultiplier - 2) * x;
}

/**
 * A proxy running on a few CPU cores: a FIFO multi-server queue with a fixed CPU cost per request (its hard
 * capacity is cores / cost). With `contention`, the pod's CPU utilization u (offered work over capacity,
 * smoothed over a window) adds (m(u) − 1) · cost of delay to each request without occupying a core: the
 * paper's latency curve, kept apart from the capacity so the two are not counted twice.
 *
 * @example
 * const sidecar = createCpuStation(2, 764e-6, true);
 * const done = serveRequest(sidecar, 0.01); // when this request leaves the proxy
 */
export interface CpuStation {
  readonly cores: number;
  readonly costSeconds: number;
  readonly contention: boolean;
  /** When each core is next free. */
  readonly busyUntil: Float64Array;
  /** Smoothed arrival rate λ̂ (requests/s). */
  rateEstimate: number;
  lastArrival: number;
}

/**
 * Creates an idle {@link CpuStation}.
 *
 * @example
 * createCpuStation(96, 764e-6, false); // the Canal gateway
 */
export function createCpuStation(cores: number, costSeconds: number, contention: boolean): CpuStation {
  return { cores, costSeconds, contention, busyUntil: new Float64Array(cores), rateEstimate: 0, lastArrival: 0 };
}

/** u = λ̂ · cost / cores, capped at 1 (a CPU cannot be busier than always). */
export function stationUtilization(station: CpuStation): number {
  return Math.min(1, (station.rateEstimate * station.costSeconds) / station.cores);
}

/**
 * A request reaches the proxy at `now` (calls must come in time order): returns when it leaves.
 *
 * @example
 * serveRequest(createCpuStation(1, 1e-3, false), 0); // 0.001
 */
export function serveRequest(station: CpuStation, now: number): number {
  const tau = SIM_CONSTANTS.cpuUtilizationWindowSeconds;
  const decay = Math.exp(-(now - station.lastArrival) / tau);
  station.rateEstimate = station.rateEstimate * decay + 1 / tau;
  station.lastArrival = now;
  const busy = station.busyUntil;
  let core = 0;
  for (let i = 1; i < busy.length; i++) if (busy[i] < busy[core]) core = i;
  const start = Math.max(now, busy[core]);
  const end = start + station.costSeconds;
  busy[core] = end;
  const extra = station.contention ? (cpuLatencyMultiplier(stationUtilization(station)) - 1) * station.costSeconds : 0;
  return end + extra;
}

/**
 * The agent → control plane telemetry report (`POST /v1/agents/{switch}/telemetry`), shared by the agent,
 * the API and the online scheduler. Counts are per interval (since the previous report); sessions and
 * occupancy are gauges.
 *
 * @example
 * const report: TelemetryReport = {
 *   appliedPlanVersion: 3, appliedHash: '1a47e90b0c4a5f3d', intervalMs: 1000, reason: 'interval',
 *   occupancy: 120, capacity: 65536, misses: 14, drops: 0, overflows: 0, aged: 3, newSessions: 14,
 *   rules: [{ vni: 5913630, sessions: 120, packets: 9000, bytes: 1200000, gbps: 0.0096 }],
 *   links: [{ port: 1, neighbour: 'core1', gbps: 0.01, utilization: 0.0001 }],
 * };
 */
export interface TelemetryReport {
  /** Plan version of the desired state the agent has applied (null before the first apply). */
  appliedPlanVersion: number | null;
  /** Content hash (ETag) of that desired state. */
  appliedHash?: string;
  intervalMs: number;
  /** Why this report was sent now: the periodic interval, a threshold crossing, or agent start. */
  reason: 'interval' | 'threshold' | 'startup';
  /** m_n: tc_session_table entries in use. */
  occupancy: number;
  /** M_n as the switch reports it (may be below the fabric's sramCapacity). */
  capacity: number;
  /** packet_in session misses handled in the interval. */
  misses: number;
  /** Packets the agent could not place (no rule, no backend, malformed packet_in). */
  drops: number;
  /** New sessions forwarded without pinning because tc_session_table was full (the scheduler's signal). */
  overflows: number;
  /** Sessions aged out (IdleTimeoutNotification). */
  aged: number;
  /** Sessions pinned in the interval. */
  newSessions: number;
  /** Per VNI: x_r^ob (sessions pinned here, a gauge) and y_r^ob (traffic through function_offload_counter). */
  rules: TelemetryRuleSample[];
  /** Per port: ρ(e) estimate. */
  links: TelemetryLinkSample[];
}

/** One VNI's observation on one switch. */
export interface TelemetryRuleSample {
  vni: number;
  /** x_r^ob on this switch (its pinned sessions; 0 on non-owners). */
  sessions: number;
  /** Packets and bytes counted for the VNI in the interval. */
  packets: number;
  bytes: number;
  /** y_r^ob: bytes · 8 / interval, Gbps. */
  gbps: number;
}

/** One port's observation. */
export interface TelemetryLinkSample {
  port: number;
  neighbour?: string;
  gbps: number;
  /** ρ(e) = gbps / B_max(e). */
  utilization: number;
}

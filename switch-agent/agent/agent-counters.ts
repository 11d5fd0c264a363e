/**
 * Cumulative counters of one agent since it started; telemetry reports the difference between two snapshots.
 *
 * @example
 * const c = newAgentCounters(); c.misses++;
 */
export interface AgentCounters {
  /** packet_in session misses received. */
  misses: number;
  /** Sessions pinned (tc_session_table inserts that succeeded). */
  newSessions: number;
  /** New sessions forwarded without pinning because the table was full. */
  overflows: number;
  /** Packets the slow path could not place (no rule, no backend, unparsable, write failed). */
  drops: number;
  /** Sessions aged out (IdleTimeoutNotification). */
  aged: number;
  /** Packets re-injected with packet_out. */
  packetOuts: number;
}

/**
 * Fresh zeroed counters.
 *
 * @example
 * const counters = newAgentCounters();
 */
export function newAgentCounters(): AgentCounters {
  return { misses: 0, newSessions: 0, overflows: 0, drops: 0, aged: 0, packetOuts: 0 };
}

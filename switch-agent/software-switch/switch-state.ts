/**
 * The whole forwarding state of one software switch: the three tables of the PiggyCar P4 program, with their
 * capacities, plus dataplane counters. Pure data; the pipeline and the P4Runtime server act on it.
 */
import { createOffloadTable, createRouteTable, type OffloadTable, type RouteTable } from './forwarding-tables';
import { clearSessions, createSessionTable, type SessionTable } from './session-table';

/** Table capacities by P4 table alias (defaults: the sizes in the P4 program). */
export interface TableCapacities {
  ipv4_route: number;
  function_offload_table: number;
  tc_session_table: number;
}

/** Sizes declared in p4/piggycar.p4 (and its P4Info). */
export const DEFAULT_CAPACITIES: TableCapacities = {
  ipv4_route: 1024,
  function_offload_table: 16384,
  tc_session_table: 65536,
};

/** Dataplane counters of the switch (every packet lands in exactly one of forwarded / dropped / toCpu). */
export interface DataplaneCounters {
  received: number;
  forwarded: number;
  toCpu: number;
  dropped: number;
  /** Drops by reason: malformed (parse error), no-route, ttl-expired, not-ipv4, no-such-port. */
  dropReasons: Record<string, number>;
  sessionHits: number;
  sessionMisses: number;
}

/** Forwarding state of one switch. */
export interface SwitchState {
  capacities: TableCapacities;
  routes: RouteTable;
  offload: OffloadTable;
  sessions: SessionTable;
  counters: DataplaneCounters;
}

/**
 * Creates an empty switch state with the given capacities (missing ones default to the P4 sizes).
 * @example
 * const state = createSwitchState({ tc_session_table: 1000 });
 */
export function createSwitchState(capacities: Partial<TableCapacities> = {}): SwitchState {
  const caps: TableCapacities = { ...DEFAULT_CAPACITIES, ...capacities };
  return {
    capacities: caps,
    routes: createRouteTable(caps.ipv4_route),
    offload: createOffloadTable(caps.function_offload_table),
    sessions: createSessionTable(caps.tc_session_table),
    counters: createCounters(),
  };
}

/**
 * Zeroed dataplane counters.
 * @example
 * state.counters = createCounters();
 */
export function createCounters(): DataplaneCounters {
  return { received: 0, forwarded: 0, toCpu: 0, dropped: 0, dropReasons: {}, sessionHits: 0, sessionMisses: 0 };
}

/**
 * Clears every table (a VERIFY_AND_COMMIT of a new pipeline resets the forwarding state).
 * @example
 * resetTables(state);
 */
export function resetTables(state: SwitchState): void {
  state.routes = createRouteTable(state.capacities.ipv4_route);
  state.offload = createOffloadTable(state.capacities.function_offload_table);
  // The session table keeps its arrays (like SRAM that stays put): only the occupancy is cleared.
  clearSessions(state.sessions);
}

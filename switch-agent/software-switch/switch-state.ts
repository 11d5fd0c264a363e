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

/** Cells of port_tx_counter (a 9-bit port number names 512 ports). */
export const PORT_COUNT = 512;

/** PiggyCarEgress.port_tx_counter: packets and bytes sent per egress port (index = port). */
export interface PortCounters {
  packets: Float64Array;
  bytes: Float64Array;
}

/** Forwarding state of one switch. */
export interface SwitchState {
  capacities: TableCapacities;
  routes: RouteTable;
  offload: OffloadTable;
  sessions: SessionTable;
  counters: DataplaneCounters;
  portTx: PortCounters;
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
    portTx: { packets: new Float64Array(PORT_COUNT), bytes: new Float64Array(PORT_COUNT) },
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
  // Counters start over with a new program, as on BMv2.
  state.portTx.packets.fill(0);
  state.portTx.bytes.fill(0);
}

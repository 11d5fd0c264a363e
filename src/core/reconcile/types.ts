import type { OffloadAction } from '../desired-state/types';

/**
 * Contracts of the reconciler: the tables read back from a switch, and the writes that bring them to the
 * desired state. Entries are named by meaning here; the agent maps them to P4Runtime entities by P4Info name.
 *
 * @example
 * const observed: ObservedTables = { routes: [], offload: [], sessions: [] };
 */

/** The 6-tuple of tc_session_table: (VNI, inner src, inner dst, protocol, inner L4 src port, inner L4 dst port). */
export interface SessionFlow {
  vni: number;
  srcIp: string;
  dstIp: string;
  protocol: number;
  srcPort: number;
  dstPort: number;
}

/** A pinned session: the flow → set_backend(node_ip). */
export interface SessionEntry extends SessionFlow {
  backendIp: string;
}

/** An ipv4_route entry as read back. `action` other than ipv4_forward (e.g. drop) always differs from desired. */
export interface ObservedRoute {
  prefix: string;
  prefixLength: number;
  action: 'ipv4_forward' | 'drop';
  port: number;
  dstMac: string;
}

/** A function_offload_table entry as read back. */
export interface ObservedOffload {
  vni: number;
  action: OffloadAction | { kind: 'no_action' };
}

/** What the agent read from the switch. */
export interface ObservedTables {
  routes: ObservedRoute[];
  offload: ObservedOffload[];
  sessions: SessionEntry[];
}

/** Route entry to write (the desired shape, without operator-only fields). */
export interface RouteWriteEntry {
  prefix: string;
  prefixLength: number;
  port: number;
  dstMac: string;
}

/** Offload entry to write. */
export interface OffloadWriteEntry {
  vni: number;
  action: OffloadAction;
}

/** One P4Runtime update, by meaning. Deletes carry the full entry so they can be logged; only keys matter. */
export type TableWrite =
  | { op: 'insert' | 'modify' | 'delete'; table: 'ipv4_route'; entry: RouteWriteEntry }
  | { op: 'insert' | 'modify' | 'delete'; table: 'function_offload_table'; entry: OffloadWriteEntry }
  | { op: 'delete'; table: 'tc_session_table'; entry: SessionEntry };

/**
 * The least writes that make the observed tables equal the desired ones, in phases that must be applied in
 * order (each phase may be one batched Write): routes first, then offload entries, then stale sessions, then
 * the removal of offload entries and routes nothing needs any more.
 */
export interface ReconcilePlan {
  phases: TableWrite[][];
  /** Sessions read back that stay untouched (still owned here, backend still present). */
  keptSessions: number;
  /** Sessions removed because their rule left this switch or their backend is gone. */
  staleSessions: number;
}

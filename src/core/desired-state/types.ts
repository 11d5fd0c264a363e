import type { FabricDocument } from '../fabric/types';
import type { LbPolicy, Rule } from '../rules/types';
import type { MigrationOverlay, SessionExport, SessionImport } from '../scheduler/desired-state-overlay';

/**
 * Contracts of the desired-state compiler (paper §III-C, DESIGN.md "Data flow" step 4): what one switch's
 * tables and control-plane memory should hold for the current plan. The control plane compiles it, the
 * agent reconciles its switch toward it.
 *
 * @example
 * const input: DesiredStateInput = { fabric, rules, owners: new Map([['default/reviews/http/0', 'core1']]), planVersion: 3 };
 */
export interface DesiredStateInput {
  fabric: FabricDocument;
  /** Rules ordered by priority (listRules order). */
  rules: Rule[];
  /** z(n, r) = 1: rule id → owner switch name. Rules without an owner get no entries anywhere. */
  owners: Map<string, string>;
  planVersion: number;
  /** Plan id, echoed for operators. */
  planId?: string;
  /** Idle timeout of tc_session_table entries; default {@link DEFAULT_SESSION_IDLE_TIMEOUT_MS}. */
  sessionIdleTimeoutMs?: number;
  /** Rules in the middle of a make-before-break move (online scheduler); absent or empty = none. */
  migrations?: MigrationOverlay[];
}

/** Default idle timeout of a pinned session (the switch ages it out after this long without a hit). */
export const DEFAULT_SESSION_IDLE_TIMEOUT_MS = 30_000;

/** One switch port: port p is the p-th neighbour (1-based) in the fabric graph's neighbour order. */
export interface SwitchPort {
  port: number;
  neighbour: string;
  neighbourIp: string;
  /** Next-hop MAC used by ipv4_forward for this neighbour (derived from its VTEP IPv4). */
  neighbourMac: string;
  /** B_max(e) of the link on this port, Gbps: the denominator of the link utilization the agent reports. */
  bandwidthGbps: number;
}

/** `PiggyCarIngress.ipv4_route` entry: lpm on the outer IPv4 destination → ipv4_forward(port, dst_mac). */
export interface RouteEntry {
  /** Dotted quad. */
  prefix: string;
  prefixLength: number;
  port: number;
  dstMac: string;
  /** Name of the node the packet goes to (for operators; not written to the switch). */
  nextHop: string;
}

/** `PiggyCarIngress.function_offload_table` action. */
export type OffloadAction =
  | { kind: 'set_owner'; ownerIp: string }
  | { kind: 'owner_is_local' };

/** functionOffloadTable entry: VNI → owner switch IPv4, or "the owner is this switch". */
export interface OffloadEntry {
  vni: number;
  ruleId: string;
  action: OffloadAction;
}

/** One backend of a full rule as the slow path needs it. */
export interface FullRuleBackend {
  pod: string;
  /** Pod IPv4. */
  ip: string;
  /** Node VTEP IPv4: the `set_backend(node_ip)` parameter. */
  nodeVtepIp: string;
  weight: number;
}

/** full_rule_table entry (lives in the agent, not in the ASIC): VNI → weighted backends and LB policy. */
export interface FullRuleEntry {
  vni: number;
  ruleId: string;
  lbPolicy: LbPolicy;
  /** x_r. */
  expectedSessions: number;
  backends: FullRuleBackend[];
  /** During a migration: pin new sessions by a hash of the flow (`unpinnedBackend`), so both owners agree. */
  pinByFlowHash?: boolean;
}

/** SRAM budget of tc_session_table on one switch. */
export interface SessionBudget {
  /** M_n, session entries. */
  capacity: number;
  /** T_SRAM, session entries. */
  threshold: number;
  /** x(n) = Σ_r z(n, r)·x_r. */
  expectedSessions: number;
  idleTimeoutMs: number;
}

/** Everything one switch should hold for one plan version. */
export interface SwitchDesiredState {
  fabric: string;
  switch: string;
  vtepIp: string;
  planVersion: number;
  planId?: string;
  ports: SwitchPort[];
  /** Sorted by prefix (numeric), then length. */
  routes: RouteEntry[];
  /** Sorted by VNI. */
  functionOffloadTable: OffloadEntry[];
  /** Sorted by VNI; only on the owner. */
  fullRuleTable: FullRuleEntry[];
  sessionBudget: SessionBudget;
  /** Old owner of a moving rule: send the control plane the rule's live sessions. */
  sessionExports?: SessionExport[];
  /** New owner of a moving rule: insert these copied sessions (insert only, never modify). */
  sessionImports?: SessionImport[];
}

/** A switch's desired state with its content hash (the HTTP ETag without quotes). */
export interface HashedDesiredState {
  state: SwitchDesiredState;
  hash: string;
}

/** One service_mapping_table entry for an on-node proxy: the rules its pods request, in priority order. */
export interface ServiceMappingEntry {
  ruleId: string;
  priority: number;
  vni: number;
  hosts: string[];
  match: Rule['match'];
}

/** Per-server service mapping (what the on-node proxy of `server` loads). */
export interface ServerServiceMapping {
  server: string;
  entries: ServiceMappingEntry[];
}

/** Why a desired state could not be compiled (errors are values in src/core). */
export type DesiredStateError =
  | { kind: 'unknown-switch'; switch: string }
  | { kind: 'unknown-owner'; ruleId: string; owner: string };

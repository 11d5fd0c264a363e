/**
 * The fabric model of paper §III-B: G = (N, E), a CLOS fabric of programmable switches,
 * the servers hanging off its access switches and the pods on those servers.
 *
 * These are plain data: the API validates them at the edge, the database stores them,
 * and every core module (paths, planner, scheduler, desired state, simulator) reads them.
 *
 * @example
 * const fabric: FabricDocument = {
 *   name: 'testbed',
 *   switches: [{ name: 'core1', role: 'core', vtepIp: '10.0.0.1', sramCapacity: 65536, sramThreshold: 58982 }],
 *   links: [], servers: [], pods: [],
 * };
 */

/** Where a switch sits in the CLOS fabric. */
export type SwitchRole = 'access' | 'aggregation' | 'core';

/** A programmable switch n_i. */
export interface FabricSwitch {
  name: string;
  role: SwitchRole;
  /** VTEP / loopback IPv4, dotted quad. Owner switches are addressed by it in the outer VXLAN header. */
  vtepIp: string;
  /** M_n: SRAM capacity of tc_session_table, in session entries. */
  sramCapacity: number;
  /** T_SRAM: occupancy (session entries) above which the online scheduler moves rules away. */
  sramThreshold: number;
}

/**
 * A link e between two switches, or between a server and its access switch.
 * Links are undirected; `a`/`b` are switch or server names.
 */
export interface FabricLink {
  a: string;
  b: string;
  /** B_max(e), Gbps. */
  bandwidthGbps: number;
  /** T_base(e), µs: the uncongested latency of the link. */
  baseLatencyUs: number;
}

/** What a server is for: an ordinary mesh server, or the gateway server of the Canal baseline (paper Fig. 1b). */
export type ServerKind = 'mesh' | 'gateway';

/** A server (a VXLAN tunnel endpoint) attached to one access switch. */
export interface FabricServer {
  name: string;
  /** Node VTEP IPv4: where a session pinned to a pod on this server is tunnelled. */
  vtepIp: string;
  accessSwitch: string;
  /** Defaults to 'mesh'. */
  kind?: ServerKind;
}

/** A pod: a member of the requester group Q(r) or the backend group K(r) of some rule. */
export interface FabricPod {
  name: string;
  namespace: string;
  ip: string;
  server: string;
  labels: Record<string, string>;
}

/** Per-fabric defaults and knobs; every field is optional and has a documented default. */
export interface FabricSettings {
  /** Default x_r when a rule has no `piggycar.io/expected-sessions` annotation. Default 1000. */
  defaultExpectedSessions?: number;
  /** Default y_r (Gbps) when a rule has no `piggycar.io/expected-gbps` annotation. Default 0.1. */
  defaultExpectedGbps?: number;
  /** Deny (rather than warn about) Istio features PiggyCar does not enforce. Default false. */
  strict?: boolean;
  /** Online scheduler knobs (paper §III-E). Defaults: α = β = 0.5, k = 0.2, U = 4. */
  scheduler?: {
    alpha?: number;
    beta?: number;
    /** ΔX: allowed excess of observed over expected sessions on one switch. */
    deltaX?: number;
    /** Fraction of rules, by traffic, whose reroute latency is computed exactly (R_k). */
    topK?: number;
    /** U: how many candidate switches (most free SRAM first) are considered. */
    candidates?: number;
  };
}

/** A whole fabric: what `PUT /v1/fabrics/{fabric}` replaces atomically. */
export interface FabricDocument {
  name: string;
  settings?: FabricSettings;
  switches: FabricSwitch[];
  links: FabricLink[];
  servers: FabricServer[];
  pods: FabricPod[];
}

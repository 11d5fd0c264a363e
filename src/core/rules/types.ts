/**
 * A placeable rule r (paper §III-B/C): what the Istio translator produces and what the planner,
 * desired-state compiler, scheduler and simulator consume.
 *
 * @example
 * const r: Rule = {
 *   id: 'default/reviews/http/0', fabric: 'testbed', kind: 'http', priority: 0, vni: 0x5a3c1e,
 *   source: { kind: 'VirtualService', namespace: 'default', name: 'reviews', routeIndex: 0 },
 *   hosts: ['reviews.default.svc.cluster.local'], match: [],
 *   requesters: [{ pod: 'productpage-v1-0', ip: '10.1.0.2', server: 'server1' }],
 *   backends: [{ pod: 'reviews-v1-0', ip: '10.1.0.5', server: 'server2', nodeVtepIp: '10.0.1.2', weight: 80 }],
 *   lbPolicy: { kind: 'RANDOM' }, expectedSessions: 1000, expectedGbps: 0.1, proxyActions: {}, warnings: [],
 * };
 */

/** How a string field is compared, as Istio's StringMatch. */
export type StringMatch =
  | { exact: string }
  | { prefix: string }
  | { regex: string };

/** One Istio HTTPMatchRequest (all present fields must hold: AND). A rule matches when any block holds (OR). */
export interface RuleMatchBlock {
  name?: string;
  uri?: StringMatch;
  scheme?: StringMatch;
  method?: StringMatch;
  authority?: StringMatch;
  /** Header name (lower-case) → match. */
  headers?: Record<string, StringMatch>;
  /** Header name (lower-case) → match that must NOT hold (absent header also satisfies). */
  withoutHeaders?: Record<string, StringMatch>;
  queryParams?: Record<string, StringMatch>;
  port?: number;
  sourceLabels?: Record<string, string>;
  sourceNamespace?: string;
  ignoreUriCase?: boolean;
}

/** Load-balancing policy the switch applies when it pins a new session (DestinationRule trafficPolicy.loadBalancer). */
export type LbPolicy =
  | { kind: 'RANDOM' }
  | { kind: 'ROUND_ROBIN' }
  | { kind: 'LEAST_REQUEST' }
  | { kind: 'CONSISTENT_HASH_SOURCE_IP' };

/** A member of the requester pod group Q(r). */
export interface RuleRequester {
  pod: string;
  ip: string;
  server: string;
}

/** A member of the backend pod group K(r), with its share of new sessions. */
export interface RuleBackend {
  pod: string;
  ip: string;
  server: string;
  /** The VTEP IPv4 of the backend's server: the session table's `set_backend` parameter. */
  nodeVtepIp: string;
  /** Relative weight (the weights of one rule's backends sum to 100, up to rounding per pod). */
  weight: number;
  /** Istio subset this backend was selected by, if any. */
  subset?: string;
}

/** A placeable rule r. */
export interface Rule {
  /** Stable id: `${namespace}/${virtualService}/${http|tcp}/${routeIndex}`. */
  id: string;
  fabric: string;
  kind: 'http' | 'tcp';
  /** Lower is matched first (first match wins on the on-node proxy). */
  priority: number;
  /** Service ID: 24-bit VXLAN VNI carried in the outer header. */
  vni: number;
  source: { kind: 'VirtualService'; namespace: string; name: string; routeIndex: number };
  /** Fully qualified hosts the VirtualService applies to. */
  hosts: string[];
  /** OR of blocks; an empty list matches every request to `hosts`. */
  match: RuleMatchBlock[];
  /** Q(r). */
  requesters: RuleRequester[];
  /** K(r). */
  backends: RuleBackend[];
  lbPolicy: LbPolicy;
  /** x_r: expected concurrent sessions. */
  expectedSessions: number;
  /** y_r: expected traffic, Gbps. */
  expectedGbps: number;
  /** Features kept for the on-node proxy (fault, retries, timeout, mirror, rewrite, ...), verbatim from Istio. */
  proxyActions: Record<string, unknown>;
  warnings: string[];
}

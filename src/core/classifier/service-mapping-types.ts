import type { RuleMatchBlock } from '../rules/types';

/** A match block as the on-node proxy evaluates it: source constraints already resolved per server. */
export type ServiceMappingMatch = Omit<RuleMatchBlock, 'sourceLabels' | 'sourceNamespace'>;

/**
 * One row of a server's service_mapping_table (paper Fig. 5): ordered match → service ID (VNI).
 *
 * @example
 * const e: ServiceMappingEntry = {
 *   priority: 0, ruleId: 'default/reviews/http/0', vni: 0x5a3c1e, kind: 'http',
 *   hosts: ['reviews.default.svc.cluster.local', 'reviews', 'reviews.default', 'reviews.default.svc', 'reviews.default.svc.cluster'],
 *   match: [{ headers: { 'end-user': { exact: 'jason' } } }],
 * };
 */
export interface ServiceMappingEntry {
  /** Lower first; the first entry that matches decides. */
  priority: number;
  ruleId: string;
  vni: number;
  kind: 'http' | 'tcp';
  /** Names a request's Host header may carry (lower-case; `*.suffix` and `*` are wildcards). */
  hosts: string[];
  /** OR of blocks (AND inside one); empty = every request to `hosts`. */
  match: ServiceMappingMatch[];
}

/** A server's table: what `GET …/servers/{server}/service-mapping` returns. */
export interface ServiceMappingTable {
  fabric: string;
  server: string;
  entries: ServiceMappingEntry[];
}

import type { LbPolicy } from '../rules/types';
import type { DestinationRuleObject, IstioLoadBalancer, IstioSubset, IstioTrafficPolicy } from './istio-types';
import { hostMatches, resolveHost } from './resolve-host';

/** The DestinationRules that apply to one host, merged as Istio merges them. */
export interface MergedDestinationRule {
  /** Keys (`DestinationRule/ns/name`) of the merged rules, first one first. */
  sources: string[];
  subsets: Map<string, IstioSubset>;
  trafficPolicy?: IstioTrafficPolicy;
}

/** Istio's default load balancer when no policy is set (LEAST_REQUEST since Istio 1.14). */
export const DEFAULT_LB_POLICY: LbPolicy = { kind: 'LEAST_REQUEST' };

/**
 * Finds and merges the DestinationRules for `fqdn`, as Istio does for a client in
 * `clientNamespace`: rules from the client's namespace win, then the service's namespace, then
 * any other namespace (the root config namespace in Istio); exact hosts beat wildcard hosts.
 * Within the chosen set (already in creation order): subsets are merged with the first
 * definition of a name winning, and the first top-level trafficPolicy is kept. Rules with a
 * workloadSelector are not merged (Istio applies them to sidecars only).
 *
 * @example
 * const merged = mergeDestinationRules(drs, 'reviews.default.svc.cluster.local', 'default', 'default');
 * merged?.subsets.get('v1')?.labels; // { version: 'v1' }
 */
export function mergeDestinationRules(
  rules: DestinationRuleObject[],
  fqdn: string,
  clientNamespace: string,
  serviceNamespace: string,
): MergedDestinationRule | undefined {
  const candidates = rules.filter((r) => r.spec.workloadSelector === undefined);
  const exact = candidates.filter((r) => resolveHost(r.spec.host, r.metadata.namespace) === fqdn);
  const pool = exact.length > 0
    ? exact
    : candidates.filter((r) => hostMatches(resolveHost(r.spec.host, r.metadata.namespace), fqdn));
  if (pool.length === 0) return undefined;
  const chosenNs = [clientNamespace, serviceNamespace].find((ns) => pool.some((r) => r.metadata.namespace === ns))
    ?? pool[0].metadata.namespace;
  const chosen = pool.filter((r) => r.metadata.namespace === chosenNs);
  const merged: MergedDestinationRule = { sources: [], subsets: new Map() };
  for (const r of chosen) {
    merged.sources.push(`DestinationRule/${r.metadata.namespace}/${r.metadata.name}`);
    for (const s of r.spec.subsets) if (!merged.subsets.has(s.name)) merged.subsets.set(s.name, s);
    if (!merged.trafficPolicy && r.spec.trafficPolicy) merged.trafficPolicy = r.spec.trafficPolicy;
  }
  return merged;
}

/**
 * The load-balancing policy the switch applies, from a (subset over top-level) loadBalancer.
 * Policies the switch cannot apply come back with a warning and Istio's default.
 *
 * @example
 * toLbPolicy({ simple: 'RANDOM', other: [] }); // { policy: { kind: 'RANDOM' } }
 * toLbPolicy({ consistentHash: { useSourceIp: true }, other: [] }); // { policy: { kind: 'CONSISTENT_HASH_SOURCE_IP' } }
 */
export function toLbPolicy(lb: IstioLoadBalancer | undefined): { policy: LbPolicy; warning?: string } {
  if (!lb) return { policy: DEFAULT_LB_POLICY };
  const extra = lb.other.length > 0 ? `loadBalancer.${lb.other.join(', loadBalancer.')} left to the proxy` : undefined;
  let out: { policy: LbPolicy; warning?: string };
  if (lb.consistentHash) {
    out = lb.consistentHash.useSourceIp === true && Object.keys(lb.consistentHash).every((k) => k === 'useSourceIp' || k === 'minimumRingSize' || k === 'ringHash' || k === 'maglev')
      ? { policy: { kind: 'CONSISTENT_HASH_SOURCE_IP' } }
      : { policy: DEFAULT_LB_POLICY, warning: 'consistentHash on headers, cookies or query parameters is not enforced by the switch (it uses LEAST_REQUEST)' };
  } else {
    switch (lb.simple) {
      case 'RANDOM':
        out = { policy: { kind: 'RANDOM' } };
        break;
      case 'ROUND_ROBIN':
        out = { policy: { kind: 'ROUND_ROBIN' } };
        break;
      case 'LEAST_REQUEST':
      case 'LEAST_CONN':
        out = { policy: { kind: 'LEAST_REQUEST' } };
        break;
      case 'PASSTHROUGH':
        out = { policy: DEFAULT_LB_POLICY, warning: 'PASSTHROUGH load balancing is not enforced by the switch (it uses LEAST_REQUEST)' };
        break;
      default:
        out = { policy: DEFAULT_LB_POLICY };
    }
  }
  if (extra) out.warning = out.warning ? `${out.warning}; ${extra}` : extra;
  return out;
}

/**
 * The effective traffic policy for a destination: a subset's policy overrides the top-level
 * one field by field (as Istio merges them).
 *
 * @example
 * effectiveLoadBalancer(merged, 'v1'); // subset v1's loadBalancer, else the rule's
 */
export function effectiveLoadBalancer(merged: MergedDestinationRule | undefined, subset?: string): IstioLoadBalancer | undefined {
  const sub = subset !== undefined ? merged?.subsets.get(subset) : undefined;
  return sub?.trafficPolicy?.loadBalancer ?? merged?.trafficPolicy?.loadBalancer;
}

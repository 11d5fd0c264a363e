import type { LbPolicy, RuleBackend } from '../rules/types';
import type { IstioIssue } from './istio-issue';
import type { IstioRouteDestination } from './istio-types';
import { effectiveLoadBalancer, mergeDestinationRules, toLbPolicy } from './merge-destination-rules';
import type { TranslateContext } from './translate-context';

/** K(r) with weights and the switch's LB policy, or the issues that stop the route. */
export interface TranslatedDestinations {
  backends: RuleBackend[];
  lbPolicy: LbPolicy;
  errors: IstioIssue[];
  warnings: IstioIssue[];
}

/**
 * Resolves a route's destinations to backend pods K(r): host (as Istio resolves it, relative to
 * the VirtualService's namespace) → Service selector, subset → merged DestinationRule subset
 * labels, weight split evenly over the destination's pods. A lone destination takes 100 (Istio's
 * default); with several, a missing weight is 0. A pod reached through two destinations gets both
 * shares.
 *
 * @example
 * const d = translateDestinations(ctx, 'default', route, 'spec.http[0].route');
 * d.backends.map((b) => [b.pod, b.weight]); // [['reviews-v1-0', 80], ['reviews-v2-0', 20]]
 */
export function translateDestinations(
  ctx: TranslateContext,
  namespace: string,
  route: IstioRouteDestination[],
  path: string,
): TranslatedDestinations {
  const errors: IstioIssue[] = [];
  const warnings: IstioIssue[] = [];
  const byPod = new Map<string, RuleBackend>();
  let lbPolicy: LbPolicy | undefined;
  route.forEach(function destination(rd, j) {
    const p = `${path}[${j}].destination`;
    const service = ctx.registry.lookup(rd.destination.host, namespace);
    if (!service) {
      errors.push({ path: `${p}.host`, message: `unknown host "${rd.destination.host}" (no Service of that name in namespace ${namespace} or as written)` });
      return;
    }
    const merged = mergeDestinationRules(ctx.destinationRules, service.fqdn, namespace, service.namespace);
    let labels: Record<string, string> = {};
    if (rd.destination.subset !== undefined) {
      const subset = merged?.subsets.get(rd.destination.subset);
      if (!subset) {
        errors.push({
          path: `${p}.subset`,
          message: merged
            ? `subset "${rd.destination.subset}" is not defined in DestinationRule ${merged.sources.join(', ')} for host ${service.fqdn}`
            : `subset "${rd.destination.subset}" needs a DestinationRule for host ${service.fqdn}, and there is none`,
        });
        return;
      }
      labels = subset.labels;
    }
    const weight = route.length === 1 ? 100 : rd.weight ?? 0;
    const lb = toLbPolicy(effectiveLoadBalancer(merged, rd.destination.subset));
    if (lb.warning) warnings.push({ path: p, message: lb.warning, unenforced: true });
    if (weight > 0) {
      if (!lbPolicy) lbPolicy = lb.policy;
      else if (lbPolicy.kind !== lb.policy.kind) {
        warnings.push({ path: p, message: `load balancer ${lb.policy.kind} differs from the route's first destination (${lbPolicy.kind}); the switch uses ${lbPolicy.kind}`, unenforced: true });
      }
    }
    const pods = ctx.registry.podsOf(service, labels);
    if (pods.length === 0) {
      warnings.push({ path: p, message: `no pods of ${service.fqdn}${rd.destination.subset ? ` subset ${rd.destination.subset}` : ''} in the fabric; its ${weight}% of sessions has no backend` });
      return;
    }
    if (weight === 0) return;
    const share = weight / pods.length;
    for (const pod of pods) {
      const server = ctx.servers.get(pod.server);
      if (!server) {
        warnings.push({ path: p, message: `pod ${pod.name} is on unknown server ${pod.server}; skipped` });
        continue;
      }
      const existing = byPod.get(pod.name);
      if (existing) {
        existing.weight = roundWeight(existing.weight + share);
        continue;
      }
      const b: RuleBackend = { pod: pod.name, ip: pod.ip, server: pod.server, nodeVtepIp: server.vtepIp, weight: roundWeight(share) };
      if (rd.destination.subset !== undefined) b.subset = rd.destination.subset;
      byPod.set(pod.name, b);
    }
  });
  return { backends: [...byPod.values()], lbPolicy: lbPolicy ?? { kind: 'LEAST_REQUEST' }, errors, warnings };
}

/** Shares are kept to 1e-6 so that e.g. 100 / 3 stays readable and sums stay within rounding of 100. */
function roundWeight(w: number): number {
  return Math.round(w * 1e6) / 1e6;
}

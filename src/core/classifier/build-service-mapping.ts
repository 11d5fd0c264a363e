import type { FabricPod } from '../fabric/types';
import { hostAliases } from '../istio/resolve-host';
import { labelsMatch } from '../istio/service-registry';
import type { Rule, RuleMatchBlock } from '../rules/types';
import type { ServiceMappingEntry, ServiceMappingMatch } from './service-mapping-types';

/**
 * The service_mapping_table of one server: for each rule (in priority order) that some pod on the
 * server requests (a member of Q(r) there), its match → VNI. Source constraints are resolved here,
 * per server: a block with sourceLabels/sourceNamespace is kept only if a requesting pod on this
 * server satisfies it (a rule left with no block is not the server's). Hosts are expanded to the
 * names a Host header may carry (`reviews`, `reviews.default`, …, the FQDN).
 *
 * @example
 * buildServiceMapping(rules, fabric.pods, 'server2').map((e) => e.ruleId); // ['default/reviews/http/0', 'default/reviews/http/1']
 */
export function buildServiceMapping(rules: readonly Rule[], pods: readonly FabricPod[], server: string): ServiceMappingEntry[] {
  const podsHere = new Map(pods.filter((p) => p.server === server).map((p) => [p.name, p]));
  const ordered = [...rules].sort((a, b) => a.priority - b.priority);
  const entries: ServiceMappingEntry[] = [];
  for (const rule of ordered) {
    const requesting = rule.requesters.filter((q) => q.server === server).map((q) => podsHere.get(q.pod)).filter((p): p is FabricPod => p !== undefined);
    if (requesting.length === 0) continue;
    let match: ServiceMappingMatch[];
    if (rule.match.length === 0) {
      match = [];
    } else {
      const kept = rule.match.filter((b) => requesting.some((p) => sourceHolds(b, p)));
      if (kept.length === 0) continue;
      match = kept.map(stripSource);
    }
    const hosts = [...new Set(rule.hosts.flatMap(hostAliases))];
    entries.push({ priority: rule.priority, ruleId: rule.id, vni: rule.vni, kind: rule.kind, hosts, match });
  }
  return entries;
}

function sourceHolds(b: RuleMatchBlock, p: FabricPod): boolean {
  if (b.sourceNamespace !== undefined && b.sourceNamespace !== p.namespace) return false;
  return b.sourceLabels === undefined || labelsMatch(b.sourceLabels, p.labels);
}

function stripSource(b: RuleMatchBlock): ServiceMappingMatch {
  const { sourceLabels: _l, sourceNamespace: _n, ...rest } = b;
  return rest;
}

import type { Rule } from '../rules/types';
import type { ServerServiceMapping } from './types';

/**
 * Per-server service_mapping_table (what each on-node proxy loads): for every server hosting a requester
 * pod of a rule, the rule's match → VNI, in rule priority order (first match wins).
 *
 * @example
 * compileServiceMappings(rules).get('server1')?.entries[0]; // { ruleId, priority, vni, hosts, match }
 */
export function compileServiceMappings(rules: readonly Rule[]): Map<string, ServerServiceMapping> {
  const byServer = new Map<string, ServerServiceMapping>();
  const ordered = [...rules].sort(function byPriority(a, b) { return a.priority - b.priority || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0); });
  for (const rule of ordered) {
    const servers = new Set(rule.requesters.map(function serverOf(q) { return q.server; }));
    for (const server of servers) {
      let mapping = byServer.get(server);
      if (!mapping) byServer.set(server, (mapping = { server, entries: [] }));
      mapping.entries.push({ ruleId: rule.id, priority: rule.priority, vni: rule.vni, hosts: rule.hosts, match: rule.match });
    }
  }
  return byServer;
}

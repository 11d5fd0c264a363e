import type { FabricDocument } from '../../src/core/fabric/types';
import type { Rule } from '../../src/core/rules/types';
import type { Endpoint } from './loopback-fabric';
import { ServerSockets, sessionKeyOf, type TrafficSession } from './vxlan-traffic';

/** How one rule's sessions landed. */
export interface RuleTrafficResult {
  ruleId: string;
  vni: number;
  sessions: number;
  /** Sessions all of whose packets of this run arrived. */
  complete: number;
  /** Complete sessions whose packets (of this run and of earlier runs on the same sockets) all reached one backend node. */
  consistent: number;
  /** Backend node VTEP → sessions that landed there, with the rule's weight for that node (summed over its pods). */
  byBackend: { nodeVtepIp: string; server: string; weight: number; sessions: number }[];
}

/**
 * Plays the mesh servers' on-node proxies: for each rule, opens `sessions` inner TCP sessions from its
 * requester pods (their servers' VTEPs, VXLAN with the rule's VNI, through their access switch) and sends
 * `packetsPerSession` packets of each (a packet that does not arrive is sent again, up to 5 times), then reports
 * where every session landed — every packet of a session, across calls that reuse `sockets`.
 *
 * @example
 * const results = await runRuleTraffic({ rules, fabric, layout, sessions: 200, packetsPerSession: 3 });
 */
export async function runRuleTraffic(o: {
  rules: Rule[]; fabric: FabricDocument; layout: Map<string, Endpoint>; sessions: number; packetsPerSession: number;
  sockets?: ServerSockets; firstPort?: number; timeoutMs?: number;
}): Promise<RuleTrafficResult[]> {
  const servers = new Map(o.fabric.servers.map((s) => [s.name, s]));
  const switches = new Map(o.fabric.switches.map((s) => [s.name, s]));
  const sockets = o.sockets ?? await ServerSockets.open(o.layout, o.fabric.servers.map((s) => s.name));
  const plan: { rule: Rule; server: string; session: TrafficSession }[] = [];
  try {
    let port = o.firstPort ?? 30000;
    for (const rule of o.rules) {
      const requesters = rule.requesters.filter((q) => servers.has(q.server));
      if (requesters.length === 0 || rule.backends.length === 0) continue;
      for (let i = 0; i < o.sessions; i++) {
        const q = requesters[i % requesters.length];
        plan.push({ rule, server: q.server, session: { vni: rule.vni, srcIp: q.ip, dstIp: `10.96.${(rule.vni >> 8) & 255}.${rule.vni & 255}`, srcPort: port++, dstPort: 9080 } });
        if (port > 65000) port = 1024;
      }
    }
    const landed = (p: (typeof plan)[number]) => sockets.landings.get(sessionKeyOf(p.session))?.length ?? 0;
    const base = new Map(plan.map((p) => [p, landed(p)] as const));
    for (let seq = 0; seq < o.packetsPerSession; seq++) {
      // Send the round, then resend what has not arrived (UDP on a busy machine drops, as a real network does).
      let missing = plan;
      for (let attempt = 0; attempt < 6 && missing.length > 0; attempt++) {
        let n = 0;
        for (const p of missing) {
          const server = servers.get(p.server)!;
          const access = switches.get(server.accessSwitch)!;
          sockets.send(p.server, { vtepIp: server.vtepIp, accessIp: access.vtepIp, access: o.layout.get(access.name)! }, p.session, seq);
          if (++n % 20 === 0) await new Promise((r) => setTimeout(r, 2 + 2 * attempt));
        }
        const want = (p: (typeof plan)[number]) => landed(p) - base.get(p)! >= seq + 1;
        const deadline = Date.now() + (o.timeoutMs ?? 4_000);
        while (Date.now() < deadline && !missing.every(want)) await new Promise((r) => setTimeout(r, 20));
        missing = missing.filter((p) => !want(p));
      }
    }
    return o.rules.filter((r) => plan.some((p) => p.rule === r)).map(function summarize(rule) {
      const mine = plan.filter((p) => p.rule === rule);
      const byNode = new Map<string, { nodeVtepIp: string; server: string; weight: number; sessions: number }>();
      for (const b of rule.backends) {
        const row = byNode.get(b.nodeVtepIp) ?? { nodeVtepIp: b.nodeVtepIp, server: b.server, weight: 0, sessions: 0 };
        row.weight += b.weight;
        byNode.set(b.nodeVtepIp, row);
      }
      let complete = 0;
      let consistent = 0;
      for (const p of mine) {
        const all = sockets.landings.get(sessionKeyOf(p.session)) ?? [];
        if (all.length - base.get(p)! < o.packetsPerSession) continue;
        complete++;
        const dsts = new Set(all.map((l) => l.outerDst));
        if (dsts.size !== 1) continue;
        consistent++;
        const row = byNode.get(all[0].outerDst);
        if (row) row.sessions++;
      }
      return { ruleId: rule.id, vni: rule.vni, sessions: mine.length, complete, consistent, byBackend: [...byNode.values()] };
    });
  } finally {
    if (!o.sockets) sockets.close();
  }
}

/**
 * A readable table of traffic results.
 *
 * @example
 * console.log(formatTrafficResults(results));
 */
export function formatTrafficResults(results: RuleTrafficResult[]): string {
  const lines: string[] = [];
  for (const r of results) {
    lines.push(`rule ${r.ruleId} (VNI ${r.vni}): ${r.sessions} sessions, ${r.complete} complete, ${r.consistent} with every packet at one backend`);
    const total = r.byBackend.reduce((t, b) => t + b.sessions, 0) || 1;
    const weights = r.byBackend.reduce((t, b) => t + b.weight, 0) || 1;
    for (const b of r.byBackend) {
      lines.push(`  → ${b.server.padEnd(10)} ${b.nodeVtepIp.padEnd(15)} ${String(b.sessions).padStart(6)} sessions  ${((100 * b.sessions) / total).toFixed(1).padStart(5)} %  (weight ${((100 * b.weight) / weights).toFixed(1)} %)`);
    }
  }
  return lines.join('\n');
}

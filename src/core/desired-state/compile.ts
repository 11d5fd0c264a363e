import type { FabricGraph } from '../fabric/fabric-graph';
import type { Rule } from '../rules/types';
import { overlayMigrations } from '../scheduler/desired-state-overlay';
import { contentHash } from './content-hash';
import { ipv4ToNumber, macForIpv4 } from './ipv4';
import { firstHops } from './next-hops';
import {
  DEFAULT_SESSION_IDLE_TIMEOUT_MS,
  type DesiredStateInput,
  type FullRuleEntry,
  type HashedDesiredState,
  type OffloadEntry,
  type RouteEntry,
  type SwitchDesiredState,
  type SwitchPort,
} from './types';

/**
 * The compiled desired state of a whole fabric for one plan version. Offload and full-rule entries are
 * computed for every switch in one pass over the rules (O(Σ_r |servers of Q(r)| · path length), no
 * rules × switches matrix); routes and hashes are computed per switch on first request and memoized,
 * so a fabric of 10,000 switches costs only what its agents ask for.
 *
 * @example
 * const compiled = compileDesiredState(buildFabricGraph(doc), { fabric: doc, rules, owners, planVersion: 1 });
 * const core1 = compiled.forSwitch('core1'); // { state, hash } | undefined
 */
export interface CompiledDesiredState {
  readonly fabric: string;
  readonly planVersion: number;
  readonly planId: string | undefined;
  /** Every switch of the fabric, in document order. */
  readonly switchNames: readonly string[];
  /** Problems that made the compiler skip a rule or requester (unknown owner, unknown server, VNI clash). */
  readonly warnings: readonly string[];
  /** The switch's state and content hash; undefined for a name that is not a switch of the fabric. */
  forSwitch(name: string): HashedDesiredState | undefined;
}

/**
 * Compile `{ fabric, rules, owners, planVersion }` into per-switch desired state (see {@link CompiledDesiredState}).
 *
 * @example
 * const s = compileDesiredState(g, input).forSwitch('access1')!.state;
 * s.functionOffloadTable; // [{ vni: 0x5a3c1e, ruleId: 'default/reviews/http/0', action: { kind: 'set_owner', ownerIp: '10.0.0.1' } }]
 */
export function compileDesiredState(graph: FabricGraph, input: DesiredStateInput): CompiledDesiredState {
  const warnings: string[] = [];
  const offload = new Map<number, Map<number, OffloadEntry>>();
  const fullRules = new Map<number, FullRuleEntry[]>();
  const expected = new Map<number, number>();
  const pathMemo = new Map<string, number[]>();
  const idleTimeoutMs = input.sessionIdleTimeoutMs ?? DEFAULT_SESSION_IDLE_TIMEOUT_MS;

  function offloadOf(node: number): Map<number, OffloadEntry> {
    let m = offload.get(node);
    if (!m) offload.set(node, (m = new Map()));
    return m;
  }

  function switchesOnPath(access: number, owner: number): number[] {
    const key = `${access}|${owner}`;
    let nodes = pathMemo.get(key);
    if (!nodes) {
      nodes = graph.path(access, owner).nodes.filter(function isSwitch(x) { return graph.isSwitch(x); });
      pathMemo.set(key, nodes);
    }
    return nodes;
  }

  const vniOwner = new Map<number, string>();
  const ruleById = new Map<string, Rule>();
  for (const rule of input.rules) {
    const ownerName = input.owners.get(rule.id);
    if (ownerName === undefined) continue;
    const owner = graph.indexOf(ownerName);
    if (owner === undefined || !graph.isSwitch(owner)) {
      warnings.push(`rule ${rule.id}: owner ${ownerName} is not a switch of fabric ${input.fabric.name}; skipped`);
      continue;
    }
    const clash = vniOwner.get(rule.vni);
    if (clash !== undefined) {
      warnings.push(`rule ${rule.id}: VNI ${rule.vni} already used by rule ${clash}; skipped`);
      continue;
    }
    vniOwner.set(rule.vni, rule.id);
    ruleById.set(rule.id, rule);
    addOwnedRule(rule, owner);
    const ownerIp = graph.doc.switches[owner].vtepIp;
    const accessSeen = new Set<number>();
    for (const requester of rule.requesters) {
      const server = graph.indexOf(requester.server);
      if (server === undefined || graph.isSwitch(server)) {
        warnings.push(`rule ${rule.id}: requester ${requester.pod} is on unknown server ${requester.server}; skipped`);
        continue;
      }
      const access = graph.accessSwitchOf(server);
      if (accessSeen.has(access)) continue;
      accessSeen.add(access);
      for (const sw of switchesOnPath(access, owner)) {
        if (sw === owner) continue;
        const table = offloadOf(sw);
        if (!table.has(rule.vni)) table.set(rule.vni, { vni: rule.vni, ruleId: rule.id, action: { kind: 'set_owner', ownerIp } });
      }
    }
  }

  function addOwnedRule(rule: Rule, owner: number): void {
    offloadOf(owner).set(rule.vni, { vni: rule.vni, ruleId: rule.id, action: { kind: 'owner_is_local' } });
    let list = fullRules.get(owner);
    if (!list) fullRules.set(owner, (list = []));
    list.push(fullRuleEntryOf(rule));
    expected.set(owner, (expected.get(owner) ?? 0) + rule.expectedSessions);
  }

  function fullRuleOf(ruleId: string): FullRuleEntry | undefined {
    const rule = ruleById.get(ruleId);
    return rule && fullRuleEntryOf(rule);
  }

  function vtepIpOf(name: string): string | undefined {
    const node = graph.indexOf(name);
    return node !== undefined && graph.isSwitch(node) ? graph.doc.switches[node].vtepIp : undefined;
  }

  const memo = new Map<number, HashedDesiredState>();

  function forSwitch(name: string): HashedDesiredState | undefined {
    const node = graph.indexOf(name);
    if (node === undefined || !graph.isSwitch(node)) return undefined;
    const cached = memo.get(node);
    if (cached) return cached;
    const sw = graph.doc.switches[node];
    const compiled: SwitchDesiredState = {
      fabric: input.fabric.name,
      switch: sw.name,
      vtepIp: sw.vtepIp,
      planVersion: input.planVersion,
      ...(input.planId !== undefined ? { planId: input.planId } : {}),
      ports: portsOf(graph, node),
      routes: routesOf(graph, node),
      functionOffloadTable: [...(offload.get(node)?.values() ?? [])].sort(byVni),
      fullRuleTable: [...(fullRules.get(node) ?? [])].sort(byVni),
      sessionBudget: {
        capacity: sw.sramCapacity,
        threshold: sw.sramThreshold,
        expectedSessions: expected.get(node) ?? 0,
        idleTimeoutMs,
      },
    };
    // Overlaid before hashing, so every migration phase is a new ETag for the switches it touches.
    const state: SwitchDesiredState = input.migrations?.length
      ? overlayMigrations(compiled, input.migrations, { fullRuleOf, vtepIpOf })
      : compiled;
    const hashed = { state, hash: contentHash(state) };
    memo.set(node, hashed);
    return hashed;
  }

  return {
    fabric: input.fabric.name,
    planVersion: input.planVersion,
    planId: input.planId,
    switchNames: input.fabric.switches.map(function nameOf(s) { return s.name; }),
    warnings,
    forSwitch,
  };
}

/**
 * The full_rule_table entry of a rule, as its owner gets it (and as a migration's new owner gets it early).
 *
 * @example
 * fullRuleEntryOf(rule); // { vni, ruleId, lbPolicy, expectedSessions, backends: [{ pod, ip, nodeVtepIp, weight }] }
 */
export function fullRuleEntryOf(rule: Rule): FullRuleEntry {
  return {
    vni: rule.vni,
    ruleId: rule.id,
    lbPolicy: rule.lbPolicy,
    expectedSessions: rule.expectedSessions,
    backends: rule.backends.map(function toBackend(b) {
      return { pod: b.pod, ip: b.ip, nodeVtepIp: b.nodeVtepIp, weight: b.weight };
    }),
  };
}

function byVni(a: { vni: number }, b: { vni: number }): number {
  return a.vni - b.vni;
}

/** The VTEP IPv4 of any node (switch or server) of the graph. */
function vtepOf(graph: FabricGraph, node: number): string {
  return graph.isSwitch(node)
    ? graph.doc.switches[node].vtepIp
    : graph.doc.servers[node - graph.switchCount].vtepIp;
}

/**
 * Ports of a switch: port p (1-based) is its p-th neighbour in the graph's neighbour order (interfaces.md).
 *
 * @example
 * portsOf(g, g.indexOf('access1')!)[0]; // { port: 1, neighbour: 'core1', neighbourIp: '10.0.0.1', neighbourMac: '02:00:0a:00:00:01' }
 */
export function portsOf(graph: FabricGraph, node: number): SwitchPort[] {
  return graph.neighbours(node).map(function toPort({ node: v, link }, i) {
    const ip = vtepOf(graph, v);
    return { port: i + 1, neighbour: graph.nameOf(v), neighbourIp: ip, neighbourMac: macForIpv4(ip), bandwidthGbps: graph.link(link).bandwidthGbps };
  });
}

/**
 * ipv4_route entries of a switch: a /32 for every other fabric VTEP (switches and servers) toward the first
 * hop of the shortest path, sorted by address.
 *
 * @example
 * routesOf(g, g.indexOf('core1')!).find((r) => r.nextHop === 'access2');
 */
export function routesOf(graph: FabricGraph, node: number): RouteEntry[] {
  const hops = firstHops(graph, node);
  const portOf = new Map<number, number>();
  graph.neighbours(node).forEach(function number({ node: v }, i) {
    if (!portOf.has(v)) portOf.set(v, i + 1);
  });
  const routes: { key: number; entry: RouteEntry }[] = [];
  for (let t = 0; t < graph.nodeCount; t++) {
    const hop = hops[t];
    if (t === node || hop < 0) continue;
    const ip = vtepOf(graph, t);
    const hopIp = vtepOf(graph, hop);
    routes.push({
      key: ipv4ToNumber(ip) ?? 0,
      entry: { prefix: ip, prefixLength: 32, port: portOf.get(hop)!, dstMac: macForIpv4(hopIp), nextHop: graph.nameOf(hop) },
    });
  }
  routes.sort(function byAddress(a, b) { return a.key - b.key; });
  return routes.map(function entry(r) { return r.entry; });
}

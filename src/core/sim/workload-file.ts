import type { FabricGraph } from '../fabric/fabric-graph';
import type { FabricDocument } from '../fabric/types';
import type { Rule } from '../rules/types';
import { SIM_CONSTANTS } from './constants';
import type { SimInputError, SimPod, SimResultOr, Workload } from './workload-types';

/**
 * Builds a workload from a workload file (already parsed JSON) instead of the synthetic car-parking one:
 * `{ requestBits?: number, rules: [{ id, share, requesters: [podName, …], backends: [{ pod, weight }, …] }] }`.
 * Pods are the fabric's pods, by name; shares are normalised. Every problem is reported with its field path.
 *
 * @example
 * const w = workloadFromFile(json, doc, graph, 50_000);
 * if (!w.ok) console.error(w.errors); // [{ field: 'rules[2].backends[0].pod', reason: "no pod 'x' in the fabric" }]
 */
export function workloadFromFile(json: unknown, doc: FabricDocument, graph: FabricGraph, rps: number): SimResultOr<Workload> {
  const errors: SimInputError[] = [];
  const root = json as { requestBits?: unknown; rules?: unknown };
  if (typeof root !== 'object' || root === null) return { ok: false, errors: [{ field: '(root)', reason: 'must be an object' }] };
  const requestBits = root.requestBits === undefined ? SIM_CONSTANTS.requestBits : Number(root.requestBits);
  if (!(requestBits > 0)) errors.push({ field: 'requestBits', reason: 'must be a positive number of bits' });
  if (!Array.isArray(root.rules) || root.rules.length === 0) return { ok: false, errors: [...errors, { field: 'rules', reason: 'must be a non-empty array' }] };
  const podIndex = new Map<string, number>();
  const pods: SimPod[] = doc.pods.map((p, i) => {
    podIndex.set(p.name, i);
    return { name: p.name, server: p.server, node: graph.indexOf(p.server) ?? -1, stage: 0 };
  });
  const vtep = new Map(doc.servers.map((s) => [s.name, s.vtepIp]));
  const requesters: Int32Array[] = [], backends: Int32Array[] = [], backendCumulative: Float64Array[] = [];
  const rules: Rule[] = [];
  const rawShare: number[] = [];
  (root.rules as unknown[]).forEach(function readRule(raw, r) {
    const at = `rules[${r}]`;
    const rule = raw as { id?: unknown; share?: unknown; requesters?: unknown; backends?: unknown };
    if (typeof rule?.id !== 'string' || rule.id === '') errors.push({ field: `${at}.id`, reason: 'must be a non-empty string' });
    const share = Number(rule?.share);
    if (!(share > 0)) errors.push({ field: `${at}.share`, reason: 'must be a positive number' });
    const q = Array.isArray(rule?.requesters) ? rule.requesters : [];
    const k = Array.isArray(rule?.backends) ? rule.backends : [];
    if (q.length === 0) errors.push({ field: `${at}.requesters`, reason: 'must list at least one pod name' });
    if (k.length === 0) errors.push({ field: `${at}.backends`, reason: 'must list at least one { pod, weight }' });
    const qi = q.map((name, j) => lookup(String(name), `${at}.requesters[${j}]`));
    const ki = k.map((b: { pod?: unknown }, j) => lookup(String(b?.pod), `${at}.backends[${j}].pod`));
    const weights = k.map((b: { weight?: unknown }, j) => {
      const w = Number(b?.weight ?? 1);
      if (!(w > 0)) errors.push({ field: `${at}.backends[${j}].weight`, reason: 'must be a positive number' });
      return w;
    });
    const total = weights.reduce((s, w) => s + w, 0);
    let acc = 0;
    requesters.push(Int32Array.from(qi));
    backends.push(Int32Array.from(ki));
    backendCumulative.push(Float64Array.from(weights, (w) => (acc += w) / total));
    rawShare.push(share);
    rules.push({
      id: String(rule?.id), fabric: doc.name, kind: 'http', priority: r, vni: r + 1,
      source: { kind: 'VirtualService', namespace: 'workload', name: `rule-${r}`, routeIndex: 0 }, hosts: [], match: [],
      requesters: qi.map((i) => ({ pod: pods[i]?.name ?? '', ip: doc.pods[i]?.ip ?? '', server: pods[i]?.server ?? '' })),
      backends: ki.map((i, j) => ({
        pod: pods[i]?.name ?? '', ip: doc.pods[i]?.ip ?? '', server: pods[i]?.server ?? '',
        nodeVtepIp: vtep.get(pods[i]?.server ?? '') ?? '', weight: weights[j],
      })),
      lbPolicy: { kind: 'RANDOM' }, expectedSessions: 1, expectedGbps: 0, proxyActions: {}, warnings: [],
    });
  });
  function lookup(name: string, field: string): number {
    const i = podIndex.get(name);
    if (i === undefined) { errors.push({ field, reason: `no pod '${name}' in the fabric` }); return 0; }
    if (pods[i].node < 0) errors.push({ field, reason: `pod '${name}' runs on unknown server '${pods[i].server}'` });
    return i;
  }
  if (errors.length > 0) return { ok: false, errors };
  const sum = rawShare.reduce((s, x) => s + x, 0);
  const share = Float64Array.from(rawShare, (s) => s / sum);
  let acc = 0;
  const shareCumulative = Float64Array.from(share, (s) => (acc += s));
  rules.forEach((rule, r) => {
    const lambda = rps * share[r];
    rule.expectedSessions = Math.max(1, Math.round(lambda * SIM_CONSTANTS.sessionIdleSeconds));
    rule.expectedGbps = (lambda * requestBits) / 1e9;
  });
  return { ok: true, value: { requestBits, pods, rules, requesters, backends, backendCumulative, share, shareCumulative } };
}

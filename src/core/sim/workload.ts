import type { FabricGraph } from '../fabric/fabric-graph';
import type { FabricDocument } from '../fabric/types';
import type { Rule, RuleBackend, RuleRequester } from '../rules/types';
import { SIM_CONSTANTS } from './constants';
import type { Rng } from './random';
import { createRng } from './random';
import type { RequestDraw, SimPod, SimResultOr, Workload } from './workload-types';

/** Options of the synthetic car-parking workload; every field defaults to `SIM_CONSTANTS`. */
export interface CarParkingOptions {
  seed: number;
  /** Offered load, used only for the rules' x_r and y_r (what the planner sizes against). */
  rps: number;
  ruleCount?: number;
  podsPerServer?: number;
  requestBits?: number;
}

/**
 * The paper's §V workload on any fabric: the car-parking function chain, 1.912 Mb per request, requests
 * spread evenly over the mesh servers, `ruleCount` rules with the 2:8 skew. Uses the fabric's pods when it
 * has some (stages = distinct `app` labels, else round-robin), otherwise puts one pod per stage on every mesh
 * server. Rule r routes stage i → stage i+1 (i = r mod (stages − 1)); Q(r) is every stage-i pod (at most
 * `maxRequestersPerRule`, drawn at random); K(r) is two stage-(i+1) pods weighted 80/20.
 *
 * @example
 * const w = buildCarParkingWorkload(doc, graph, { seed: 1, rps: 50_000 });
 * if (w.ok) drawRequest(w.value, createRng(1));
 */
export function buildCarParkingWorkload(doc: FabricDocument, graph: FabricGraph, options: CarParkingOptions): SimResultOr<Workload> {
  const ruleCount = options.ruleCount ?? SIM_CONSTANTS.ruleCount;
  const podsPerServer = options.podsPerServer ?? SIM_CONSTANTS.podsPerServer;
  const requestBits = options.requestBits ?? SIM_CONSTANTS.requestBits;
  if (!Number.isInteger(ruleCount) || ruleCount < 1) return fail('ruleCount', 'must be a positive integer');
  if (!(requestBits > 0)) return fail('requestBits', 'must be positive');
  const rng = createRng(options.seed ^ 0x5eed);
  const pods = collectPods(doc, graph, podsPerServer);
  if (pods.length === 0) return fail('fabric.servers', 'the fabric has no mesh server to put pods on');
  const stageCount = pods.reduce((m, p) => Math.max(m, p.stage), 0) + 1;
  if (stageCount < 2) return fail('fabric.pods', 'need pods of at least two services (stages) to build rules');
  const byStage: number[][] = Array.from({ length: stageCount }, () => []);
  pods.forEach((p, i) => byStage[p.stage].push(i));

  const requesters: Int32Array[] = [];
  const backends: Int32Array[] = [];
  const backendCumulative: Float64Array[] = [];
  const rules: Rule[] = [];
  const share = new Float64Array(ruleCount);
  const hot = hotRuleSet(ruleCount, rng);
  const hotCount = hot.reduce((s, h) => s + h, 0);
  const usedVni = new Set<number>();
  const vtep = new Map(doc.servers.map((s) => [s.name, s.vtepIp]));
  for (let r = 0; r < ruleCount; r++) {
    const from = r % (stageCount - 1);
    const q = Int32Array.from(sample(byStage[from], SIM_CONSTANTS.maxRequestersPerRule, rng));
    const k = Int32Array.from(sample(byStage[from + 1], SIM_CONSTANTS.backendWeights.length, rng));
    const weights = SIM_CONSTANTS.backendWeights.slice(0, k.length);
    const total = weights.reduce((s, w) => s + w, 0);
    let acc = 0;
    backendCumulative.push(Float64Array.from(weights, (w) => (acc += w) / total));
    requesters.push(q);
    backends.push(k);
    share[r] = hot[r] ? SIM_CONSTANTS.hotTrafficFraction / hotCount
      : (1 - SIM_CONSTANTS.hotTrafficFraction) / Math.max(1, ruleCount - hotCount);
    rules.push(toRule(doc.name, vtep, r, from, q, k, weights, share[r], options.rps, requestBits, pods, uniqueVni(rng, usedVni)));
  }
  let sum = 0;
  for (let r = 0; r < ruleCount; r++) sum += share[r];
  let acc = 0;
  const shareCumulative = Float64Array.from(share, (s) => (acc += s / sum));
  return { ok: true, value: { requestBits, pods, rules, requesters, backends, backendCumulative, share, shareCumulative } };
}

/**
 * Draws one request: a rule by its share, a requester uniformly from Q(r), a backend by weight.
 *
 * @example
 * const { rule, srcPod, dstPod } = drawRequest(workload, rng);
 */
export function drawRequest(w: Workload, rng: Rng): RequestDraw {
  const rule = upperBound(w.shareCumulative, rng.next());
  const q = w.requesters[rule];
  const srcPod = q[rng.int(q.length)];
  const k = w.backends[rule];
  const dstPod = k[upperBound(w.backendCumulative[rule], rng.next())];
  return { rule, srcPod, dstPod };
}

/** First index whose cumulative value exceeds u (clamped to the last). */
function upperBound(cumulative: Float64Array, u: number): number {
  let lo = 0, hi = cumulative.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (cumulative[mid] > u) hi = mid; else lo = mid + 1;
  }
  return lo;
}

function collectPods(doc: FabricDocument, graph: FabricGraph, podsPerServer: number): SimPod[] {
  const mesh = doc.servers.filter((s) => (s.kind ?? 'mesh') === 'mesh');
  const meshNames = new Set(mesh.map((s) => s.name));
  const docPods = doc.pods.filter((p) => meshNames.has(p.server));
  if (docPods.length > 0) {
    const apps = [...new Set(docPods.map((p) => p.labels.app).filter((a): a is string => a !== undefined))].sort();
    const stages = Math.min(SIM_CONSTANTS.chainStages.length, Math.max(2, docPods.length));
    return docPods.map((p, i) => ({
      name: p.name, server: p.server, node: graph.indexOf(p.server)!,
      stage: apps.length >= 2 ? apps.indexOf(p.labels.app ?? apps[0]) : i % stages,
    }));
  }
  const stages = Math.min(SIM_CONSTANTS.chainStages.length, podsPerServer);
  const out: SimPod[] = [];
  for (const s of mesh) {
    const node = graph.indexOf(s.name)!;
    for (let j = 0; j < podsPerServer; j++) {
      out.push({ name: `${SIM_CONSTANTS.chainStages[j % stages]}-${s.name}-${j}`, server: s.name, node, stage: j % stages });
    }
  }
  return out;
}

/** 1 for the hot rules: the first 20 % of a seeded shuffle. */
function hotRuleSet(n: number, rng: Rng): Uint8Array {
  const order = Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    [order[i], order[j]] = [order[j], order[i]];
  }
  const hot = new Uint8Array(n);
  const count = Math.max(1, Math.round(n * SIM_CONSTANTS.hotRuleFraction));
  for (let i = 0; i < count; i++) hot[order[i]] = 1;
  return hot;
}

/** Up to `k` distinct members of `from`, all of them when there are few (order randomised). */
function sample(from: number[], k: number, rng: Rng): number[] {
  if (from.length <= k) return from.slice();
  const picked = new Set<number>();
  while (picked.size < k) picked.add(from[rng.int(from.length)]);
  return [...picked];
}

function uniqueVni(rng: Rng, used: Set<number>): number {
  for (;;) {
    const v = 1 + rng.int(0xfffffe);
    if (!used.has(v)) { used.add(v); return v; }
  }
}

function podIp(i: number): string {
  return `100.${64 + (i >> 16)}.${(i >> 8) & 255}.${i & 255}`;
}

function toRule(fabric: string, vtep: Map<string, string>, r: number, from: number, q: Int32Array, k: Int32Array, weights: readonly number[],
  share: number, rps: number, requestBits: number, pods: SimPod[], vni: number): Rule {
  const stages = SIM_CONSTANTS.chainStages;
  const name = `${stages[from] ?? from}-to-${stages[from + 1] ?? from + 1}-${r}`;
  const requesters: RuleRequester[] = Array.from(q, (i) => ({ pod: pods[i].name, ip: podIp(i), server: pods[i].server }));
  const backends: RuleBackend[] = Array.from(k, (i, j) => ({
    pod: pods[i].name, ip: podIp(i), server: pods[i].server, nodeVtepIp: vtep.get(pods[i].server) ?? '0.0.0.0', weight: weights[j],
  }));
  const lambda = rps * share;
  return {
    id: `carpark/${name}/http/0`, fabric, kind: 'http', priority: r, vni,
    source: { kind: 'VirtualService', namespace: 'carpark', name, routeIndex: 0 },
    hosts: [`${stages[from + 1] ?? 'stage'}.carpark.svc.cluster.local`], match: [],
    requesters, backends, lbPolicy: { kind: 'RANDOM' },
    expectedSessions: Math.max(1, Math.round(lambda * SIM_CONSTANTS.sessionIdleSeconds)),
    expectedGbps: (lambda * requestBits) / 1e9, proxyActions: {}, warnings: [],
  };
}

function fail(field: string, reason: string): SimResultOr<Workload> {
  return { ok: false, errors: [{ field, reason }] };
}

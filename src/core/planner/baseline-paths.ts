import { accessPathLinks } from './access-path';
import { utilization } from './evaluate-plan';
import type { PlanInstance } from './instance';
import { linkDelayUs } from './link-delay';
import type { PlanResult } from './types';

/**
 * Per-request cost of the Istio sidecar pair (client + server Envoy), µs: Istio's published load test
 * (1,000 services, 2,000 sidecars, 70,000 mesh-wide requests/s) — "the Envoy proxy adds 2.65 ms to the 90th
 * percentile latency" (istio.io, Performance and Scalability, releases 1.8–1.13). The paper's §II-B cites
 * the same cost class (sidecar CPU/memory, latency doubling under load).
 */
export const ISTIO_SIDECAR_US = 2650;

/** Links of p(u, v) between access switches: the CLOS shortcut, else the graph's path. */
function pathLinks(inst: PlanInstance, u: number, v: number, scratch: Int32Array): number[] {
  return accessPathLinks(inst.clos, u, v, scratch) ?? inst.graph.path(u, v).links;
}

/**
 * Canal-style centralized gateway (paper Fig. 1b): every rule is handled at the fabric's gateway server
 * (FabricServer.kind === 'gateway'), so every request detours s → gateway → t and the gateway's server link
 * carries Σ y_r. Same output shape as `plan` (owners = the gateway's node index).
 *
 * @example
 * const g = gatewayBaseline(inst); // undefined when the fabric has no gateway server
 */
export function gatewayBaseline(inst: PlanInstance): PlanResult | undefined {
  const { clos, fp } = inst;
  const S = clos.switchCount;
  const gwIndex = inst.serverKind.indexOf(1);
  if (gwIndex < 0) return undefined;
  const gw = S + gwIndex;
  const ag = clos.serverAccess[gwIndex];
  const gwLink = clos.serverLink[gwIndex];
  const scratch = new Int32Array(2);
  const toGw = new Map<number, number[]>();
  const fromGw = new Map<number, number[]>();
  const linksTo = (a: number): number[] => {
    let l = toGw.get(a);
    if (!l) toGw.set(a, (l = pathLinks(inst, a, ag, scratch)));
    return l;
  };
  const linksFrom = (b: number): number[] => {
    let l = fromGw.get(b);
    if (!l) fromGw.set(b, (l = pathLinks(inst, ag, b, scratch)));
    return l;
  };
  const load = inst.baseLoad.slice();
  const stamp = new Int32Array(clos.linkCount);
  for (let r = 0; r < fp.count; r++) {
    const y = fp.y[r];
    const mark = (l: number): void => { if (stamp[l] !== r + 1) { stamp[l] = r + 1; load[l] += y; } };
    mark(gwLink);
    for (let i = fp.qStart[r]; i < fp.qStart[r + 1]; i++) for (const l of linksTo(fp.qAcc[i])) mark(l);
    for (let i = fp.kStart[r]; i < fp.kStart[r + 1]; i++) for (const l of linksFrom(fp.kAcc[i])) mark(l);
  }
  const F = (l: number): number => linkDelayUs(clos.linkBase[l], load[l], clos.linkBandwidth[l]);
  const sum = (links: number[]): number => links.reduce((t, l) => t + F(l), 0);
  const latencyUs = new Float64Array(fp.count);
  let objectiveUs = 0;
  for (let r = 0; r < fp.count; r++) {
    let tq = 0, tk = 0;
    for (let i = fp.qStart[r]; i < fp.qStart[r + 1]; i++) tq = Math.max(tq, fp.qDelay[i] + sum(linksTo(fp.qAcc[i])));
    for (let i = fp.kStart[r]; i < fp.kStart[r + 1]; i++) tk = Math.max(tk, sum(linksFrom(fp.kAcc[i])) + fp.kDelay[i]);
    latencyUs[r] = tq + tk + 2 * F(gwLink);
    objectiveUs = Math.max(objectiveUs, latencyUs[r]);
  }
  const { rho, linkOverloads } = utilization(inst, load);
  return result(new Int32Array(fp.count).fill(gw), latencyUs, objectiveUs, new Float64Array(S), rho, linkOverloads);
}

/**
 * Istio per-pod sidecars (paper §II-B, Fig. 1a): traffic takes the direct path p(s, t) and every request pays
 * the sidecar pair's cost `sidecarUs` (default {@link ISTIO_SIDECAR_US}). No switch owns rules (owners = -1).
 *
 * @example
 * const s = sidecarBaseline(inst);
 */
export function sidecarBaseline(inst: PlanInstance, sidecarUs = ISTIO_SIDECAR_US): PlanResult {
  const { clos, fp } = inst;
  const scratch = new Int32Array(2);
  const cache = new Map<number, number[]>();
  const S = clos.switchCount;
  const links = (a: number, b: number): number[] => {
    const key = a * S + b;
    let l = cache.get(key);
    if (!l) {
      l = pathLinks(inst, a, b, scratch);
      if (cache.size < 200_000) cache.set(key, l);
    }
    return l;
  };
  const load = inst.baseLoad.slice();
  const stamp = new Int32Array(clos.linkCount);
  for (let r = 0; r < fp.count; r++) {
    for (let i = fp.qStart[r]; i < fp.qStart[r + 1]; i++) {
      for (let j = fp.kStart[r]; j < fp.kStart[r + 1]; j++) {
        for (const l of links(fp.qAcc[i], fp.kAcc[j])) {
          if (stamp[l] !== r + 1) { stamp[l] = r + 1; load[l] += fp.y[r]; }
        }
      }
    }
  }
  const latencyUs = new Float64Array(fp.count);
  let objectiveUs = 0;
  for (let r = 0; r < fp.count; r++) {
    let t = 0;
    for (let i = fp.qStart[r]; i < fp.qStart[r + 1]; i++) {
      for (let j = fp.kStart[r]; j < fp.kStart[r + 1]; j++) {
        let path = fp.qDelay[i] + fp.kDelay[j];
        for (const l of links(fp.qAcc[i], fp.kAcc[j])) path += linkDelayUs(clos.linkBase[l], load[l], clos.linkBandwidth[l]);
        if (path > t) t = path;
      }
    }
    latencyUs[r] = t + sidecarUs;
    objectiveUs = Math.max(objectiveUs, latencyUs[r]);
  }
  const { rho, linkOverloads } = utilization(inst, load);
  return result(new Int32Array(fp.count).fill(-1), latencyUs, objectiveUs, new Float64Array(S), rho, linkOverloads);
}

function result(
  owners: Int32Array, latencyUs: Float64Array, objectiveUs: number, switchLoad: Float64Array,
  linkUtilization: Float64Array, overloads: PlanResult['overloads'],
): PlanResult {
  return {
    kind: 'plan', owners, latencyUs, objectiveUs, switchLoad, linkUtilization, overloads,
    stats: { greedyObjectiveUs: objectiveUs, annealIterations: 0, acceptedMoves: 0, fallbackRules: 0 },
    timings: { greedyStart: 0, prepareMs: 0, greedyMs: 0, annealMs: 0, evaluateMs: 0 },
  };
}

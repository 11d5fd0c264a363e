import type { FabricTopology } from '../fabric/fabric-graph';
import { hasCsr } from '../fabric/fabric-csr';
import { serverKinds } from './instance-builder';
import { seededRandom } from './rng';
import type { PlannerRule } from './types';

/** Shape of a synthetic rule set (the paper's evaluation workload, §V). */
export interface WorkloadOptions {
  rules: number;
  seed: number;
  /** Σ y_r, Gbps. */
  totalGbps: number;
  /** Mean x_r (sessions). */
  meanSessions: number;
  /** Fraction of rules carrying 80 % of sessions and traffic (the paper's 2:8 skew: 0.2). Default 0.2. */
  heavyShare?: number;
  /** Fraction of rules whose pods all sit under one access switch. Default 0.2. */
  localShare?: number;
  /** Fraction whose pods sit under several access switches of one pod (same aggregation set). Default 0.3. */
  podShare?: number;
  /** Access switches per side (Q or K) drawn from [1, maxAccessPerSide]. Default 3. */
  maxAccessPerSide?: number;
  /** Servers per chosen access switch drawn from [1, maxServersPerAccess]. Default 2. */
  maxServersPerAccess?: number;
}

/**
 * A seeded synthetic rule set: Q(r) and K(r) spread over several access switches (some rules local to one
 * access switch, some to one pod, the rest fabric-wide), and the paper's 2:8 skew — 20 % of the rules carry
 * 80 % of the sessions and traffic (§V, after [28]). Only mesh servers host pods.
 *
 * @example
 * const rules = syntheticWorkload(g, { rules: 1000, seed: 1, totalGbps: 95, meanSessions: 500 });
 */
export function syntheticWorkload(graph: FabricTopology, o: WorkloadOptions): PlannerRule[] {
  const out: PlannerRule[] = new Array(o.rules);
  const made = forEachSyntheticRule(graph, o, function keep(rule, r) { out[r] = rule; });
  out.length = made;
  return out;
}

/**
 * The rules of {@link syntheticWorkload}, handed to `visit` one at a time and not kept (same seed → same
 * rules): feed them to an `InstanceBuilder` and 100,000 rules never exist at once. Returns how many were made
 * (0 when the fabric has no mesh server).
 *
 * @example
 * const b = new InstanceBuilder(topology, { expectedRules: 100_000 });
 * forEachSyntheticRule(topology, { rules: 100_000, seed: 5, totalGbps: 150_000, meanSessions: 500 }, (rule) => { b.addRule(rule); });
 */
export function forEachSyntheticRule(
  graph: FabricTopology,
  o: WorkloadOptions,
  visit: (rule: PlannerRule, r: number) => void,
): number {
  const rnd = seededRandom(o.seed);
  const S = graph.switchCount;
  const serversOf = new Map<number, number[]>();
  const kinds = serverKinds(graph);
  for (let i = 0; i < kinds.length; i++) {
    if (kinds[i] !== 0) continue;
    const a = graph.accessSwitchOf(S + i);
    let list = serversOf.get(a);
    if (!list) serversOf.set(a, (list = []));
    list.push(S + i);
  }
  const accesses = [...serversOf.keys()].sort((p, q) => p - q);
  if (accesses.length === 0) return 0;
  // Pods: access switches with the same up-neighbour set.
  const podOf = new Map<number, number[]>();
  const podKey = new Map<string, number[]>();
  for (const a of accesses) {
    const key = upNeighbours(graph, a).join(',');
    let pod = podKey.get(key);
    if (!pod) podKey.set(key, (pod = []));
    pod.push(a);
    podOf.set(a, pod);
  }

  const heavyShare = o.heavyShare ?? 0.2;
  const localShare = o.localShare ?? 0.2;
  const podShare = o.podShare ?? 0.3;
  const maxAcc = o.maxAccessPerSide ?? 3;
  const maxSrv = o.maxServersPerAccess ?? 2;
  const heavyRules = Math.round(o.rules * heavyShare);
  // 80 % of the volume on the heavy rules, 20 % on the rest.
  const heavyFactor = heavyRules > 0 ? 0.8 / heavyShare : 0;
  const lightFactor = heavyRules < o.rules ? 0.2 / (1 - heavyShare) : 0;
  const meanGbps = o.totalGbps / Math.max(1, o.rules);

  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)];
  for (let r = 0; r < o.rules; r++) {
    const u = rnd();
    const home = pick(accesses);
    const pool = u < localShare ? [home] : u < localShare + podShare ? podOf.get(home)! : accesses;
    const side = (): number[] => {
      const list: number[] = [];
      const n = 1 + Math.floor(rnd() * maxAcc);
      for (let i = 0; i < n; i++) {
        const a = i === 0 ? home : pick(pool);
        const hosts = serversOf.get(a)!;
        const m = 1 + Math.floor(rnd() * maxSrv);
        for (let j = 0; j < m; j++) list.push(pick(hosts));
      }
      return list.slice(); // exact-size copy: 100,000 rules' push-grown arrays would waste megabytes
    };
    const heavy = r % Math.max(1, Math.round(1 / heavyShare)) === 0 && r / Math.round(1 / heavyShare) < heavyRules;
    const factor = heavy ? heavyFactor : lightFactor;
    const jitter = 0.5 + rnd();
    visit({
      id: `rule-${r}`,
      requesters: side(),
      backends: side(),
      expectedSessions: Math.max(1, Math.round(o.meanSessions * factor * jitter)),
      expectedGbps: meanGbps * factor * jitter,
    }, r);
  }
  return o.rules;
}

/** Switch neighbours of a switch (via the CSR arrays when the graph has them; `neighbours()` caches objects). */
function upNeighbours(graph: FabricTopology, a: number): number[] {
  const out: number[] = [];
  if (hasCsr(graph)) {
    for (let j = graph.adjStart[a]; j < graph.adjStart[a + 1]; j++) if (graph.adjNode[j] < graph.switchCount) out.push(graph.adjNode[j]);
    return out;
  }
  for (const { node } of graph.neighbours(a)) if (node < graph.switchCount) out.push(node);
  return out;
}

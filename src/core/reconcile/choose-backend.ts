import type { FullRuleBackend, FullRuleEntry } from '../desired-state/types';
import { hash32 } from './flow-hash';
import { sessionKey } from './session-key';
import type { SessionFlow } from './types';

/**
 * What a backend choice may depend on besides the rule and the flow: injected randomness (never Math.random
 * inside the core), the smooth weighted round-robin state, and active-session counts for LEAST_REQUEST.
 */
export interface BackendChoiceContext {
  /** Uniform in [0, 1). */
  random: () => number;
  /** Per-VNI smooth weighted round-robin state (current weights); created on first use. */
  roundRobin?: Map<number, number[]>;
  /** Active pinned sessions of (VNI, backend node) for LEAST_REQUEST. */
  activeSessions?: (vni: number, nodeVtepIp: string) => number;
}

/**
 * The slow path's choice of a backend for a new session, by the rule's LB policy:
 * RANDOM (the default) → weighted random; CONSISTENT_HASH_SOURCE_IP → weighted rendezvous hash of the inner
 * source IP (stable when other backends come and go); ROUND_ROBIN → smooth weighted round robin;
 * LEAST_REQUEST → the less loaded (per weight) of two weighted-random picks (power of two choices).
 * Undefined when the rule has no backend with a positive weight.
 *
 * @example
 * chooseBackend(rule, flow, { random: mulberry32(1) })?.nodeVtepIp; // '10.0.1.3'
 */
export function chooseBackend(rule: FullRuleEntry, flow: SessionFlow, ctx: BackendChoiceContext): FullRuleBackend | undefined {
  const live = rule.backends.filter(function positive(b) { return b.weight > 0; });
  if (live.length === 0) return undefined;
  switch (rule.lbPolicy.kind) {
    case 'CONSISTENT_HASH_SOURCE_IP':
      return rendezvous(live, flow.srcIp);
    case 'ROUND_ROBIN':
      return smoothRoundRobin(rule, live, ctx);
    case 'LEAST_REQUEST':
      return leastRequest(rule, live, ctx);
    case 'RANDOM':
    default:
      return weightedRandom(live, ctx.random);
  }
}

/**
 * The backend for a session the switch cannot pin (tc_session_table full): a weighted rendezvous hash of the
 * whole flow, so every packet of the unpinned session still reaches the same backend without table state.
 *
 * @example
 * unpinnedBackend(rule, flow) === unpinnedBackend(rule, flow); // true
 */
export function unpinnedBackend(rule: FullRuleEntry, flow: SessionFlow): FullRuleBackend | undefined {
  const live = rule.backends.filter(function positive(b) { return b.weight > 0; });
  if (live.length === 0) return undefined;
  return rule.lbPolicy.kind === 'CONSISTENT_HASH_SOURCE_IP' ? rendezvous(live, flow.srcIp) : rendezvous(live, sessionKey(flow));
}

function weightedRandom(backends: FullRuleBackend[], random: () => number): FullRuleBackend {
  let total = 0;
  for (const b of backends) total += b.weight;
  let point = random() * total;
  for (const b of backends) {
    point -= b.weight;
    if (point < 0) return b;
  }
  return backends[backends.length - 1];
}

/** Weighted rendezvous (highest random weight): score = −w / ln(u), u = hash(key, backend) ∈ (0, 1). */
function rendezvous(backends: FullRuleBackend[], key: string): FullRuleBackend {
  let best = backends[0];
  let bestScore = -Infinity;
  for (const b of backends) {
    const u = (hash32(`${key}#${b.pod}`, 0x9e3779b9) + 0.5) / 4294967296;
    const score = -b.weight / Math.log(u);
    if (score > bestScore) {
      bestScore = score;
      best = b;
    }
  }
  return best;
}

function smoothRoundRobin(rule: FullRuleEntry, backends: FullRuleBackend[], ctx: BackendChoiceContext): FullRuleBackend {
  const states = ctx.roundRobin ?? new Map<number, number[]>();
  let current = states.get(rule.vni);
  if (!current || current.length !== backends.length) {
    current = backends.map(function zero() { return 0; });
    states.set(rule.vni, current);
  }
  let total = 0;
  let best = 0;
  for (let i = 0; i < backends.length; i++) {
    current[i] += backends[i].weight;
    total += backends[i].weight;
    if (current[i] > current[best]) best = i;
  }
  current[best] -= total;
  return backends[best];
}

function leastRequest(rule: FullRuleEntry, backends: FullRuleBackend[], ctx: BackendChoiceContext): FullRuleBackend {
  const a = weightedRandom(backends, ctx.random);
  const b = weightedRandom(backends, ctx.random);
  if (!ctx.activeSessions || a === b) return a;
  const loadA = ctx.activeSessions(rule.vni, a.nodeVtepIp) / a.weight;
  const loadB = ctx.activeSessions(rule.vni, b.nodeVtepIp) / b.weight;
  return loadB < loadA ? b : a;
}

/**
 * A small seeded PRNG (mulberry32) for callers that need reproducible weighted random choices.
 *
 * @example
 * const random = mulberry32(42); random(); // 0.6011...
 */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return function next() {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

import type { FabricGraph, FabricTopology } from '../fabric/fabric-graph';
import type { FabricDocument } from '../fabric/types';

/**
 * Contracts of the latency-aware offline planner (paper §III-D, Algorithm 1, eq. 1–3).
 *
 * The planner works on the access-switch footprint of each rule: Q(r) and K(r) as the servers their pods
 * run on (a pod's traffic enters the fabric at its server), never on individual pods.
 *
 * @example
 * const input: PlannerInput = {
 *   graph: buildFabricGraph(testbedFabric()),
 *   rules: [{ id: 'r1', requesters: [5], backends: [7], expectedSessions: 1000, expectedGbps: 0.1 }],
 * };
 */

/** One rule r reduced to what the planner needs. */
export interface PlannerRule {
  id: string;
  /** Q(r): node indices (in the graph) of the servers hosting requester pods; duplicates allowed. */
  requesters: ArrayLike<number>;
  /** K(r): node indices of the servers hosting backend pods; duplicates allowed. */
  backends: ArrayLike<number>;
  /** x_r: expected concurrent sessions (SRAM entries on the owner). */
  expectedSessions: number;
  /** y_r: expected traffic, Gbps. */
  expectedGbps: number;
}

/** What `plan` needs: G, the rules and the SRAM already in use. */
export interface PlannerInput {
  /**
   * G: a built graph (preferred: built once, reused), a document-free topology (`IndexedFabricTopology`:
   * the document can then be garbage-collected) or the fabric document.
   */
  graph: FabricGraph | FabricTopology | FabricDocument;
  rules: ReadonlyArray<PlannerRule>;
  /** m_n per switch name (session entries already used); missing = 0. */
  sramUsed?: ReadonlyMap<string, number>;
}

/** Knobs of `plan`; all optional, all deterministic. */
export interface PlannerOptions {
  /** Seed of the annealer's PRNG. Default 1. */
  seed?: number;
  /** Simulated-annealing iterations. Default 20,000. */
  iterations?: number;
  /** Wall-clock deadline, in the units of `now` (the core reads no clock itself). */
  deadline?: number;
  /** Clock for the deadline; required when `deadline` is given. */
  now?: () => number;
  /**
   * Candidates evaluated per rule during the greedy pass when S_high is large (e.g. all cores of a
   * fat-tree); the most critical rules are evaluated against every candidate. Default 4.
   */
  sampledCandidates?: number;
}

/** A link whose utilization ρ(e) ≥ 1: the M/M/1 model has no steady state there. */
export interface LinkOverload {
  link: number;
  a: string;
  b: string;
  rho: number;
}

/** A feasible plan z(n, r) with its metrics. */
export interface PlanResult {
  kind: 'plan';
  /** Owner switch node index per rule, in input order. */
  owners: Int32Array;
  /** T(r), µs, per rule in input order (eq. 2, maximised over s ∈ Q(r), t ∈ K(r)). */
  latencyUs: Float64Array;
  /** T = max_r T(r), µs (eq. 1). */
  objectiveUs: number;
  /** x(n) = Σ_r z(n, r) x_r per switch (index = switch node index). */
  switchLoad: Float64Array;
  /** ρ(e) per link (index = link index). */
  linkUtilization: Float64Array;
  /** Links with ρ(e) ≥ 1 (their delay is capped in T(r); see `linkDelayUs`). */
  overloads: LinkOverload[];
  /** Counters for reports. */
  stats: { greedyObjectiveUs: number; annealIterations: number; acceptedMoves: number; fallbackRules: number };
  /** Phase durations in the units of `options.now` (all 0 without a clock). `greedyStart` is a timestamp. */
  timings: { greedyStart: number; prepareMs: number; greedyMs: number; annealMs: number; evaluateMs: number };
}

/** Why no plan exists: the rules that fit on no switch with their demand. */
export interface PlanInfeasible {
  kind: 'infeasible';
  /** A human-readable cause naming rules and switches. */
  reason: string;
  /** Rules that found no switch with M_n − m_n − x(n) ≥ x_r. */
  rules: { id: string; expectedSessions: number; candidates: string[] }[];
  /** Total free SRAM vs total demand. */
  freeSessions: number;
  demandSessions: number;
}

/** Bad input (unknown servers, negative x_r, ...), naming the field. */
export interface PlanInputError {
  kind: 'invalid';
  field: string;
  reason: string;
}

/** The planner's answer: a plan or a value saying why not (no throws for expected failures). */
export type PlanOutcome = PlanResult | PlanInfeasible | PlanInputError;

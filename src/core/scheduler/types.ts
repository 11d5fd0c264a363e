/**
 * Contracts of the stability-oriented online scheduler (paper §III-E, eq. 4–7, Algorithm 2).
 *
 * Everything here is plain data; the scheduler reads no clock and does no I/O: times (`now`, move times)
 * and every observation are arguments, and failures come back as values.
 *
 * @example
 * const obs: RuleObservation = { ruleId: 'default/reviews/http/0', sessions: 1800, gbps: 0.4 };
 */

/** The scheduler's knobs, resolved (see `resolveSchedulerSettings`). */
export interface SchedulerSettings {
  /** α: weight of E_mig in I (eq. 5). */
  alpha: number;
  /** β: weight of E_reroute in I (eq. 5). */
  beta: number;
  /** ΔX: allowed Σ (x_r^ob − x_r) on one switch, sessions (eq. 4 and the first constraint of eq. 5). */
  deltaX: number;
  /** k: fraction of rules, by expected traffic y_r, whose reroute latency is computed exactly (R_k). */
  topK: number;
  /** U: candidate switches considered, most free SRAM first (extended until their free SRAM covers the need). */
  candidates: number;
  /** Hysteresis: a rule moved at time t is not moved again before t + cooldownMs. */
  cooldownMs: number;
  /** u: bytes per rule transferred (eq. 6, D_u = u · |R_Δ^full|). */
  ruleBytes: number;
  /** s: bytes per session transferred (eq. 6, D_s = s · Σ x_r^ob). */
  sessionBytes: number;
  /** ΔT^c: latency added to the rules outside R_k (eq. 7), µs. */
  rerouteConstantUs: number;
}

/** Bad input, naming the field. */
export interface SchedulerInputError {
  kind: 'invalid';
  field: string;
  reason: string;
}

/** One rule owned by the reporting switch, as the trigger needs it. */
export interface OwnedRule {
  ruleId: string;
  vni: number;
  /** x_r. */
  expectedSessions: number;
}

/** What eq. 4 is evaluated on: the switch's owned rules (from the current plan) and one telemetry report. */
export interface TriggerInput {
  switchName: string;
  owned: ReadonlyArray<OwnedRule>;
  /** Per VNI: x_r^ob on this switch. VNIs not listed count as 0 sessions. */
  observed: ReadonlyArray<{ vni: number; sessions: number }>;
  /** m_n: tc_session_table entries in use. */
  occupancy: number;
  /** T_SRAM of the switch. */
  sramThreshold: number;
  /** ΔX. */
  deltaX: number;
}

/** Why a trigger fired: δx(n) > ΔX, m_n > T_SRAM, or both. */
export type TriggerReason = 'delta-x' | 'sram';

/** Eq. 4 evaluated. */
export interface TriggerOutcome {
  kind: 'trigger';
  fired: boolean;
  reasons: TriggerReason[];
  switchName: string;
  /** δx(n) = Σ_{r owned by n} (x_r^ob − x_r). */
  deltaX: number;
  deltaXLimit: number;
  occupancy: number;
  sramThreshold: number;
}

/** x_r^ob and y_r^ob of one rule as the triggering switch n_cur observed them. */
export interface RuleObservation {
  ruleId: string;
  /** x_r^ob, sessions. */
  sessions: number;
  /** y_r^ob, Gbps. */
  gbps: number;
}

/** A past move, for hysteresis. */
export interface RecentMove {
  ruleId: string;
  from: string;
  to: string;
  /** When the move was decided, in the caller's time unit (ms). */
  at: number;
}

/** Per-switch figures every switch reports (paper: "each switch only needs to send a single value δx(n_i)" and m_{n_i}). */
export interface SwitchFigures {
  /** m_n per switch index of the model's graph (length = switch count). */
  occupancy: Float64Array;
  /** δx(n) per switch index. */
  deltaX: Float64Array;
}

/** What `migrate` decides on. */
export interface DecisionInput {
  /** n_cur. */
  switchName: string;
  /** x_r^ob, y_r^ob of the rules n_cur owns (a rule not listed has 0 sessions and its expected traffic). */
  observations: ReadonlyArray<RuleObservation>;
  switches: SwitchFigures;
  /** Moves of the recent past (older than the cool-down may be included; they are ignored). */
  history: ReadonlyArray<RecentMove>;
  now: number;
}

/** Which branch of Algorithm 2 chose the new owner. */
export type MoveChoice =
  /** lines 3–4: r ∉ R_k and the candidate has another role than n_cur. */
  | 'role-diff'
  /** lines 5–7: r ∈ R_k, another role, and T^new(r) ≤ T(r). */
  | 'role-diff-no-detour'
  /** lines 8–9, 12–13: r ∉ R_k, the least E_mig among same-role candidates. */
  | 'least-mig'
  /** lines 10–13: r ∈ R_k, the least I among the remaining candidates. */
  | 'least-i';

/** One decided move: rule r from n_cur to n_new with its live sessions. */
export interface Move {
  ruleId: string;
  from: string;
  to: string;
  /** x_r^ob: sessions to copy to the new owner. */
  sessions: number;
  /** x_r. */
  expectedSessions: number;
  /** x_r^ob − x_r. */
  excess: number;
  /** r ∈ R_k. */
  topK: boolean;
  /** Why the rule moves: above its estimate (R_Δ^full), or only to bring m_n below T_SRAM. */
  cause: 'above-estimate' | 'sram-relief';
  choice: MoveChoice;
  /**
   * True when no candidate satisfied δx^new(n) ≤ ΔX (the rule's own excess x_r^ob − x_r exceeds what any
   * candidate can absorb) and the move was made under m_n ≤ T_SRAM alone.
   */
  deltaXRelaxed: boolean;
  /** T(r) as planned, µs. */
  latencyBeforeUs: number;
  /** T^new(r), µs: exact for r ∈ R_k, T(r) + ΔT^c otherwise. */
  latencyAfterUs: number;
  /** E_mig of this move alone, µs. */
  migrationUs: number;
}

/** Occupancy and δx of a switch after the decision. */
export interface SwitchAfter {
  switch: string;
  occupancy: number;
  deltaX: number;
  sramThreshold: number;
}

/** A decision: the moves and the metrics of eq. 5–7. */
export interface Decision {
  kind: 'decision';
  switchName: string;
  moves: Move[];
  /** E_mig = max(w_u, w_s), µs (eq. 6). */
  eMigUs: number;
  wUUs: number;
  wSUs: number;
  /** E_reroute = max_r T^new(r), µs (eq. 7). */
  eRerouteUs: number;
  /** I = α·E_mig + β·E_reroute. */
  objective: number;
  /** |R_Δ^full|. */
  aboveEstimate: number;
  /** S_candi, most free SRAM first. */
  candidates: string[];
  /** Rules that could not move, with why. */
  skipped: { ruleId: string; reason: string }[];
  /** n_cur and every destination after the moves. */
  after: SwitchAfter[];
  /** Whether n_cur satisfies δx ≤ ΔX and m ≤ T_SRAM after the moves. */
  resolved: boolean;
}

/** No move is possible (nothing above estimate, every rule cooling down, or no candidate fits). */
export interface NoMove {
  kind: 'no-move';
  switchName: string;
  reason: string;
  skipped: { ruleId: string; reason: string }[];
}

/** `migrate`'s answer. */
export type DecisionOutcome = Decision | NoMove | SchedulerInputError;

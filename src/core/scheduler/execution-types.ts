import type { Move } from './types';

/**
 * Contracts of the make-before-break execution of a decision (paper §III-E; per-connection consistency as
 * SilkRoad defines it: a live session never changes backend).
 *
 * Steps, each persisted before the next begins, each idempotent:
 * 1. `prepare` — plan version P1 (owners unchanged) whose overlay gives the new owner the full rule and asks the
 *    old owner's agent to export the rule's live sessions; both owners pin new sessions of the rule by a hash of
 *    the flow (so a session created during the move gets the same backend on either owner). Done when the old
 *    owner's sessions were received and the new owner applied P1.
 * 2. `copy` — P2: the new owner installs the copied sessions. Done when it applied P2.
 * 3. `switch` — P3 (owners: the new owner): every switch's function_offload_table entry points to the new
 *    owner; the old owner still holds the rule and its sessions and forwards strays to the new owner. Done when
 *    every live switch applied P3.
 * 4. `settle` — wait one session idle timeout, so that any session the old owner pinned after the copy has
 *    re-pinned (to the same backend, by the flow hash) on the new owner or aged out.
 * 5. `drain` — P4 (owners: the new owner, no overlay): the old owner drops the rule and its sessions. Done when
 *    the old owner applied P4 → `done`.
 *
 * @example
 * const rec: ExecutionRecord = { status: 'running', step: 'prepare', moves, basePlanVersion: 3, plans: {}, exported: [], stepSince: 0 };
 */
export type ExecutionStep = 'prepare' | 'copy' | 'switch' | 'settle' | 'drain';

/** Plan-writing steps, in order. */
export type PlanPhase = 'prepare' | 'copy' | 'switch' | 'drain';

/** Lifecycle of a migration. */
export type MigrationStatus = 'pending' | 'running' | 'done' | 'no-move' | 'failed' | 'superseded';

/** A derived plan version written for a phase. */
export interface PhasePlan {
  id: string;
  version: number;
}

/** What is persisted between steps. */
export interface ExecutionRecord {
  status: MigrationStatus;
  step: ExecutionStep | null;
  moves: ReadonlyArray<Move>;
  /** Version of the plan the decision was made on. */
  basePlanVersion: number;
  plans: Partial<Record<PlanPhase, PhasePlan>>;
  /** Rule ids whose sessions the old owner has exported (the control plane holds them). */
  exported: ReadonlyArray<string>;
  /** When the current step began (ms). */
  stepSince: number;
}

/** What the job observes of the world when it advances a migration. */
export interface ExecutionWorld {
  now: number;
  /** The fabric's current ready plan. */
  currentPlan: { id: string; version: number; reason: string } | undefined;
  /** A newer offline plan is pending or running (its owners would overwrite ours: wait for it). */
  offlinePlanInFlight: boolean;
  /** Applied plan version per switch that reported (null: nothing applied yet). */
  applied: ReadonlyMap<string, number | null>;
  /** Switches whose agents are alive (reported recently): the ones `switch` waits for. */
  liveSwitches: ReadonlyArray<string>;
  /** tc_session_table idle timeout (ms): how long `settle` waits. */
  idleTimeoutMs: number;
}

/** What to do next. */
export type ExecutionAction =
  /** Write plan version `phase` (owners: old for prepare/copy, new for switch/drain), then record it. */
  | { kind: 'write-plan'; phase: PlanPhase; owners: 'old' | 'new' }
  /** Persist the next step (or `done`). */
  | { kind: 'advance'; to: ExecutionStep | 'done' }
  /** Nothing to do until something changes; look again after `retryMs`. */
  | { kind: 'wait'; reason: string; retryMs: number }
  /** An offline plan replaced the plan this migration derives from: stop (its owners win). */
  | { kind: 'supersede'; reason: string }
  /** Nothing left to do (finished, failed, superseded). */
  | { kind: 'none' };

/** Plan `reason` of a migration's phase plan: how a re-run recognises a plan it already wrote. */
export function phasePlanReason(migrationId: string, phase: PlanPhase): string {
  return `migration:${migrationId}:${phase}`;
}

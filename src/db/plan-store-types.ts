import type { AppDatabase } from './database';

/**
 * The database handle the plan store needs: the app's drizzle database (D1 or better-sqlite3).
 *
 * @example
 * const db: PlanDatabase = deps.db;
 */
export type PlanDatabase = AppDatabase;

/** Lifecycle of a plan. */
export type PlanStatus = 'pending' | 'running' | 'ready' | 'failed' | 'superseded';

/**
 * The newest ready plan of a fabric, as the desired-state compiler (H7) consumes it.
 *
 * @example
 * const p: ReadyPlan = { id: 'p1', version: 3, owners: new Map([['default/reviews/http/0', 'agg1']]), createdAt: 0 };
 */
export interface ReadyPlan {
  id: string;
  version: number;
  /** rule id → owner switch name: z(n, r) = 1. */
  owners: Map<string, string>;
  createdAt: number;
}

/** One plan's header row, as the API lists it. */
export interface PlanSummary {
  id: string;
  fabric: string;
  version: number;
  status: PlanStatus;
  reason: string;
  failureReason: string | null;
  supersededBy: string | null;
  objectiveUs: number | null;
  ruleCount: number | null;
  switchCount: number | null;
  summary: Record<string, unknown> | null;
  createdAt: number;
  startedAt: number | null;
  finishedAt: number | null;
}

/** The packed body of a ready plan (stored in `plan_chunks`). */
export interface PlanBody {
  /** Switch names referenced by index below. */
  switches: string[];
  /** [rule id, owner switch index, T(r) µs] per rule. */
  rules: [string, number, number][];
  /** [switch index, x(n) sessions] for switches with load > 0. */
  loads: [number, number][];
}

import { index, integer, primaryKey, real, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';

/**
 * Offline plans (paper §III-D): one row per plan request, immutable once `ready` or `failed`.
 * Status: pending → running → ready | failed; a pending plan that a newer request replaced becomes `superseded`.
 * The large per-rule and per-switch results live in `plan_chunks` as packed JSON so that a plan for
 * 100,000 rules takes a handful of rows (D1: 100 bound parameters per statement, ~1,000 queries per invocation).
 *
 * @example
 * await db.select().from(plans).where(eq(plans.fabric, 'testbed'));
 */
export const plans = sqliteTable(
  'plans',
  {
    id: text('id').primaryKey(),
    fabric: text('fabric').notNull(),
    /** Monotonic per fabric, assigned at request time. */
    version: integer('version').notNull(),
    status: text('status', { enum: ['pending', 'running', 'ready', 'failed', 'superseded'] }).notNull(),
    /** Why the plan was requested (e.g. `api`, `istio-apply`). */
    reason: text('reason').notNull(),
    /** Why it failed (infeasibility or error), when status = failed. */
    failureReason: text('failure_reason'),
    /** The plan that superseded this one, when status = superseded. */
    supersededBy: text('superseded_by'),
    /** T = max_r T(r), µs. */
    objectiveUs: real('objective_us'),
    ruleCount: integer('rule_count'),
    switchCount: integer('switch_count'),
    /** JSON: { lowerBoundUs, overloads, timings, algorithm, seed, ... }. */
    summary: text('summary'),
    chunkCount: integer('chunk_count').notNull().default(0),
    createdAt: integer('created_at').notNull(),
    startedAt: integer('started_at'),
    finishedAt: integer('finished_at'),
  },
  (t) => [
    uniqueIndex('plans_fabric_version').on(t.fabric, t.version),
    index('plans_fabric_status').on(t.fabric, t.status),
  ],
);

/** Packed result chunks of a plan (JSON text, up to ~512 KB each), keyed by (plan, seq). */
export const planChunks = sqliteTable(
  'plan_chunks',
  {
    planId: text('plan_id').notNull(),
    seq: integer('seq').notNull(),
    data: text('data').notNull(),
  },
  (t) => [primaryKey({ columns: [t.planId, t.seq] })],
);

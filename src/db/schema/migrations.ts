import { sql } from 'drizzle-orm';
import { index, integer, primaryKey, real, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';

/**
 * Online-scheduler migrations (paper §III-E): one row per trigger that became a job. Status: pending (triggered,
 * not decided) → running (moving, `step` says where) → done | no-move | failed | superseded. At most one
 * pending or running migration per switch (the partial unique index deduplicates triggers).
 *
 * @example
 * await db.select().from(migrations).where(eq(migrations.fabric, 'testbed'));
 */
export const migrations = sqliteTable(
  'migrations',
  {
    id: text('id').primaryKey(),
    fabric: text('fabric').notNull(),
    /** n_cur: the switch whose telemetry fired eq. 4. */
    switchName: text('switch_name').notNull(),
    status: text('status', { enum: ['pending', 'running', 'done', 'no-move', 'failed', 'superseded'] }).notNull(),
    /** prepare | copy | switch | settle | drain while running. */
    step: text('step'),
    /** JSON of the TriggerOutcome (eq. 4). */
    trigger: text('trigger').notNull(),
    /** JSON of the Decision (moves, E_mig, E_reroute, I, candidates, skipped, after) or the NoMove. */
    decision: text('decision'),
    eMigUs: real('e_mig_us'),
    eRerouteUs: real('e_reroute_us'),
    objective: real('objective'),
    basePlanVersion: integer('base_plan_version'),
    /** JSON { prepare?: { id, version }, copy?, switch?, drain? }: the phase plans written. */
    plans: text('plans').notNull().default('{}'),
    /** Why the current step is waiting, or why the migration failed / was superseded. */
    note: text('note'),
    /** JSON { decisionMs, steps: { prepare: at, ... }, finishedAt }. */
    timings: text('timings').notNull().default('{}'),
    stepSince: integer('step_since'),
    createdAt: integer('created_at').notNull(),
    updatedAt: integer('updated_at').notNull(),
  },
  (t) => [
    uniqueIndex('migrations_active_switch').on(t.fabric, t.switchName).where(sql`status in ('pending', 'running')`),
    index('migrations_fabric_created').on(t.fabric, t.createdAt),
  ],
);

/** The old owner's sessions of a moving rule, relayed to the new owner: JSON chunks keyed by (migration, rule, seq). */
export const migrationSessions = sqliteTable(
  'migration_sessions',
  {
    migrationId: text('migration_id').notNull(),
    ruleId: text('rule_id').notNull(),
    seq: integer('seq').notNull(),
    /** JSON array of SessionEntry. */
    data: text('data').notNull(),
  },
  (t) => [primaryKey({ columns: [t.migrationId, t.ruleId, t.seq] })],
);

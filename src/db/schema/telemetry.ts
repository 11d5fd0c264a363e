import { index, integer, primaryKey, real, sqliteTable, text } from 'drizzle-orm/sqlite-core';

/**
 * Switch telemetry (paper §III-E inputs: x_r^ob, y_r^ob, m_n, link utilization) as agents report it.
 * Three retention tiers: the latest report per switch (rollout and "now" views), raw samples kept for a
 * short window, and per-minute roll-ups kept for a day, per switch and per rule.
 *
 * @example
 * await db.select().from(switchStatus).where(eq(switchStatus.fabric, 'testbed'));
 */
export const switchStatus = sqliteTable(
  'telemetry_switch_status',
  {
    fabric: text('fabric').notNull(),
    switchName: text('switch_name').notNull(),
    /** Plan version the agent last applied (rollout: applied / total). */
    appliedPlanVersion: integer('applied_plan_version'),
    /** Content hash (ETag) of the desired state the agent applied. */
    appliedHash: text('applied_hash'),
    lastReportAt: integer('last_report_at').notNull(),
    /** JSON of the last TelemetryReport. */
    lastReport: text('last_report').notNull(),
  },
  (t) => [primaryKey({ columns: [t.fabric, t.switchName] })],
);

/** Raw reports, one row each, kept for a short window (bounded retention). */
export const telemetrySamples = sqliteTable(
  'telemetry_samples',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    fabric: text('fabric').notNull(),
    switchName: text('switch_name').notNull(),
    receivedAt: integer('received_at').notNull(),
    /** m_n: tc_session_table entries in use. */
    occupancy: integer('occupancy').notNull(),
    misses: integer('misses').notNull(),
    drops: integer('drops').notNull(),
    overflows: integer('overflows').notNull(),
    /** JSON of the TelemetryReport. */
    body: text('body').notNull(),
  },
  (t) => [index('telemetry_samples_switch_time').on(t.fabric, t.switchName, t.receivedAt)],
);

/** Per-minute roll-up of a switch's reports. */
export const telemetrySwitchRollups = sqliteTable(
  'telemetry_switch_rollups',
  {
    fabric: text('fabric').notNull(),
    switchName: text('switch_name').notNull(),
    /** Start of the minute, ms since epoch. */
    bucketStart: integer('bucket_start').notNull(),
    reports: integer('reports').notNull(),
    occupancyMax: integer('occupancy_max').notNull(),
    occupancySum: integer('occupancy_sum').notNull(),
    misses: integer('misses').notNull(),
    drops: integer('drops').notNull(),
    overflows: integer('overflows').notNull(),
    aged: integer('aged').notNull(),
    newSessions: integer('new_sessions').notNull(),
    /** Highest link utilization ρ(e) seen on any port in the minute. */
    linkUtilizationMax: real('link_utilization_max').notNull(),
  },
  (t) => [primaryKey({ columns: [t.fabric, t.switchName, t.bucketStart] })],
);

/** Per-minute roll-up of one rule's observations on one switch. */
export const telemetryRuleRollups = sqliteTable(
  'telemetry_rule_rollups',
  {
    fabric: text('fabric').notNull(),
    ruleId: text('rule_id').notNull(),
    switchName: text('switch_name').notNull(),
    bucketStart: integer('bucket_start').notNull(),
    vni: integer('vni').notNull(),
    reports: integer('reports').notNull(),
    /** x_r^ob: max and sum (for the mean) of observed sessions. */
    sessionsMax: integer('sessions_max').notNull(),
    sessionsSum: integer('sessions_sum').notNull(),
    packets: integer('packets').notNull(),
    bytes: integer('bytes').notNull(),
    /** y_r^ob: highest observed traffic, Gbps. */
    gbpsMax: real('gbps_max').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.fabric, t.ruleId, t.switchName, t.bucketStart] }),
    index('telemetry_rule_rollups_time').on(t.fabric, t.bucketStart),
  ],
);

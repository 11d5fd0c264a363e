import { and, asc, desc, eq, gte, lt, sql } from 'drizzle-orm';
import type { TelemetryReport } from '../core/desired-state/telemetry-types';
import { atomic, chunkRows, type AppDatabase, type AtomicStatement } from './database';
import { switchStatus, telemetryRuleRollups, telemetrySamples, telemetrySwitchRollups } from './schema/telemetry';

/** Raw samples are kept this long (bounded retention). */
export const RAW_RETENTION_MS = 10 * 60_000;
/** Per-minute roll-ups are kept this long. */
export const ROLLUP_RETENTION_MS = 24 * 60 * 60_000;
/** Roll-up bucket width. */
export const ROLLUP_BUCKET_MS = 60_000;

/** One stored report, as a caller hands it to {@link recordTelemetry}. */
export interface TelemetryRecord {
  fabric: string;
  switchName: string;
  receivedAt: number;
  report: TelemetryReport;
  /** VNI → rule id at the time of the report (VNIs without a rule are kept in the raw sample only). */
  vniToRule: ReadonlyMap<number, string>;
}

/**
 * Stores a report atomically: the switch's latest status, a raw sample, the minute roll-ups of the switch
 * and of each rule it saw; and trims samples and roll-ups older than their retention.
 *
 * @example
 * await recordTelemetry(db, { fabric: 'testbed', switchName: 'core1', receivedAt: Date.now(), report, vniToRule });
 */
export async function recordTelemetry(db: AppDatabase, record: TelemetryRecord): Promise<void> {
  const { fabric, switchName, receivedAt, report } = record;
  const bucketStart = receivedAt - (receivedAt % ROLLUP_BUCKET_MS);
  const body = JSON.stringify(report);
  const linkMax = report.links.reduce(function maxUtil(m, l) { return Math.max(m, l.utilization); }, 0);
  const statements: AtomicStatement[] = [
    db.insert(switchStatus)
      .values({ fabric, switchName, appliedPlanVersion: report.appliedPlanVersion, appliedHash: report.appliedHash ?? null, lastReportAt: receivedAt, lastReport: body })
      .onConflictDoUpdate({
        target: [switchStatus.fabric, switchStatus.switchName],
        set: { appliedPlanVersion: report.appliedPlanVersion, appliedHash: report.appliedHash ?? null, lastReportAt: receivedAt, lastReport: body },
      }),
    db.insert(telemetrySamples).values({
      fabric, switchName, receivedAt, occupancy: report.occupancy, misses: report.misses, drops: report.drops, overflows: report.overflows, body,
    }),
    db.delete(telemetrySamples).where(and(
      eq(telemetrySamples.fabric, fabric), eq(telemetrySamples.switchName, switchName), lt(telemetrySamples.receivedAt, receivedAt - RAW_RETENTION_MS),
    )),
    db.insert(telemetrySwitchRollups)
      .values({
        fabric, switchName, bucketStart, reports: 1, occupancyMax: report.occupancy, occupancySum: report.occupancy,
        misses: report.misses, drops: report.drops, overflows: report.overflows, aged: report.aged, newSessions: report.newSessions,
        linkUtilizationMax: linkMax,
      })
      .onConflictDoUpdate({
        target: [telemetrySwitchRollups.fabric, telemetrySwitchRollups.switchName, telemetrySwitchRollups.bucketStart],
        set: {
          reports: sql`${telemetrySwitchRollups.reports} + 1`,
          occupancyMax: sql`max(${telemetrySwitchRollups.occupancyMax}, excluded.occupancy_max)`,
          occupancySum: sql`${telemetrySwitchRollups.occupancySum} + excluded.occupancy_sum`,
          misses: sql`${telemetrySwitchRollups.misses} + excluded.misses`,
          drops: sql`${telemetrySwitchRollups.drops} + excluded.drops`,
          overflows: sql`${telemetrySwitchRollups.overflows} + excluded.overflows`,
          aged: sql`${telemetrySwitchRollups.aged} + excluded.aged`,
          newSessions: sql`${telemetrySwitchRollups.newSessions} + excluded.new_sessions`,
          linkUtilizationMax: sql`max(${telemetrySwitchRollups.linkUtilizationMax}, excluded.link_utilization_max)`,
        },
      }),
    db.delete(telemetrySwitchRollups).where(and(
      eq(telemetrySwitchRollups.fabric, fabric), eq(telemetrySwitchRollups.switchName, switchName),
      lt(telemetrySwitchRollups.bucketStart, receivedAt - ROLLUP_RETENTION_MS),
    )),
  ];
  const ruleRows = report.rules
    .filter(function seen(r) { return record.vniToRule.has(r.vni) && (r.sessions > 0 || r.packets > 0); })
    .map(function toRow(r) {
      return {
        fabric, ruleId: record.vniToRule.get(r.vni)!, switchName, bucketStart, vni: r.vni, reports: 1,
        sessionsMax: r.sessions, sessionsSum: r.sessions, packets: r.packets, bytes: r.bytes, gbpsMax: r.gbps,
      };
    });
  for (const part of chunkRows(ruleRows, 11)) {
    statements.push(
      db.insert(telemetryRuleRollups).values(part).onConflictDoUpdate({
        target: [telemetryRuleRollups.fabric, telemetryRuleRollups.ruleId, telemetryRuleRollups.switchName, telemetryRuleRollups.bucketStart],
        set: {
          vni: sql`excluded.vni`,
          reports: sql`${telemetryRuleRollups.reports} + 1`,
          sessionsMax: sql`max(${telemetryRuleRollups.sessionsMax}, excluded.sessions_max)`,
          sessionsSum: sql`${telemetryRuleRollups.sessionsSum} + excluded.sessions_sum`,
          packets: sql`${telemetryRuleRollups.packets} + excluded.packets`,
          bytes: sql`${telemetryRuleRollups.bytes} + excluded.bytes`,
          gbpsMax: sql`max(${telemetryRuleRollups.gbpsMax}, excluded.gbps_max)`,
        },
      }),
    );
  }
  // Trimming the fabric's rule roll-ups once per minute bucket is enough; doing it on the first report of
  // a bucket keeps the statement count per report small.
  if (receivedAt - bucketStart < 1_000) {
    statements.push(db.delete(telemetryRuleRollups).where(and(
      eq(telemetryRuleRollups.fabric, fabric), lt(telemetryRuleRollups.bucketStart, receivedAt - ROLLUP_RETENTION_MS),
    )));
  }
  await atomic(db, statements);
}

/** The latest report of each switch that has reported. */
export interface SwitchStatusRow {
  switchName: string;
  appliedPlanVersion: number | null;
  appliedHash: string | null;
  lastReportAt: number;
  lastReport: TelemetryReport;
}

/**
 * Latest status of every switch of a fabric that has reported (rollout, rule views).
 *
 * @example
 * const statuses = await listSwitchStatuses(db, 'testbed');
 */
export async function listSwitchStatuses(db: AppDatabase, fabric: string): Promise<SwitchStatusRow[]> {
  const rows = await db.select().from(switchStatus).where(eq(switchStatus.fabric, fabric)).orderBy(asc(switchStatus.switchName));
  return rows.map(function toStatus(r) {
    return {
      switchName: r.switchName, appliedPlanVersion: r.appliedPlanVersion ?? null, appliedHash: r.appliedHash ?? null,
      lastReportAt: r.lastReportAt, lastReport: JSON.parse(r.lastReport) as TelemetryReport,
    };
  });
}

/** A switch's telemetry as the API serves it. */
export interface SwitchTelemetry {
  status: SwitchStatusRow | undefined;
  samples: { receivedAt: number; report: TelemetryReport }[];
  rollups: (typeof telemetrySwitchRollups.$inferSelect)[];
}

/**
 * One switch's latest status, its raw samples since `since` (newest first, at most `limit`) and its
 * minute roll-ups since `since`.
 *
 * @example
 * const t = await getSwitchTelemetry(db, 'testbed', 'core1', { since: Date.now() - 60_000, limit: 60 });
 */
export async function getSwitchTelemetry(
  db: AppDatabase, fabric: string, switchName: string, options: { since: number; limit: number },
): Promise<SwitchTelemetry> {
  const statusRows = await db.select().from(switchStatus)
    .where(and(eq(switchStatus.fabric, fabric), eq(switchStatus.switchName, switchName))).limit(1);
  const samples = await db.select({ receivedAt: telemetrySamples.receivedAt, body: telemetrySamples.body }).from(telemetrySamples)
    .where(and(eq(telemetrySamples.fabric, fabric), eq(telemetrySamples.switchName, switchName), gte(telemetrySamples.receivedAt, options.since)))
    .orderBy(desc(telemetrySamples.receivedAt)).limit(options.limit);
  const rollups = await db.select().from(telemetrySwitchRollups)
    .where(and(eq(telemetrySwitchRollups.fabric, fabric), eq(telemetrySwitchRollups.switchName, switchName), gte(telemetrySwitchRollups.bucketStart, options.since - ROLLUP_BUCKET_MS)))
    .orderBy(asc(telemetrySwitchRollups.bucketStart));
  const s = statusRows[0];
  return {
    status: s && {
      switchName: s.switchName, appliedPlanVersion: s.appliedPlanVersion ?? null, appliedHash: s.appliedHash ?? null,
      lastReportAt: s.lastReportAt, lastReport: JSON.parse(s.lastReport) as TelemetryReport,
    },
    samples: samples.map(function parse(r) { return { receivedAt: r.receivedAt, report: JSON.parse(r.body) as TelemetryReport }; }),
    rollups,
  };
}

/**
 * A rule's minute roll-ups on every switch since `since`, oldest first.
 *
 * @example
 * const rows = await getRuleRollups(db, 'testbed', 'default/reviews/http/0', Date.now() - 3_600_000);
 */
export async function getRuleRollups(db: AppDatabase, fabric: string, ruleId: string, since: number) {
  return db.select().from(telemetryRuleRollups)
    .where(and(eq(telemetryRuleRollups.fabric, fabric), eq(telemetryRuleRollups.ruleId, ruleId), gte(telemetryRuleRollups.bucketStart, since - ROLLUP_BUCKET_MS)))
    .orderBy(asc(telemetryRuleRollups.bucketStart), asc(telemetryRuleRollups.switchName));
}

import { eq, sql } from 'drizzle-orm';
import type { FabricTopology } from '../../core/fabric/fabric-graph';
import type { AppDatabase } from '../../db/database';
import { switchStatus } from '../../db/schema/telemetry';

/**
 * m_n as the plan job read it, with where it came from (stored in the plan's summary).
 *
 * @example
 * const s: SramUsed = { used: new Map([['core1', 120]]), switches: 1, totalSessions: 120, oldestReportAt: 0, ignored: 0 };
 */
export interface SramUsed {
  /** Switch name → m_n (session entries in use), for switches of the fabric that reported. */
  used: Map<string, number>;
  /** Switches whose latest report was used; Σ m_n over them; the oldest of those reports (ms), or null. */
  switches: number;
  totalSessions: number;
  oldestReportAt: number | null;
  /** Reports ignored: from switches not in the fabric, or with an occupancy that is not a finite number ≥ 0. */
  ignored: number;
}

/**
 * m_n per switch (paper §III-B: current SRAM use) from each switch's latest telemetry report
 * (`TelemetryReport.occupancy`: tc_session_table entries in use). Reads only the occupancy out of the
 * stored report (json_extract, no report parsed in JS): one small row per reporting switch. A switch that
 * never reported is absent (m_n = 0 for the planner).
 *
 * @example
 * const { used } = await loadSramUsed(db, 'testbed', topology); // Map { 'core1' => 120 }
 */
export async function loadSramUsed(db: AppDatabase, fabric: string, topology: FabricTopology): Promise<SramUsed> {
  const rows = await db
    .select({
      switchName: switchStatus.switchName,
      lastReportAt: switchStatus.lastReportAt,
      occupancy: sql<unknown>`json_extract(${switchStatus.lastReport}, '$.occupancy')`,
    })
    .from(switchStatus)
    .where(eq(switchStatus.fabric, fabric));
  const used = new Map<string, number>();
  let totalSessions = 0, ignored = 0;
  let oldestReportAt: number | null = null;
  for (const row of rows) {
    const n = topology.indexOf(row.switchName);
    const m = typeof row.occupancy === 'number' ? row.occupancy : Number.NaN;
    // A report from a switch since removed from the fabric, or a malformed one, must not fail the plan.
    if (n === undefined || n >= topology.switchCount || !(Number.isFinite(m) && m >= 0)) {
      ignored++;
      continue;
    }
    used.set(row.switchName, m);
    totalSessions += m;
    if (oldestReportAt === null || row.lastReportAt < oldestReportAt) oldestReportAt = row.lastReportAt;
  }
  return { used, switches: used.size, totalSessions, oldestReportAt, ignored };
}

import { eq, sql } from 'drizzle-orm';
import type { FabricTopology } from '../../core/fabric/fabric-graph';
import type { AppDatabase } from '../../db/database';
import { istioRules } from '../../db/schema/istio';
import { switchStatus } from '../../db/schema/telemetry';

/**
 * m_n as the plan job read it, with where it came from (stored in the plan's summary).
 *
 * @example
 * const s: SramUsed = { used: new Map([['core1', 120]]), switches: 1, totalSessions: 120, plannedSessions: 0, oldestReportAt: 0, ignored: 0 };
 */
export interface SramUsed {
  /** Switch name → m_n (session entries in use by anything but the rules being planned), for switches that reported. */
  used: Map<string, number>;
  /** Switches whose latest report was used; Σ m_n over them; the oldest of those reports (ms), or null. */
  switches: number;
  totalSessions: number;
  /** Σ over those reports of the sessions of rules being planned: left out of m_n, counted by x_r where the rule lands. */
  plannedSessions: number;
  oldestReportAt: number | null;
  /** Reports ignored: from switches not in the fabric, or with an occupancy that is not a finite number ≥ 0. */
  ignored: number;
}

/**
 * m_n per switch (paper §III-B: current SRAM use) from each switch's latest telemetry report: the
 * tc_session_table entries in use (`occupancy`) minus the sessions the report attributes to VNIs of rules
 * being planned (`rules[].sessions`, x_r^ob). Those sessions travel with their rule (kept where it stays,
 * copied make-before-break where it moves) and the planner already charges x_r wherever it places the rule;
 * counting them in m_n too would charge a rule twice on its own switch. What remains is SRAM held by
 * anything else (sessions of deleted rules still draining). Reads only numbers out of the stored reports
 * (json_extract / json_each, no report parsed in JS): one small row per reporting switch. A switch that
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
      planned: sql<unknown>`(select coalesce(sum(json_extract(j.value, '$.sessions')), 0)
        from json_each(${switchStatus.lastReport}, '$.rules') as j
        where json_extract(j.value, '$.vni') in (select ${istioRules.vni} from ${istioRules} where ${istioRules.fabric} = ${fabric}))`,
    })
    .from(switchStatus)
    .where(eq(switchStatus.fabric, fabric));
  const used = new Map<string, number>();
  let totalSessions = 0, plannedSessions = 0, ignored = 0;
  let oldestReportAt: number | null = null;
  for (const row of rows) {
    const n = topology.indexOf(row.switchName);
    const m = typeof row.occupancy === 'number' ? row.occupancy : Number.NaN;
    // A report from a switch since removed from the fabric, or a malformed one, must not fail the plan.
    if (n === undefined || n >= topology.switchCount || !(Number.isFinite(m) && m >= 0)) {
      ignored++;
      continue;
    }
    const planned = typeof row.planned === 'number' && Number.isFinite(row.planned) ? Math.min(m, Math.max(0, row.planned)) : 0;
    used.set(row.switchName, m - planned);
    totalSessions += m - planned;
    plannedSessions += planned;
    if (oldestReportAt === null || row.lastReportAt < oldestReportAt) oldestReportAt = row.lastReportAt;
  }
  return { used, switches: used.size, totalSessions, plannedSessions, oldestReportAt, ignored };
}

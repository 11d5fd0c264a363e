import type { Move } from '../../core/scheduler/types';
import { phasePlanReason, type PhasePlan, type PlanPhase } from '../../core/scheduler/execution-types';
import type { AppDatabase } from '../../db/database';
import { getPlan, listPlans, loadPlanBody, getCurrentPlan } from '../../db/plan-store';
import { createPendingPlan, markPlanRunning, storePlanResult } from '../../db/plan-store-write';

/**
 * Writes (once) the derived plan version of a migration phase through the plan store: the current plan's body
 * with the moved rules' owners set to their new switch (`owners: 'new'`) or unchanged (`'old'`). Idempotent: a
 * plan with this phase's reason that already exists is returned instead of writing another.
 *
 * @example
 * const plan = await writePhasePlan(db, 'testbed', 'mig-1', 'switch', 'new', moves, Date.now());
 */
export async function writePhasePlan(
  db: AppDatabase, fabric: string, migrationId: string, phase: PlanPhase, owners: 'old' | 'new', moves: readonly Move[], now: number,
): Promise<PhasePlan> {
  const reason = phasePlanReason(migrationId, phase);
  const existing = (await listPlans(db, fabric, { limit: 50 })).find((p) => p.reason === reason && p.status === 'ready');
  if (existing) return { id: existing.id, version: existing.version };
  const current = await getCurrentPlan(db, fabric);
  if (!current) throw new Error(`fabric ${fabric} has no ready plan to derive the ${phase} plan of migration ${migrationId} from`);
  const [header, body] = await Promise.all([getPlan(db, fabric, current.id), loadPlanBody(db, current.id)]);
  if (!body) throw new Error(`plan ${current.id} has no body`);
  const switches = body.switches.slice();
  const indexOf = new Map(switches.map((s, i) => [s, i] as const));
  const slot = (name: string): number => {
    let i = indexOf.get(name);
    if (i === undefined) { i = switches.length; switches.push(name); indexOf.set(name, i); }
    return i;
  };
  const rules = body.rules.map((r) => r.slice() as [string, number, number]);
  const loads = new Map(body.loads.map(([n, x]) => [n, x] as const));
  if (owners === 'new') {
    const byRule = new Map(moves.map((m) => [m.ruleId, m] as const));
    for (const r of rules) {
      const m = byRule.get(r[0]);
      if (!m) continue;
      const from = r[1], to = slot(m.to);
      r[1] = to;
      r[2] = m.latencyAfterUs;
      loads.set(from, (loads.get(from) ?? 0) - m.expectedSessions);
      loads.set(to, (loads.get(to) ?? 0) + m.expectedSessions);
    }
  }
  const { planId, version } = await createPendingPlan(db, fabric, reason, now);
  await markPlanRunning(db, planId, now);
  await storePlanResult(db, planId, { switches, rules, loads: [...loads].filter(([, x]) => x > 0) }, {
    objectiveUs: header?.objectiveUs ?? 0,
    ruleCount: rules.length,
    switchCount: header?.switchCount ?? switches.length,
    summary: { derivedFrom: current.id, derivedFromVersion: current.version, migrationId, phase },
  }, now);
  return { id: planId, version };
}

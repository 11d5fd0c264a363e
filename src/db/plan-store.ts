import { and, desc, eq } from 'drizzle-orm';
import { planChunks, plans } from './schema/plans';
import type { PlanBody, PlanDatabase, PlanStatus, PlanSummary, ReadyPlan } from './plan-store-types';

export type { PlanBody, PlanDatabase, PlanStatus, PlanSummary, ReadyPlan } from './plan-store-types';

type PlanRow = typeof plans.$inferSelect;

function toSummary(row: PlanRow): PlanSummary {
  return {
    id: row.id,
    fabric: row.fabric,
    version: row.version,
    status: row.status as PlanStatus,
    reason: row.reason,
    failureReason: row.failureReason ?? null,
    supersededBy: row.supersededBy ?? null,
    objectiveUs: row.objectiveUs ?? null,
    ruleCount: row.ruleCount ?? null,
    switchCount: row.switchCount ?? null,
    summary: row.summary ? (JSON.parse(row.summary) as Record<string, unknown>) : null,
    createdAt: row.createdAt,
    startedAt: row.startedAt ?? null,
    finishedAt: row.finishedAt ?? null,
  };
}

/**
 * One plan's header, or undefined when the fabric has no plan with that id.
 *
 * @example
 * const p = await getPlan(db, 'testbed', planId);
 */
export async function getPlan(db: PlanDatabase, fabric: string, id: string): Promise<PlanSummary | undefined> {
  const rows = await db
    .select()
    .from(plans)
    .where(and(eq(plans.fabric, fabric), eq(plans.id, id)))
    .limit(1);
  return rows[0] ? toSummary(rows[0]) : undefined;
}

/**
 * A plan's header by id alone (the job only knows the id).
 *
 * @example
 * const p = await getPlanById(db, job.planId);
 */
export async function getPlanById(db: PlanDatabase, id: string): Promise<PlanSummary | undefined> {
  const rows = await db.select().from(plans).where(eq(plans.id, id)).limit(1);
  return rows[0] ? toSummary(rows[0]) : undefined;
}

/**
 * All plans of a fabric, newest version first.
 *
 * @example
 * const list = await listPlans(db, 'testbed', { limit: 20 });
 */
export async function listPlans(
  db: PlanDatabase,
  fabric: string,
  options: { limit?: number } = {},
): Promise<PlanSummary[]> {
  const rows = await db
    .select()
    .from(plans)
    .where(eq(plans.fabric, fabric))
    .orderBy(desc(plans.version))
    .limit(options.limit ?? 100);
  return rows.map(toSummary);
}

/**
 * The packed body (owners, T(r), loads) of a ready plan, or undefined when it has none.
 *
 * @example
 * const body = await loadPlanBody(db, planId);
 * const [ruleId, ownerIndex, latencyUs] = body!.rules[0];
 */
export async function loadPlanBody(db: PlanDatabase, planId: string): Promise<PlanBody | undefined> {
  const rows = await db
    .select({ seq: planChunks.seq, data: planChunks.data })
    .from(planChunks)
    .where(eq(planChunks.planId, planId))
    .orderBy(planChunks.seq);
  if (rows.length === 0) return undefined;
  return JSON.parse(rows.map((r) => r.data).join('')) as PlanBody;
}

/**
 * The newest plan of the fabric whose status is `ready`, with its owners z(n, r) as rule id → switch name.
 *
 * @example
 * const current = await getCurrentPlan(db, 'testbed');
 * current?.owners.get('default/reviews/http/0'); // 'agg1'
 */
export async function getCurrentPlan(db: PlanDatabase, fabric: string): Promise<ReadyPlan | undefined> {
  const rows = await db
    .select()
    .from(plans)
    .where(and(eq(plans.fabric, fabric), eq(plans.status, 'ready')))
    .orderBy(desc(plans.version))
    .limit(1);
  const row = rows[0];
  if (!row) return undefined;
  const body = await loadPlanBody(db, row.id);
  const owners = new Map<string, string>();
  for (const [ruleId, owner] of body?.rules ?? []) owners.set(ruleId, body!.switches[owner]);
  return { id: row.id, version: row.version, owners, createdAt: row.createdAt };
}

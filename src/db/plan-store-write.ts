import { and, eq, inArray, lt, max } from 'drizzle-orm';
import { atomic, type AtomicStatement } from './database';
import { planChunks, plans } from './schema/plans';
import type { PlanBody, PlanDatabase } from './plan-store-types';

/** Characters of packed JSON per `plan_chunks` row (well under D1's 2 MB row limit). */
export const PLAN_CHUNK_CHARS = 512 * 1024;

function newPlanId(): string {
  return `plan-${globalThis.crypto.randomUUID()}`;
}

/**
 * Inserts a pending plan with the fabric's next version and marks every older pending plan of the
 * fabric `superseded` by it. Retries once when a concurrent request took the same version.
 *
 * @example
 * const { planId, version } = await createPendingPlan(db, 'testbed', 'api', Date.now());
 */
export async function createPendingPlan(
  db: PlanDatabase,
  fabric: string,
  reason: string,
  now: number,
): Promise<{ planId: string; version: number }> {
  for (let attempt = 0; ; attempt++) {
    const [top] = await db.select({ v: max(plans.version) }).from(plans).where(eq(plans.fabric, fabric));
    const version = (top?.v ?? 0) + 1;
    const planId = newPlanId();
    try {
      // One atomic write: older pending plans of the fabric give way to this one.
      await atomic(db, [
        db.update(plans)
          .set({ status: 'superseded', supersededBy: planId, finishedAt: now })
          .where(and(eq(plans.fabric, fabric), eq(plans.status, 'pending'), lt(plans.version, version))),
        db.insert(plans).values({ id: planId, fabric, version, status: 'pending', reason, createdAt: now }),
      ]);
    } catch (err) {
      if (attempt < 2) continue; // unique (fabric, version) lost a race: take the next version
      throw err;
    }
    return { planId, version };
  }
}


/**
 * pending → running. Returns false when the plan is not pending (superseded, already done, or
 * another delivery is running it): the caller must then do nothing.
 *
 * @example
 * if (!(await markPlanRunning(db, planId, now))) return;
 */
export async function markPlanRunning(db: PlanDatabase, planId: string, now: number): Promise<boolean> {
  const rows = await db
    .update(plans)
    .set({ status: 'running', startedAt: now })
    .where(and(eq(plans.id, planId), eq(plans.status, 'pending')))
    .returning({ id: plans.id });
  return rows.length > 0;
}

/**
 * One `plan_chunks` row: a piece of the plan body's JSON text.
 *
 * @example
 * const row: PlanChunkRow = { planId: 'plan-1', seq: 0, data: '{"switches":[' };
 */
export interface PlanChunkRow {
  planId: string;
  seq: number;
  data: string;
}

/** Splits a packed body into `plan_chunks` rows. */
export function packPlanBody(planId: string, body: PlanBody): PlanChunkRow[] {
  const json = JSON.stringify(body);
  const chunks: PlanChunkRow[] = [];
  for (let seq = 0, at = 0; at < json.length || seq === 0; seq++, at += PLAN_CHUNK_CHARS) {
    chunks.push({ planId, seq, data: json.slice(at, at + PLAN_CHUNK_CHARS) });
  }
  return chunks;
}

/**
 * running → ready with the body and header fields.
 *
 * @example
 * await storePlanResult(db, planId, body, { objectiveUs: 42, ruleCount: 1, switchCount: 5, summary: {} }, now);
 */
export async function storePlanResult(
  db: PlanDatabase,
  planId: string,
  body: PlanBody,
  header: PlanResultHeader,
  now: number,
): Promise<void> {
  await storePackedPlan(db, planId, packPlanBody(planId, body), header, now);
}

/** The header fields a ready plan gets. */
export interface PlanResultHeader {
  objectiveUs: number;
  ruleCount: number;
  switchCount: number;
  summary: Record<string, unknown>;
}

/**
 * running → ready with an already packed body (rows from `packPlanBody` or `packPlanColumns`, seq 0..n−1).
 *
 * @example
 * await storePackedPlan(db, planId, packPlanColumns(planId, columns, PLAN_CHUNK_CHARS), header, now);
 */
export async function storePackedPlan(
  db: PlanDatabase,
  planId: string,
  chunks: PlanChunkRow[],
  header: PlanResultHeader,
  now: number,
): Promise<void> {
  // Chunks and the status flip land together (one row per insert: 3 bound parameters, ≤ 512 KB each).
  const statements: AtomicStatement[] = [db.delete(planChunks).where(eq(planChunks.planId, planId))];
  for (const c of chunks) statements.push(db.insert(planChunks).values(c));
  statements.push(
    db.update(plans)
      .set({
        status: 'ready',
        objectiveUs: header.objectiveUs,
        ruleCount: header.ruleCount,
        switchCount: header.switchCount,
        summary: JSON.stringify(header.summary),
        chunkCount: chunks.length,
        finishedAt: now,
      })
      .where(and(eq(plans.id, planId), inArray(plans.status, ['pending', 'running']))),
  );
  await atomic(db, statements);
}

/**
 * running → failed with a reason (e.g. the planner's infeasibility message).
 *
 * @example
 * await failPlan(db, planId, 'rule r1 fits no switch', { }, now);
 */
export async function failPlan(
  db: PlanDatabase,
  planId: string,
  reason: string,
  summary: Record<string, unknown>,
  now: number,
): Promise<void> {
  await db
    .update(plans)
    .set({ status: 'failed', failureReason: reason, summary: JSON.stringify(summary), finishedAt: now })
    .where(and(eq(plans.id, planId), inArray(plans.status, ['pending', 'running'])));
}

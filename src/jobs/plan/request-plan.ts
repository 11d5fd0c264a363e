import type { PlanDatabase } from '../../db/plan-store-types';
import { createPendingPlan } from '../../db/plan-store-write';

/** Seconds a plan job waits before running, so that a burst of rule changes yields one plan of the latest state. */
export const PLAN_DEBOUNCE_SECONDS = 2;

/** The slice of the job queue requestPlan needs (structurally the app's JobQueue). */
export interface PlanJobQueue {
  send(job: { type: 'plan'; fabric: string; planId: string }, options?: { delaySeconds?: number }): Promise<void>;
}

/**
 * Creates a pending plan for the fabric (superseding an older pending one) and enqueues a debounced
 * `{ type: 'plan', fabric, planId }` job. The job plans whatever rules are stored when it runs, and a
 * job whose plan was superseded is a no-op, so a burst of calls yields one planner run.
 *
 * @example
 * const { planId } = await requestPlan(deps, 'testbed', 'istio-apply');
 */
export async function requestPlan(
  deps: { db: PlanDatabase; queue: PlanJobQueue; now: () => number },
  fabric: string,
  reason: string,
): Promise<{ planId: string }> {
  const { planId } = await createPendingPlan(deps.db, fabric, reason, deps.now());
  await deps.queue.send({ type: 'plan', fabric, planId }, { delaySeconds: PLAN_DEBOUNCE_SECONDS });
  return { planId };
}

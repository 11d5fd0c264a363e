import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testbedFabric } from '../../../src/core/fabric/generators/testbed-fabric';
import { saveFabric } from '../../../src/db/fabric-store';
import { getPlanById } from '../../../src/db/plan-store';
import { plans } from '../../../src/db/schema/plans';
import { handlePlanJob, STALE_RUNNING_MS } from '../../../src/jobs/plan/handle-plan';
import { PLAN_DEBOUNCE_SECONDS, requestPlan } from '../../../src/jobs/plan/request-plan';
import { putRules, testRule } from '../../api/plans-suite';
import { makeNodeHarness } from '../../helpers/harness-node';
import type { Harness } from '../../helpers/harness';
import { randomBytes } from '../../helpers/harness';

describe('plan job (handlePlanJob, requestPlan)', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await makeNodeHarness();
    await saveFabric(h.deps.db, testbedFabric());
    await putRules(h, 'testbed', [testRule('a', ['server1'], ['server4'], 100, 1)]);
  });
  afterAll(async () => { await h.close(); });
  const deps = () => ({ db: h.deps.db, queue: h.deps.queue, now: h.deps.now, randomBytes });

  it('requestPlan enqueues a debounced job; a burst plans once, the superseded job is a no-op', async () => {
    const sent: { job: unknown; delay?: number }[] = [];
    const queue = { send: async (job: unknown, o?: { delaySeconds?: number }) => { sent.push({ job, delay: o?.delaySeconds }); } };
    const a = await requestPlan({ db: h.deps.db, queue, now: h.deps.now }, 'testbed', 'burst');
    const b = await requestPlan({ db: h.deps.db, queue, now: h.deps.now }, 'testbed', 'burst');
    expect(sent.map((s) => s.delay)).toEqual([PLAN_DEBOUNCE_SECONDS, PLAN_DEBOUNCE_SECONDS]);
    await handlePlanJob({ type: 'plan', fabric: 'testbed', planId: a.planId }, deps());
    await handlePlanJob({ type: 'plan', fabric: 'testbed', planId: b.planId }, deps());
    expect((await getPlanById(h.deps.db, a.planId))?.status).toBe('superseded');
    expect((await getPlanById(h.deps.db, b.planId))?.status).toBe('ready');
  });

  it('an unknown plan, or one of another fabric, is acknowledged without effect', async () => {
    await expect(handlePlanJob({ type: 'plan', fabric: 'testbed', planId: 'plan-nope' }, deps())).resolves.toBeUndefined();
    const { planId } = await requestPlan(h.deps, 'testbed', 'x');
    await handlePlanJob({ type: 'plan', fabric: 'other', planId }, deps());
    expect((await getPlanById(h.deps.db, planId))?.status).toBe('pending');
  });

  it('a plan left running by a crashed delivery is re-run once stale, not before', async () => {
    const { planId } = await requestPlan(h.deps, 'testbed', 'crash');
    const t = h.deps.now();
    await h.deps.db.update(plans).set({ status: 'running', startedAt: t }).where(eq(plans.id, planId));
    await handlePlanJob({ type: 'plan', fabric: 'testbed', planId }, deps());
    expect((await getPlanById(h.deps.db, planId))?.status).toBe('running');
    await handlePlanJob({ type: 'plan', fabric: 'testbed', planId }, { ...deps(), now: () => t + STALE_RUNNING_MS + 1 });
    expect((await getPlanById(h.deps.db, planId))?.status).toBe('ready');
  });

  it('a missing fabric fails the plan with the reason', async () => {
    const { planId } = await requestPlan(h.deps, 'ghost', 'x');
    await handlePlanJob({ type: 'plan', fabric: 'ghost', planId }, deps());
    const p = await getPlanById(h.deps.db, planId);
    expect(p?.status).toBe('failed');
    expect(p?.failureReason).toBe('fabric ghost does not exist');
  });
});

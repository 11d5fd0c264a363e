import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testbedFabric } from '../../src/core/fabric/generators/testbed-fabric';
import type { Rule } from '../../src/core/rules/types';
import { saveFabric } from '../../src/db/fabric-store';
import { getCurrentPlan, listPlans } from '../../src/db/plan-store';
import { istioRules } from '../../src/db/schema/istio';
import { switchStatus } from '../../src/db/schema/telemetry';
import { recordTelemetry } from '../../src/db/telemetry-store';
import type { TelemetryReport } from '../../src/core/desired-state/telemetry-types';
import { planChunks, plans } from '../../src/db/schema/plans';
import { call, createToken, type Harness } from '../helpers/harness';

/** A rule between pods on the given servers (the planner reads servers, x_r and y_r). */
export function testRule(id: string, from: string[], to: string[], x = 100, y = 1): Rule {
  return {
    id, fabric: 'testbed', kind: 'http', priority: 0, vni: 1000 + id.length,
    source: { kind: 'VirtualService', namespace: 'default', name: id, routeIndex: 0 },
    hosts: [`${id}.default.svc.cluster.local`], match: [],
    requesters: from.map((server, i) => ({ pod: `${id}-q${i}`, ip: `100.64.0.${i + 1}`, server })),
    backends: to.map((server, i) => ({ pod: `${id}-k${i}`, ip: `100.64.1.${i + 1}`, server, nodeVtepIp: '10.1.0.1', weight: 100 })),
    lbPolicy: { kind: 'RANDOM' }, expectedSessions: x, expectedGbps: y, proxyActions: {}, warnings: [],
  };
}

/** Stores rules as the Istio area would (its table), replacing the fabric's rules. */
export async function putRules(h: Harness, fabric: string, rules: Rule[]): Promise<void> {
  const { db } = h.deps;
  await db.delete(istioRules).where(eq(istioRules.fabric, fabric));
  for (const [i, r] of rules.entries()) {
    await db.insert(istioRules).values({ fabric, id: r.id, priority: i, vni: r.vni, body: JSON.stringify({ ...r, fabric }) });
  }
}

interface PlanJson { id: string; status: string; version: number; objectiveUs: number | null; failureReason: string | null; supersededBy: string | null;
  assignments: { rule: string; owner: string; latencyUs: number }[]; assignmentCount: number; switchLoad: { switch: string; sessions: number }[] }

/**
 * The plan API and job scenarios, run against a harness (Node shell: better-sqlite3 + the durable SQLite queue).
 *
 * @example
 * plansApiSuite('node', makeNodeHarness);
 */
export function plansApiSuite(label: string, make: () => Promise<Harness>): void {
  describe(`plans API (${label})`, () => {
    let h: Harness;
    beforeAll(async () => {
      h = await make();
      await saveFabric(h.deps.db, testbedFabric());
    });
    afterAll(async () => { await h.close(); });

    const post = async (token?: string | null) => call(h, 'POST', '/v1/fabrics/testbed/plans', { json: { reason: 'test' }, token });
    const get = async (id: string) => (await (await call(h, 'GET', `/v1/fabrics/testbed/plans/${id}`)).json()) as PlanJson;

    it('POST → pending plan + job; the job makes it ready with owners, T(r) and x(n)', async () => {
      await putRules(h, 'testbed', [
        testRule('local', ['server1'], ['server2'], 300, 2),
        testRule('cross', ['server1', 'server2'], ['server3', 'server4'], 500, 5),
      ]);
      const res = await post();
      expect(res.status).toBe(202);
      const pending = (await res.json()) as PlanJson;
      expect(pending.status).toBe('pending');
      expect(res.headers.get('location')).toBe(`/v1/fabrics/testbed/plans/${pending.id}`);
      await h.drainQueue();
      const ready = await get(pending.id);
      expect(ready.status).toBe('ready');
      expect(ready.assignmentCount).toBe(2);
      const owners = Object.fromEntries(ready.assignments.map((a) => [a.rule, a.owner]));
      // local (both pods under access1) is owned by access1 itself. cross (access1 → access2) crosses the same
      // links whether core1 (its common ancestor) or one of its own access switches owns it: all tie on T(r).
      expect(owners.local).toBe('access1');
      expect(['core1', 'access1', 'access2']).toContain(owners.cross);
      const cross = ready.assignments.find((a) => a.rule === 'cross')!;
      // Eq. 2–3 by hand: server1/2 links carry local + cross (7 of 100 Gbps), server3/4 and both switch links 5:
      // T = 2/(1 − 0.07) + 1/(1 − 0.05) + 1/(1 − 0.05) + 2/(1 − 0.05) µs, whichever of the three owns it.
      expect(cross.latencyUs).toBeCloseTo(2 / 0.93 + 1 / 0.95 + 1 / 0.95 + 2 / 0.95, 5);
      expect(ready.objectiveUs).toBeCloseTo(Math.max(...ready.assignments.map((a) => a.latencyUs)), 5);
      const load = new Map<string, number>([['access1', 300]]);
      load.set(owners.cross, (load.get(owners.cross) ?? 0) + 500);
      expect(ready.switchLoad).toEqual(expect.arrayContaining([...load].map(([sw, sessions]) => ({ switch: sw, sessions }))));
      const current = await getCurrentPlan(h.deps.db, 'testbed');
      expect(current?.id).toBe(pending.id);
      expect(current?.owners.get('cross')).toBe(owners.cross);
    });

    it('only admin and ci may request a plan; viewers may read', async () => {
      const viewer = await createToken(h, 'viewer');
      expect((await post(viewer)).status).toBe(403);
      expect((await post(null)).status).toBe(401);
      expect((await call(h, 'GET', '/v1/fabrics/testbed/plans', { token: viewer })).status).toBe(200);
      const ci = await createToken(h, 'ci');
      expect((await post(ci)).status).toBe(202);
      await h.drainQueue();
    });

    it('a newer request supersedes an older pending one: one job plans, the other is a no-op', async () => {
      const first = (await (await post()).json()) as PlanJson;
      const second = (await (await post()).json()) as PlanJson;
      expect(second.version).toBe(first.version + 1);
      await h.drainQueue();
      const a = await get(first.id), b = await get(second.id);
      expect(a.status).toBe('superseded');
      expect(a.supersededBy).toBe(second.id);
      expect(a.assignmentCount).toBe(0);
      expect(b.status).toBe('ready');
    });

    it('a redelivered plan message is a no-op: still one plan, same chunks', async () => {
      const created = (await (await post()).json()) as PlanJson;
      await h.drainQueue();
      const before = await h.deps.db.select().from(planChunks).where(eq(planChunks.planId, created.id));
      const countBefore = (await listPlans(h.deps.db, 'testbed')).length;
      await h.deps.queue.send({ type: 'plan', fabric: 'testbed', planId: created.id });
      await h.deps.queue.send({ type: 'plan', fabric: 'testbed', planId: created.id });
      await h.drainQueue();
      const after = await h.deps.db.select().from(planChunks).where(eq(planChunks.planId, created.id));
      expect(after).toEqual(before);
      expect((await listPlans(h.deps.db, 'testbed')).length).toBe(countBefore);
      const rows = await h.deps.db.select().from(plans).where(and(eq(plans.id, created.id), eq(plans.status, 'ready')));
      expect(rows).toHaveLength(1);
    });

    it('diff lists the rules that moved', async () => {
      const before = (await (await post()).json()) as PlanJson;
      await h.drainQueue();
      await putRules(h, 'testbed', [
        testRule('local', ['server1'], ['server3'], 300, 2), // now crosses access1 → access2: moves to core1
        testRule('cross', ['server1', 'server2'], ['server3', 'server4'], 500, 5),
        testRule('fresh', ['server3'], ['server4'], 10, 0.1),
      ]);
      const after = (await (await post()).json()) as PlanJson;
      await h.drainQueue();
      const res = await call(h, 'GET', `/v1/fabrics/testbed/plans/${before.id}/diff/${after.id}`);
      expect(res.status).toBe(200);
      const diff = await res.json();
      expect(diff).toMatchObject({
        moved: [{ rule: 'local', from: 'access1', to: 'core1' }],
        added: [{ rule: 'fresh', owner: 'access2' }],
        removed: [],
      });
    });

    it('infeasible rules → failed with the reason', async () => {
      await putRules(h, 'testbed', [testRule('huge', ['server1'], ['server3'], 70_000, 1)]);
      const created = (await (await post()).json()) as PlanJson;
      await h.drainQueue();
      const failed = await get(created.id);
      expect(failed.status).toBe('failed');
      expect(failed.failureReason).toContain('huge (x_r = 70000)');
    });

    it('m_n comes from the latest telemetry: a nearly full access switch pushes its local rule up to the core', async () => {
      await putRules(h, 'testbed', [testRule('local', ['server1'], ['server2'], 300, 2)]);
      const before = (await (await post()).json()) as PlanJson;
      await h.drainQueue();
      expect((await get(before.id)).assignments[0].owner).toBe('access1'); // no telemetry yet: m_n = 0
      const report = (occupancy: number): TelemetryReport => ({
        appliedPlanVersion: null, intervalMs: 1000, reason: 'interval', occupancy, capacity: 65_536,
        misses: 0, drops: 0, overflows: 0, aged: 0, newSessions: 0, rules: [], links: [],
      });
      // access1 has 65,336 of 65,536 entries in use: 200 free < x_r = 300. An older report said 10.
      const t = Date.now();
      await recordTelemetry(h.deps.db, { fabric: 'testbed', switchName: 'access1', receivedAt: t - 5_000, report: report(10), vniToRule: new Map() });
      await recordTelemetry(h.deps.db, { fabric: 'testbed', switchName: 'access1', receivedAt: t, report: report(65_336), vniToRule: new Map() });
      await recordTelemetry(h.deps.db, { fabric: 'testbed', switchName: 'core1', receivedAt: t, report: report(1_000), vniToRule: new Map() });
      // A report from a switch that is not (or no longer) in the fabric is ignored, not an error.
      await recordTelemetry(h.deps.db, { fabric: 'testbed', switchName: 'retired9', receivedAt: t, report: report(5), vniToRule: new Map() });
      try {
        const after = (await (await post()).json()) as PlanJson;
        await h.drainQueue();
        const ready = await get(after.id);
        expect(ready.status).toBe('ready');
        expect(ready.assignments[0].owner).toBe('core1');
        const [row] = await h.deps.db.select({ summary: plans.summary }).from(plans).where(eq(plans.id, after.id));
        expect(JSON.parse(row.summary!).sramUsed).toMatchObject({ switches: 2, totalSessions: 66_336, ignoredReports: 1 });
      } finally {
        await h.deps.db.delete(switchStatus).where(eq(switchStatus.fabric, 'testbed'));
      }
    });

    it('m_n leaves out the sessions of rules being planned: a rule is not charged twice on its own switch', async () => {
      await putRules(h, 'testbed', [testRule('local', ['server1'], ['server2'], 300, 2)]);
      const [rule] = await h.deps.db.select({ vni: istioRules.vni }).from(istioRules).where(eq(istioRules.fabric, 'testbed'));
      // access1 is nearly full, but 65,300 of its 65,336 entries are the rule's own sessions (they move with it).
      const report: TelemetryReport = {
        appliedPlanVersion: 1, intervalMs: 1000, reason: 'interval', occupancy: 65_336, capacity: 65_536,
        misses: 0, drops: 0, overflows: 0, aged: 0, newSessions: 0, links: [],
        rules: [{ vni: rule.vni, sessions: 65_300, packets: 0, bytes: 0, gbps: 0 }, { vni: 0xabcde, sessions: 30, packets: 0, bytes: 0, gbps: 0 }],
      };
      await recordTelemetry(h.deps.db, { fabric: 'testbed', switchName: 'access1', receivedAt: Date.now(), report, vniToRule: new Map() });
      try {
        const created = (await (await post()).json()) as PlanJson;
        await h.drainQueue();
        const ready = await get(created.id);
        expect(ready.status).toBe('ready');
        expect(ready.assignments[0].owner).toBe('access1');
        const [row] = await h.deps.db.select({ summary: plans.summary }).from(plans).where(eq(plans.id, created.id));
        // m_n = 65,336 − 65,300 = 36 (the 30 sessions of an unknown VNI still count).
        expect(JSON.parse(row.summary!).sramUsed).toMatchObject({ switches: 1, totalSessions: 36, plannedSessions: 65_300 });
      } finally {
        await h.deps.db.delete(switchStatus).where(eq(switchStatus.fabric, 'testbed'));
      }
    });

    it('telemetry that leaves no room fails the plan with free vs demanded sessions', async () => {
      await putRules(h, 'testbed', [testRule('local', ['server1'], ['server2'], 300, 2)]);
      const full: TelemetryReport = {
        appliedPlanVersion: null, intervalMs: 1000, reason: 'interval', occupancy: 65_400, capacity: 65_536,
        misses: 0, drops: 0, overflows: 0, aged: 0, newSessions: 0, rules: [], links: [],
      };
      for (const name of ['core1', 'access1', 'access2', 'access3']) {
        await recordTelemetry(h.deps.db, { fabric: 'testbed', switchName: name, receivedAt: Date.now(), report: full, vniToRule: new Map() });
      }
      try {
        const created = (await (await post()).json()) as PlanJson;
        await h.drainQueue();
        const failed = await get(created.id);
        expect(failed.status).toBe('failed');
        // Σ (M_n − m_n) = 4 × 136 = 544 ≥ 300 in total, but no single switch has 300 free.
        expect(failed.failureReason).toContain('local (x_r = 300)');
        expect(failed.failureReason).toContain('largest M_n − m_n = 136');
      } finally {
        await h.deps.db.delete(switchStatus).where(eq(switchStatus.fabric, 'testbed'));
      }
    });

    it('unknown fabric or plan → 404 problem', async () => {
      const res = await call(h, 'POST', '/v1/fabrics/nope/plans', { json: {} });
      expect(res.status).toBe(404);
      expect(res.headers.get('content-type')).toContain('application/problem+json');
      expect((await call(h, 'GET', '/v1/fabrics/testbed/plans/plan-missing')).status).toBe(404);
      const bad = await call(h, 'POST', '/v1/fabrics/testbed/plans', { json: { reason: 5 } });
      expect(bad.status).toBe(400);
    });
  });
}

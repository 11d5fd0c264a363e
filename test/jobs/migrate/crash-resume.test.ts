import { afterEach, describe, expect, it } from 'vitest';
import type { TriggerOutcome } from '../../../src/core/scheduler';
import { createMigration, getMigration, storeExportedSessions } from '../../../src/db/migration-store';
import { getCurrentPlan, listPlans } from '../../../src/db/plan-store';
import { stepMigration } from '../../../src/jobs/migrate/handle-migrate';
import { writePhasePlan } from '../../../src/jobs/migrate/phase-plan';
import { makeMigrateWorld, type MigrateWorld } from './fixture';

const TRIGGER: TriggerOutcome = {
  kind: 'trigger', fired: true, reasons: ['delta-x'], switchName: 'access1', deltaX: 1400, deltaXLimit: 1000, occupancy: 1600, sramThreshold: 58982,
};
const SESSIONS = [1, 2, 3].map((i) => ({ vni: 100, srcIp: '100.64.0.10', dstIp: '100.64.0.20', protocol: 6, srcPort: 40000 + i, dstPort: 9080, backendIp: '10.1.0.2' }));
const OPTIONS = { idleTimeoutMs: 0, settings: { deltaX: 2000 } };

let worlds: MigrateWorld[] = [];
afterEach(() => { for (const w of worlds) w.close(); worlds = []; });

async function setup(): Promise<{ world: MigrateWorld; id: string }> {
  const world = await makeMigrateWorld();
  worlds.push(world);
  const { id } = await createMigration(world.handle.db, { id: 'mig-1', fabric: 'testbed', switchName: 'access1', trigger: TRIGGER, now: world.clock.t });
  await agents(world);
  return { world, id };
}

/**
 * The switch agents, simulated at the database level (the real agents are H7's; this test is about the job):
 * every switch applies the current plan and reports; access1 sees r1 at 1,500 sessions; the old owner hands over
 * its sessions once the prepare plan exists (it would see the export request in its desired state).
 */
async function agents(world: MigrateWorld): Promise<void> {
  const v = (await getCurrentPlan(world.handle.db, 'testbed'))!.version;
  for (const sw of ['core1', 'access1', 'access2', 'access3']) {
    await world.report(sw, sw === 'access1'
      ? { appliedPlanVersion: v, occupancy: 1600, rules: [{ vni: 100, sessions: 1500, packets: 1, bytes: 1, gbps: 10 }] }
      : { appliedPlanVersion: v });
  }
  const m = await getMigration(world.handle.db, 'mig-1');
  if (m?.status === 'running' && m.step === 'prepare' && m.plans.prepare) await storeExportedSessions(world.handle.db, 'mig-1', 'r1', SESSIONS);
}

/** Runs job steps (agents reacting after each) until done or `limit` steps; returns the (status/step) trace. */
async function drive(world: MigrateWorld, id: string, limit = 50): Promise<string[]> {
  const trace: string[] = [];
  for (let i = 0; i < limit; i++) {
    const more = await stepMigration(id, world.deps(), OPTIONS);
    const m = (await getMigration(world.handle.db, id))!;
    trace.push(`${m.status}/${m.step ?? '-'}/${Object.keys(m.plans).join('+')}`);
    await agents(world);
    world.clock.t += 100;
    if (more === undefined) break;
  }
  return trace;
}

async function phasePlans(world: MigrateWorld): Promise<string[]> {
  return (await listPlans(world.handle.db, 'testbed')).map((p) => p.reason).reverse();
}

describe('migrate job: make-before-break execution', () => {
  it('decides, then walks prepare → copy → switch → settle → drain → done, one plan version per phase', async () => {
    const { world, id } = await setup();
    const trace = await drive(world, id);
    const m = (await getMigration(world.handle.db, id))!;
    expect(m.status).toBe('done');
    expect(m.decision).toMatchObject({ kind: 'decision', moves: [{ ruleId: 'r1', from: 'access1', to: 'core1', sessions: 1500 }] });
    expect(m.eMigUs).toBeGreaterThan(0);
    expect(Object.keys(m.timings.steps ?? {})).toEqual(['prepare', 'copy', 'switch', 'settle', 'drain', 'done']);
    expect(await phasePlans(world)).toEqual(['api', 'migration:mig-1:prepare', 'migration:mig-1:copy', 'migration:mig-1:switch', 'migration:mig-1:drain']);
    const plan = (await getCurrentPlan(world.handle.db, 'testbed'))!;
    expect(plan.owners.get('r1')).toBe('core1');
    expect(plan.owners.get('r2')).toBe('access2');
    // The switch (offload entries → new owner) never precedes the copy being recorded.
    const firstSwitch = trace.findIndex((t) => t.includes('switch') && t.split('/')[2].includes('switch'));
    const firstCopy = trace.findIndex((t) => t.split('/')[2].includes('copy'));
    expect(firstCopy).toBeGreaterThanOrEqual(0);
    expect(firstSwitch).toBeGreaterThan(firstCopy);
  });

  it('waits (and says why) while the old owner has not handed over its sessions', async () => {
    const { world, id } = await setup();
    await stepMigration(id, world.deps(), OPTIONS); // decide
    await stepMigration(id, world.deps(), OPTIONS); // prepare plan
    const wait = await stepMigration(id, world.deps(), OPTIONS); // agents have not reacted: no sessions yet
    expect(wait).toBeGreaterThan(0);
    expect((await getMigration(world.handle.db, id))!.note).toMatch(/waiting for access1 to export the sessions of r1/);
  });

  it('resumes after a crash between any two steps, and inside a step (plan written, not recorded)', async () => {
    const reference = await setup();
    const steps = (await drive(reference.world, reference.id)).length;
    const expectedPlans = await phasePlans(reference.world);
    for (let k = 1; k < steps; k++) {
      for (const inside of [false, true]) {
        const { world, id } = await setup();
        await drive(world, id, k);
        if (inside) {
          // Crash inside the next step: its effect happened (the phase plan exists), the record was not updated.
          const m = (await getMigration(world.handle.db, id))!;
          const phase = m.step === 'prepare' || m.step === 'copy' || m.step === 'switch' || m.step === 'drain' ? m.step : undefined;
          if (phase && m.decision?.kind === 'decision' && !m.plans[phase]) {
            await writePhasePlan(world.handle.db, 'testbed', id, phase, phase === 'switch' || phase === 'drain' ? 'new' : 'old', m.decision.moves, world.clock.t);
          }
        }
        world.reopen(); // the control plane restarts: nothing in memory survives
        await drive(world, id);
        const m = (await getMigration(world.handle.db, id))!;
        expect(m.status, `crash after step ${k} (inside: ${inside})`).toBe('done');
        expect(await phasePlans(world), `crash after step ${k} (inside: ${inside})`).toEqual(expectedPlans);
        expect((await getCurrentPlan(world.handle.db, 'testbed'))!.owners.get('r1')).toBe('core1');
        world.close();
        worlds = worlds.filter((w) => w !== world);
      }
    }
  });

  it('deduplicates triggers: one pending or running migration per switch', async () => {
    const { world } = await setup();
    const again = await createMigration(world.handle.db, { id: 'mig-2', fabric: 'testbed', switchName: 'access1', trigger: TRIGGER, now: world.clock.t });
    expect(again).toEqual({ id: 'mig-1', created: false });
    const other = await createMigration(world.handle.db, { id: 'mig-3', fabric: 'testbed', switchName: 'access2', trigger: TRIGGER, now: world.clock.t });
    expect(other.created).toBe(true);
  });

  it('is superseded when an offline plan replaces the owners mid-way', async () => {
    const { world, id } = await setup();
    await drive(world, id, 3);
    const { createPendingPlan, markPlanRunning, storePlanResult } = await import('../../../src/db/plan-store-write');
    const { planId } = await createPendingPlan(world.handle.db, 'testbed', 'istio-apply', world.clock.t);
    await markPlanRunning(world.handle.db, planId, world.clock.t);
    await storePlanResult(world.handle.db, planId, { switches: ['access1', 'access2'], rules: [['r1', 0, 4], ['r2', 1, 4]], loads: [] },
      { objectiveUs: 4, ruleCount: 2, switchCount: 4, summary: {} }, world.clock.t);
    await drive(world, id);
    expect((await getMigration(world.handle.db, id))!).toMatchObject({ status: 'superseded' });
  });
});

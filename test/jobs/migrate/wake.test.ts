import { afterEach, describe, expect, it } from 'vitest';
import type { TriggerOutcome } from '../../../src/core/scheduler';
import { loadDesiredStateInput } from '../../../src/db/desired-state-store';
import { createMigration, getMigration, storeExportedSessions } from '../../../src/db/migration-store';
import { getCurrentPlan } from '../../../src/db/plan-store';
import { parseJob } from '../../../src/jobs/job';
import { handleMigrate } from '../../../src/jobs/migrate/handle-migrate';
import { writePhasePlan } from '../../../src/jobs/migrate/phase-plan';
import { wakeDelivered, wakeMigration } from '../../../src/jobs/migrate/wake';
import type { JobQueue } from '../../../src/jobs/queue';
import { makeMigrateWorld, type MigrateWorld } from './fixture';

const TRIGGER: TriggerOutcome = {
  kind: 'trigger', fired: true, reasons: ['delta-x'], switchName: 'access1', deltaX: 1400, deltaXLimit: 1000, occupancy: 1600, sramThreshold: 58982,
};
const SESSIONS = [1, 2].map((i) => ({ vni: 100, srcIp: '100.64.0.10', dstIp: '100.64.0.20', protocol: 6, srcPort: 40000 + i, dstPort: 9080, backendIp: '10.1.0.2' }));
const OPTIONS = { idleTimeoutMs: 0, settings: { deltaX: 2000 } };
const CHAIN = { type: 'migrate', fabric: 'testbed', migrationId: 'mig-1' } as const;
const WAKE = { ...CHAIN, wake: true } as const;

let world: MigrateWorld | undefined;
afterEach(() => { world?.close(); world = undefined; });

/** Every switch reports the current plan as applied (access1 with r1 at 1,500 sessions). */
async function applyAll(w: MigrateWorld): Promise<void> {
  const v = (await getCurrentPlan(w.handle.db, 'testbed'))!.version;
  for (const sw of ['core1', 'access1', 'access2', 'access3']) {
    await w.report(sw, sw === 'access1'
      ? { appliedPlanVersion: v, occupancy: 1600, rules: [{ vni: 100, sessions: 1500, packets: 1, bytes: 1, gbps: 10 }] }
      : { appliedPlanVersion: v });
  }
}

describe('migrate job: advancing at once when its precondition is met', () => {
  it('one delivery does every step possible now; a wake-up advances without re-enqueueing; the timed job stays the fallback', async () => {
    world = await makeMigrateWorld();
    const db = world.handle.db;
    await createMigration(db, { id: 'mig-1', fabric: 'testbed', switchName: 'access1', trigger: TRIGGER, now: world.clock.t, reportAt: world.clock.t - 5 });
    await applyAll(world);

    // The trigger's job: decides and writes the prepare plan in one delivery, then waits for the agents.
    await handleMigrate(CHAIN, world.deps(), OPTIONS);
    let m = (await getMigration(db, 'mig-1'))!;
    expect(m).toMatchObject({ status: 'running', step: 'prepare' });
    expect(Object.keys(m.plans)).toEqual(['prepare']);
    expect(m.timings.reportAt).toBe(world.clock.t - 5);
    // Its fallback look is re-enqueued in whole seconds (Cloudflare Queues' delaySeconds).
    expect(world.sent).toEqual([{ job: CHAIN, delaySeconds: 1 }]);

    // The agents apply the prepare plan and the old owner hands over its sessions; the wake-up advances to copy and
    // writes the copy plan, and enqueues nothing: the timed job is still queued.
    await applyAll(world);
    await storeExportedSessions(db, 'mig-1', 'r1', SESSIONS);
    await handleMigrate(WAKE, world.deps(), OPTIONS);
    m = (await getMigration(db, 'mig-1'))!;
    expect(m).toMatchObject({ status: 'running', step: 'copy' });
    expect(Object.keys(m.plans)).toEqual(['prepare', 'copy']);
    expect(world.sent).toHaveLength(1);

    // A wake-up before the agents reacted changes nothing and enqueues nothing.
    await handleMigrate(WAKE, world.deps(), OPTIONS);
    expect((await getMigration(db, 'mig-1'))!.step).toBe('copy');
    expect(world.sent).toHaveLength(1);

    // The new owner applied the copy plan: copy → switch, switch plan written.
    await applyAll(world);
    await handleMigrate(WAKE, world.deps(), OPTIONS);
    m = (await getMigration(db, 'mig-1'))!;
    expect(m.step).toBe('switch');
    expect(Object.keys(m.plans)).toEqual(['prepare', 'copy', 'switch']);
    // Every switch points at the new owner: switch → settle (idle timeout 0) → drain plan; then done once applied.
    await applyAll(world);
    await handleMigrate(WAKE, world.deps(), OPTIONS);
    await applyAll(world);
    await handleMigrate(WAKE, world.deps(), OPTIONS);
    expect((await getMigration(db, 'mig-1'))!.status).toBe('done');
    // The timed job, delivered later, finds nothing to do and stops.
    await handleMigrate(CHAIN, world.deps(), OPTIONS);
    expect(world.sent).toHaveLength(1);
  });

  it('a desired state compiled after the copy plan was written but before it was recorded already carries the copied sessions', async () => {
    world = await makeMigrateWorld();
    const db = world.handle.db;
    await createMigration(db, { id: 'mig-1', fabric: 'testbed', switchName: 'access1', trigger: TRIGGER, now: world.clock.t });
    await applyAll(world);
    await handleMigrate(CHAIN, world.deps(), OPTIONS);
    await applyAll(world);
    await storeExportedSessions(db, 'mig-1', 'r1', SESSIONS);
    const m = (await getMigration(db, 'mig-1'))!;
    if (m.decision?.kind !== 'decision') throw new Error('expected a decision');
    // The copy step's plan write, with the job stopped before recording it (a crash, or an agent polling in between).
    await writePhasePlan(db, 'testbed', 'mig-1', 'copy', 'old', m.decision.moves, world.clock.t);
    const input = (await loadDesiredStateInput(db, 'testbed'))!;
    expect(input.migrations).toEqual([expect.objectContaining({ ruleId: 'r1', from: 'access1', to: 'core1', phase: 'copy', sessions: SESSIONS })]);
  });
});

describe('wakeMigration', () => {
  it('coalesces wake-ups of one migration until the waiting one is delivered', async () => {
    const sent: unknown[] = [];
    const queue: JobQueue = { send: async (job) => { sent.push(job); } };
    expect(await wakeMigration(queue, 'testbed', 'mig-1')).toBe(true);
    expect(await wakeMigration(queue, 'testbed', 'mig-1')).toBe(false);
    expect(await wakeMigration(queue, 'testbed', 'mig-2')).toBe(true);
    wakeDelivered(queue, 'mig-1');
    expect(await wakeMigration(queue, 'testbed', 'mig-1')).toBe(true);
    expect(sent).toEqual([WAKE, { ...WAKE, migrationId: 'mig-2' }, WAKE]);
  });

  it('is a job the consumer accepts (and a malformed wake flag is named)', () => {
    expect(parseJob(WAKE)).toEqual(WAKE);
    expect(parseJob({ ...CHAIN, wake: false })).toEqual(CHAIN);
    expect(parseJob({ ...CHAIN, wake: 'yes' })).toBe('job.wake: expected a boolean');
  });
});

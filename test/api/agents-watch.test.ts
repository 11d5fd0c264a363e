import { afterEach, describe, expect, it, vi } from 'vitest';
import { waitForInputsChange } from '../../src/api/agents-watch';
import { desiredStateInputsKey } from '../../src/db/desired-state-store';
import { createMigration, recordPhasePlan } from '../../src/db/migration-store';
import { makeMigrateWorld, type MigrateWorld } from '../jobs/migrate/fixture';

let world: MigrateWorld | undefined;
afterEach(() => { vi.useRealTimers(); world?.close(); world = undefined; });

describe('waitForInputsChange (agents\' long-poll)', () => {
  it('answers waiting agents when a migration records a phase plan, without waiting for the next fingerprint poll', async () => {
    world = await makeMigrateWorld();
    const db = world.handle.db;
    const key = (await desiredStateInputsKey(db, 'testbed'))!;
    // Frozen timers: only the signal can wake the waiter (neither the poll interval nor the 30 s timeout fires).
    vi.useFakeTimers();
    let woke: string | undefined;
    const waiting = waitForInputsChange(db, 'testbed', key, 30_000).then((next) => { woke = next; });
    await createMigration(db, {
      id: 'mig-1', fabric: 'testbed', switchName: 'access1', now: 5,
      trigger: { kind: 'trigger', fired: true, reasons: ['sram'], switchName: 'access1', deltaX: 0, deltaXLimit: 1, occupancy: 2, sramThreshold: 1 },
    });
    await recordPhasePlan(db, 'mig-1', 'prepare', { id: 'plan-x', version: 9 }, 6);
    await vi.waitFor(() => expect(woke).toBeDefined(), { interval: 0 });
    expect(woke).not.toBe(key);
    expect(woke).toBe(await desiredStateInputsKey(db, 'testbed'));
    await waiting;
  });
});

import { afterEach, describe, expect, it } from 'vitest';
import type { TelemetryReport } from '../../src/core/desired-state/telemetry-types';
import type { TriggerOutcome } from '../../src/core/scheduler';
import { wakeOnApplied } from '../../src/api/migrations-wake';
import { createMigration } from '../../src/db/migration-store';
import { handleMigrate } from '../../src/jobs/migrate/handle-migrate';
import { makeMigrateWorld, type MigrateWorld } from '../jobs/migrate/fixture';

const TRIGGER: TriggerOutcome = {
  kind: 'trigger', fired: true, reasons: ['delta-x'], switchName: 'access1', deltaX: 1400, deltaXLimit: 1000, occupancy: 1600, sramThreshold: 58982,
};

let world: MigrateWorld | undefined;
afterEach(() => { world?.close(); world = undefined; });

function report(appliedPlanVersion: number | null, appliedHash?: string): TelemetryReport {
  return {
    appliedPlanVersion, ...(appliedHash ? { appliedHash } : {}), intervalMs: 1000, reason: 'interval', occupancy: 0, capacity: 65536,
    misses: 0, drops: 0, overflows: 0, aged: 0, newSessions: 0, rules: [], links: [],
  };
}

describe('wakeOnApplied (telemetry listener: an agent applied a new plan → running migrations look at once)', () => {
  it('wakes the fabric\'s running migrations when a switch reports a plan it had not applied, once per change', async () => {
    world = await makeMigrateWorld();
    const deps = { ...world.deps(), bootstrapAdminTokenHash: undefined };
    const event = (sw: string, r: TelemetryReport) => ({ fabric: 'testbed', switchName: sw, receivedAt: world!.clock.t, report: r, vniToRule: new Map() });
    // No running migration: nothing to wake.
    expect(await wakeOnApplied(deps, event('core1', report(1, 'a')))).toEqual([]);
    await createMigration(world.handle.db, { id: 'mig-1', fabric: 'testbed', switchName: 'access1', trigger: TRIGGER, now: world.clock.t });
    await world.report('access1', { appliedPlanVersion: 1, occupancy: 1600, rules: [{ vni: 100, sessions: 1500, packets: 1, bytes: 1, gbps: 10 }] });
    await handleMigrate({ type: 'migrate', fabric: 'testbed', migrationId: 'mig-1' }, world.deps(), { idleTimeoutMs: 0, settings: { deltaX: 2000 } });
    world.sent.length = 0;
    // A new applied plan on core1 (the new owner): one wake-up.
    expect(await wakeOnApplied(deps, event('core1', report(2, 'b')))).toEqual(['mig-1']);
    expect(world.sent).toEqual([{ job: { type: 'migrate', fabric: 'testbed', migrationId: 'mig-1', wake: true }, delaySeconds: undefined }]);
    // The same applied plan again (the next interval report): nothing.
    expect(await wakeOnApplied(deps, event('core1', report(2, 'b')))).toEqual([]);
    // Another switch's change while the first wake-up is still queued: coalesced.
    expect(await wakeOnApplied(deps, event('access2', report(2, 'c')))).toEqual([]);
    expect(world.sent).toHaveLength(1);
    // Nothing applied yet: nothing to say.
    expect(await wakeOnApplied(deps, event('access3', report(null)))).toEqual([]);
  });
});

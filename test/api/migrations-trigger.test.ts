import { afterEach, describe, expect, it } from 'vitest';
import type { TelemetryReport } from '../../src/core/desired-state/telemetry-types';
import { scheduleOnTelemetry } from '../../src/api/migrations-trigger';
import { listMigrations } from '../../src/db/migration-store';
import { makeMigrateWorld, type MigrateWorld } from '../jobs/migrate/fixture';

let world: MigrateWorld | undefined;
afterEach(() => { world?.close(); world = undefined; });

function report(occupancy: number, sessions: number): TelemetryReport {
  return {
    appliedPlanVersion: 1, intervalMs: 1000, reason: 'interval', occupancy, capacity: 65536, misses: 0, drops: 0, overflows: 0,
    aged: 0, newSessions: 0, rules: [{ vni: 100, sessions, packets: 10, bytes: 1000, gbps: 10 }], links: [],
  };
}

describe('scheduleOnTelemetry (eq. 4 on every report → one migrate job per switch)', () => {
  it('fires on m_n > T_SRAM or δx > ΔX against the plan\'s rules of the switch, and deduplicates', async () => {
    world = await makeMigrateWorld();
    const deps = { ...world.deps(), bootstrapAdminTokenHash: undefined };
    const event = (r: TelemetryReport) => ({ fabric: 'testbed', switchName: 'access1', receivedAt: world!.clock.t, report: r, vniToRule: new Map([[100, 'r1']]) });
    // access1 owns r1 (x = 100): δx = 1,500 − 100 = 1,400 ≤ ΔX = 4,096 (default), m = 1,600 ≤ T_SRAM = 58,982.
    expect(await scheduleOnTelemetry(deps, event(report(1600, 1500)))).toMatchObject({ fired: false, deltaX: 1400 });
    expect(world.sent).toHaveLength(0);
    // δx = 5,000 − 100 = 4,900 > 4,096.
    expect(await scheduleOnTelemetry(deps, event(report(5100, 5000)))).toMatchObject({ fired: true, reasons: ['delta-x'], deltaX: 4900 });
    expect(world.sent).toHaveLength(1);
    expect(world.sent[0].job).toMatchObject({ type: 'migrate', fabric: 'testbed' });
    // Still over: the pending migration absorbs it.
    expect(await scheduleOnTelemetry(deps, event(report(60_000, 5000)))).toMatchObject({ fired: true, reasons: ['delta-x', 'sram'] });
    expect(world.sent).toHaveLength(1);
    const list = await listMigrations(world.handle.db, 'testbed');
    expect(list.map((m) => [m.switchName, m.status])).toEqual([['access1', 'pending']]);
    // Another switch is independent; a non-owner reporting sessions of r1 does not count them (access2 owns r2 with x = 100 and no sessions: δx = −100).
    expect(await scheduleOnTelemetry(deps, { ...event(report(10, 9000)), switchName: 'access2' })).toMatchObject({ fired: false });
  });
});

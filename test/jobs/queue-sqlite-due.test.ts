import { afterEach, describe, expect, it } from 'vitest';
import { SqliteJobQueue } from '../../src/jobs/queue-sqlite';
import { makeMigrateWorld, type MigrateWorld } from './migrate/fixture';

let world: MigrateWorld | undefined;
afterEach(() => { world?.close(); world = undefined; });

describe('SqliteJobQueue.onDue (the Node shell delivers a message due at once without waiting for its poll)', () => {
  it('tells its listeners after each send that is due now, not after delayed sends, and stops after unsubscribing', async () => {
    world = await makeMigrateWorld();
    let t = 1000;
    const queue = new SqliteJobQueue(world.handle.db, { now: () => t, randomBytes: (n) => crypto.getRandomValues(new Uint8Array(n)) });
    let calls = 0;
    const off = queue.onDue(() => { calls++; });
    await queue.send({ type: 'migrate', fabric: 'testbed', migrationId: 'mig-1', wake: true });
    expect(calls).toBe(1);
    await queue.send({ type: 'migrate', fabric: 'testbed', migrationId: 'mig-1' }, { delaySeconds: 1 });
    expect(calls).toBe(1);
    // Both are stored: the due one is delivered now, the delayed one a second later.
    const delivered: unknown[] = [];
    await queue.deliverDue(async (messages) => { for (const m of messages) { delivered.push(m.body); m.ack(); } });
    expect(delivered).toEqual([{ type: 'migrate', fabric: 'testbed', migrationId: 'mig-1', wake: true }]);
    t += 1000;
    await queue.deliverDue(async (messages) => { for (const m of messages) { delivered.push(m.body); m.ack(); } });
    expect(delivered).toHaveLength(2);
    off();
    await queue.send({ type: 'migrate', fabric: 'testbed', migrationId: 'mig-2' });
    expect(calls).toBe(1);
  });
});

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testbedFabric } from '../../src/core/fabric/generators/testbed-fabric';
import type { TriggerOutcome } from '../../src/core/scheduler';
import { desiredStateInputsKey } from '../../src/db/desired-state-store';
import { newGeneration, saveFabric } from '../../src/db/fabric-store';
import { createMigration, endMigration } from '../../src/db/migration-store';
import { openSqliteDatabase, type SqliteHandle } from '../../src/db/open-sqlite';
import { DEFAULT_MIGRATIONS_DIR } from '../../src/server/start';

const rb = (n: number) => crypto.getRandomValues(new Uint8Array(n));

let dir: string;
let handle: SqliteHandle;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'piggycar-desired-key-'));
  handle = openSqliteDatabase(join(dir, 'db.sqlite'), DEFAULT_MIGRATIONS_DIR);
});
afterAll(() => {
  handle.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('desiredStateInputsKey', () => {
  it('is undefined for an unknown fabric and changes when a migration ends without a new plan', async () => {
    const { db } = handle;
    expect(await desiredStateInputsKey(db, 'testbed')).toBeUndefined();
    await saveFabric(db, testbedFabric(), { now: 1_000, generation: newGeneration(rb) });
    const before = await desiredStateInputsKey(db, 'testbed');
    expect(before).toBeDefined();
    expect(await desiredStateInputsKey(db, 'testbed')).toBe(before);

    // A superseded or failed migration drops its overlay without writing a plan: agents must still see a new ETag.
    const trigger = { triggered: true } as unknown as TriggerOutcome; // only stored as JSON here
    await createMigration(db, { id: 'mig-1', fabric: 'testbed', switchName: 'core1', trigger, now: 2_000 });
    const running = await desiredStateInputsKey(db, 'testbed');
    expect(running).not.toBe(before);
    await endMigration(db, 'mig-1', 'failed', 'test', 3_000);
    const ended = await desiredStateInputsKey(db, 'testbed');
    expect(ended).not.toBe(running);
    expect(ended).not.toBe(before);
  });
});

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApp } from '../../src/api/app';
import type { AppDeps } from '../../src/api/app-deps';
import { hashToken } from '../../src/api/token-hash';
import { openSqliteDatabase } from '../../src/db/open-sqlite';
import { consumeJobs } from '../../src/jobs/consume';
import { SqliteJobQueue } from '../../src/jobs/queue-sqlite';
import { DEFAULT_MIGRATIONS_DIR } from '../../src/server/start';
import { randomAdminToken, randomBytes, type Harness } from './harness';

/**
 * The app on the Node shell's parts: a better-sqlite3 file in a fresh temp folder with the
 * migrations applied, the durable SQLite queue, and `createApp` called in-process.
 *
 * @example
 * const h = await makeNodeHarness();
 * const res = await h.fetch(new Request('http://x/healthz'));
 * await h.close();
 */
export async function makeNodeHarness(): Promise<Harness> {
  const dir = mkdtempSync(join(tmpdir(), 'piggycar-test-'));
  const handle = openSqliteDatabase(join(dir, 'piggycar.db'), DEFAULT_MIGRATIONS_DIR);
  const adminToken = randomAdminToken();
  const queue = new SqliteJobQueue(handle.db, { now: Date.now, randomBytes });
  const deps: AppDeps = {
    db: handle.db,
    queue,
    now: Date.now,
    randomBytes,
    bootstrapAdminTokenHash: await hashToken(adminToken),
  };
  const app = createApp(deps);
  return {
    fetch: async (request) => app.fetch(request),
    adminToken,
    deps,
    shell: 'node',
    drainQueue: async () => {
      await queue.drain((messages) => consumeJobs(messages, deps));
    },
    pendingJobs: () => queue.size(),
    close: async () => {
      handle.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

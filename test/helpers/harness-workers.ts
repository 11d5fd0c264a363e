import { applyD1Migrations, createExecutionContext, createMessageBatch, env, getQueueResult } from 'cloudflare:test';
import { sql } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/d1';
import { createApp } from '../../src/api/app';
import type { AppDeps } from '../../src/api/app-deps';
import { hashToken } from '../../src/api/token-hash';
import type { AppDatabase } from '../../src/db/database';
import * as schema from '../../src/db/schema';
import { deadLetterJobs } from '../../src/db/schema/queue';
import { consumeJobs, MAX_RETRIES, type DeliveredMessage } from '../../src/jobs/consume';
import type { Job } from '../../src/jobs/job';
import type { JobQueue } from '../../src/jobs/queue';
import { randomAdminToken, randomBytes, type Harness } from './harness';
import type { WorkersTestEnv } from './workers-env';

const testEnv = env as unknown as WorkersTestEnv;

/** Tables emptied between harnesses (storage is shared within a test file). */
async function clearTables(db: AppDatabase): Promise<void> {
  const rows = (await db.all(
    sql`select name from sqlite_master where type = 'table' and name not like 'sqlite_%' and name not like '_cf_%' and name != 'd1_migrations'`,
  )) as { name: string }[];
  for (const { name } of rows) await db.run(sql.raw(`delete from "${name}"`));
}

/** A queue the harness controls: jobs wait here until `drainQueue` hands them to the consumer. */
class HeldQueue implements JobQueue {
  readonly pending: { id: string; body: Job; attempts: number }[] = [];
  private next = 0;
  async send(job: Job): Promise<void> {
    this.pending.push({ id: `held-${++this.next}`, body: structuredClone(job), attempts: 0 });
  }
}

/**
 * The app inside workerd: D1 (`env.DB`, migrations applied), `createApp` in-process, and a queue
 * whose jobs `drainQueue` delivers as real `MessageBatch`es (`createMessageBatch`) to the same
 * consumer the Worker's `queue()` runs, honouring ack/retry and dead-lettering after MAX_RETRIES.
 *
 * @example
 * const h = await makeWorkersHarness();
 */
export async function makeWorkersHarness(): Promise<Harness> {
  await applyD1Migrations(testEnv.DB, testEnv.TEST_MIGRATIONS);
  const db = drizzle(testEnv.DB, { schema }) as unknown as AppDatabase;
  await clearTables(db);
  const adminToken = randomAdminToken();
  const queue = new HeldQueue();
  const deps: AppDeps = { db, queue, now: Date.now, randomBytes, bootstrapAdminTokenHash: await hashToken(adminToken) };
  const app = createApp(deps);

  async function drainQueue(): Promise<void> {
    for (let round = 0; round < 1000 && queue.pending.length > 0; round++) {
      const held = queue.pending.splice(0, 10);
      const batch = createMessageBatch<Job>(
        'piggycar-jobs',
        held.map((m) => ({ id: m.id, timestamp: new Date(), attempts: m.attempts + 1, body: m.body })),
      );
      const ctx = createExecutionContext();
      await consumeJobs(batch.messages as unknown as readonly DeliveredMessage[], deps);
      const result = await getQueueResult(batch, ctx);
      const retried = new Set(result.retryMessages.map((r: { msgId: string }) => r.msgId));
      const acked = new Set(result.explicitAcks);
      for (const m of held) {
        if (result.ackAll || (acked.has(m.id) && !retried.has(m.id))) continue;
        const attempts = m.attempts + 1;
        if (attempts > MAX_RETRIES) {
          await db.insert(deadLetterJobs).values({ id: m.id, body: JSON.stringify(m.body), attempts, error: null, failedAt: Date.now() });
        } else {
          queue.pending.push({ ...m, attempts });
        }
      }
    }
  }

  return {
    fetch: async (request) => app.fetch(request),
    adminToken,
    deps,
    shell: 'workers',
    drainQueue,
    pendingJobs: async () => queue.pending.length,
    close: async () => {},
  };
}

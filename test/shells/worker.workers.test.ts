import {
  createExecutionContext,
  createScheduledController,
  env,
  SELF,
  waitOnExecutionContext,
} from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { jobHandlers } from '../../src/jobs/handlers';
import worker from '../../src/worker';
import type { WorkersTestEnv } from '../helpers/workers-env';

const testEnv = env as unknown as WorkersTestEnv;
const ADMIN = 'pc_workers_test_admin_token'; // vitest.workers.config.ts binds it as PIGGYCAR_ADMIN_TOKEN

async function waitFor<T>(probe: () => Promise<T | undefined>, what: string): Promise<T> {
  for (let i = 0; i < 200; i++) {
    const value = await probe();
    if (value !== undefined) return value;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out waiting for ${what}`);
}

describe('the Worker shell (src/worker.ts) in workerd', () => {
  it('applied every file of migrations/ and recorded it in d1_migrations, as wrangler does', async () => {
    const { results } = await testEnv.DB.prepare('select name from d1_migrations order by id').all<{ name: string }>();
    const expected = testEnv.TEST_MIGRATIONS.map((m) => m.name);
    expect(expected.length).toBeGreaterThan(0);
    expect(expected[0]).toMatch(/^0000_/);
    expect(results.map((r) => r.name)).toEqual(expected);
    const { results: tables } = await testEnv.DB.prepare("select name from sqlite_master where type = 'table'").all<{ name: string }>();
    expect(tables.map((t) => t.name)).toEqual(expect.arrayContaining(['fabrics', 'fabric_chunks', 'api_tokens', 'dead_letter_jobs']));
  });

  it('fetch serves the app with the bootstrap admin token from the secret binding', async () => {
    const health = await SELF.fetch('http://piggycar.test/healthz');
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ status: 'ok' });
    const denied = await SELF.fetch('http://piggycar.test/v1/fabrics');
    expect(denied.status).toBe(401);
    expect(denied.headers.get('content-type')).toContain('application/problem+json');
    const gen = await SELF.fetch('http://piggycar.test/v1/fabrics/wtest/generate', {
      method: 'POST',
      headers: { authorization: `Bearer ${ADMIN}`, 'content-type': 'application/json' },
      body: JSON.stringify({ kind: 'testbed' }),
    });
    expect(gen.status).toBe(201);
    const path = await SELF.fetch('http://piggycar.test/v1/fabrics/wtest/paths?from=server1&to=gateway1', {
      headers: { authorization: `Bearer ${ADMIN}` },
    });
    expect(((await path.json()) as { hops: number }).hops).toBe(4);
  });

  it('a message produced on a real queue is consumed by the queue() handler (dead letters are filed in D1)', async () => {
    const marker = `marker-${crypto.randomUUID()}`;
    await testEnv.JOBS_DLQ.send({ type: 'plan', fabric: 'wtest', planId: marker });
    const row = await waitFor(async () => {
      const r = await testEnv.DB.prepare('select body, attempts from dead_letter_jobs where body like ?').bind(`%${marker}%`).first<{ body: string; attempts: number }>();
      return r ?? undefined;
    }, 'the dead-letter consumer');
    expect(JSON.parse(row.body)).toEqual({ type: 'plan', fabric: 'wtest', planId: marker });
  });

  it('a job produced on the jobs queue is delivered to the registered handler', async () => {
    // The main worker runs in the test's isolate, so a handler registered here is the one queue() calls.
    const seen: string[] = [];
    const previous = jobHandlers.migrate;
    jobHandlers.migrate = async (job) => {
      seen.push(job.migrationId);
    };
    try {
      const marker = `mig-${crypto.randomUUID()}`;
      await testEnv.JOBS.send({ type: 'migrate', fabric: 'wtest', migrationId: marker });
      await waitFor(async () => (seen.includes(marker) ? true : undefined), 'the jobs consumer');
      expect(seen).toEqual([marker]);
    } finally {
      jobHandlers.migrate = previous;
    }
  });

  it('scheduled() runs the cron work', async () => {
    const ctx = createExecutionContext();
    await worker.scheduled(createScheduledController({ cron: '*/5 * * * *', scheduledTime: Date.now() }) as never, env as never, ctx as never);
    await waitOnExecutionContext(ctx);
  });
});

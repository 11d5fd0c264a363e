import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { openSqliteDatabase, type SqliteHandle } from '../../src/db/open-sqlite';
import { deadLetterJobs, queueMessages } from '../../src/db/schema/queue';
import { consumeJobs, MAX_RETRIES, retryDelaySeconds, type DeliveredMessage } from '../../src/jobs/consume';
import type { Job, JobDeps } from '../../src/jobs/job';
import { SqliteJobQueue } from '../../src/jobs/queue-sqlite';
import { DEFAULT_MIGRATIONS_DIR } from '../../src/server/start';

const rb = (n: number) => crypto.getRandomValues(new Uint8Array(n));
let dir: string;
let handle: SqliteHandle;
let clock = 1_000_000;
let queue: SqliteJobQueue;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'piggycar-queue-'));
  handle = openSqliteDatabase(join(dir, 'db.sqlite'), DEFAULT_MIGRATIONS_DIR);
});
afterAll(() => {
  handle.close();
  rmSync(dir, { recursive: true, force: true });
});
beforeEach(async () => {
  vi.spyOn(console, 'error').mockImplementation(() => undefined); // the failing handlers below log each failure
  await handle.db.delete(queueMessages);
  await handle.db.delete(deadLetterJobs);
  clock = 1_000_000;
  queue = new SqliteJobQueue(handle.db, { now: () => clock, randomBytes: rb });
});

const rotate: Job = { type: 'rotate', fabric: 'testbed', at: 1 };

describe('the Node shell queue (SQLite, Cloudflare Queues semantics)', () => {
  it('honours delaySeconds: nothing is delivered before the delay, then the job is', async () => {
    const seen: unknown[] = [];
    const consume = async (ms: DeliveredMessage[]) => ms.forEach((m) => (seen.push(m.body), m.ack()));
    await queue.send(rotate, { delaySeconds: 10 });
    expect(await queue.deliverDue(consume)).toBe(0);
    clock += 9_999;
    expect(await queue.deliverDue(consume)).toBe(0);
    clock += 1;
    expect(await queue.deliverDue(consume)).toBe(1);
    expect(seen).toEqual([rotate]);
    expect(await queue.size()).toBe(0);
  });

  it('a failing handler is retried with backoff, then dead-lettered with its error after MAX_RETRIES', async () => {
    let calls = 0;
    const deps: JobDeps = { db: handle.db, queue, now: () => clock, randomBytes: rb };
    const handlers = {
      rotate: async () => {
        calls++;
        throw new Error('switch unreachable');
      },
    };
    const consume = (ms: DeliveredMessage[]) => consumeJobs(ms, deps, handlers);
    await queue.send(rotate);
    for (let attempt = 1; attempt <= MAX_RETRIES + 1; attempt++) {
      expect(await queue.deliverDue(consume)).toBe(1);
      expect(calls).toBe(attempt);
      if (attempt <= MAX_RETRIES) {
        expect(await queue.deliverDue(consume)).toBe(0); // backing off
        clock += retryDelaySeconds(attempt) * 1000;
      }
    }
    expect(await queue.size()).toBe(0);
    const dead = await handle.db.select().from(deadLetterJobs);
    expect(dead).toHaveLength(1);
    expect(dead[0]).toMatchObject({ attempts: MAX_RETRIES + 1, error: 'switch unreachable' });
    expect(JSON.parse(dead[0].body)).toEqual(rotate);
  });

  it('a consumer that throws leaves its messages queued for retry; a handler that succeeds acks', async () => {
    await queue.send(rotate);
    await queue.deliverDue(async () => {
      throw new Error('consumer crashed');
    });
    expect(await queue.size()).toBe(1);
    const deps: JobDeps = { db: handle.db, queue, now: () => clock, randomBytes: rb };
    const done: Job[] = [];
    const n = await queue.drain((ms) => consumeJobs(ms, deps, { rotate: async (j) => void done.push(j) }));
    expect(n).toBe(1);
    expect(done).toEqual([rotate]);
    expect(await queue.size()).toBe(0);
  });
});

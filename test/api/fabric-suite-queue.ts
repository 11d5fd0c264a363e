import { count } from 'drizzle-orm';
import { expect, it } from 'vitest';
import { deadLetterJobs } from '../../src/db/schema/queue';
import { MAX_RETRIES } from '../../src/jobs/consume';
import type { Job } from '../../src/jobs/job';
import type { Scenarios } from './fabric-suite';

async function deadLetters(h: Parameters<Scenarios>[0]): Promise<number> {
  const [row] = await h().deps.db.select({ n: count() }).from(deadLetterJobs);
  return row?.n ?? 0;
}

/** The job queue as each shell runs it: consumed and acked, or retried and dead-lettered. */
export const fabricQueueScenarios: Scenarios = (h) => {
  it('a job sent with delaySeconds waits in the queue until delivered, then leaves it', async () => {
    await h().deps.queue.send({ type: 'rotate', fabric: 'no-such-fabric', at: 1 }, { delaySeconds: 30 });
    expect(await h().pendingJobs()).toBe(1);
    await h().drainQueue();
    expect(await h().pendingJobs()).toBe(0);
  });

  it(`a message that is not a job is retried ${MAX_RETRIES} times, then dead-lettered`, async () => {
    const before = await deadLetters(h);
    await h().deps.queue.send({ type: 'no-such-job', fabric: 'testbed' } as unknown as Job);
    await h().drainQueue();
    expect(await deadLetters(h)).toBe(before + 1);
    const rows = await h().deps.db.select().from(deadLetterJobs);
    const row = rows.find((r) => r.body.includes('no-such-job'));
    expect(row?.attempts).toBe(MAX_RETRIES + 1);
    expect(await h().pendingJobs()).toBe(0);
  });
};

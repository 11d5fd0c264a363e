import type { Job } from './job';

/**
 * Where the app enqueues jobs: Cloudflare Queues' producer binding on Workers, the durable
 * in-process queue on Node (`src/jobs/queue-sqlite.ts`). Both honour `delaySeconds`.
 *
 * @example
 * await deps.queue.send({ type: 'plan', fabric: 'testbed', planId }, { delaySeconds: 2 });
 */
export interface JobQueue {
  send(job: Job, options?: { delaySeconds?: number }): Promise<void>;
}

import { listFabrics } from '../db/fabric-store';
import { jobHandlers } from './handlers';
import type { JobDeps } from './job';

/**
 * The cron work both shells run (Worker `scheduled`, Node timer): enqueue one `rotate` job per
 * fabric (policy-ID rotation, paper §III-F) — only once a rotate handler is registered, so an
 * unfinished feature does not fill the queue. Returns the number of jobs enqueued.
 *
 * @example
 * await enqueueCronJobs(deps); // in scheduled()
 */
export async function enqueueCronJobs(deps: JobDeps, handlers: typeof jobHandlers = jobHandlers): Promise<number> {
  if (handlers.rotate === undefined) return 0;
  const at = deps.now();
  const fabrics = await listFabrics(deps.db);
  for (const fabric of fabrics) await deps.queue.send({ type: 'rotate', fabric: fabric.name, at });
  return fabrics.length;
}

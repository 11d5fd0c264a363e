import type { JobQueue } from '../queue';

/** Wake-ups queued and not yet delivered, per queue (this process only; a duplicate is harmless, just wasted). */
const queued = new WeakMap<object, Set<string>>();

/**
 * Asks for one more look at a running migration now (enqueues a `migrate` job marked `wake`, without delay):
 * called when its precondition may have become true — the old owner handed over the sessions, or an agent
 * reported a new applied plan. A wake-up advances the migration as far as it can and never re-enqueues itself
 * (the migration's own job, re-enqueued with its delay, stays the fallback that survives crashes). Wake-ups for
 * a migration that already has one waiting in this process are coalesced. Returns whether one was enqueued.
 *
 * @example
 * await wakeMigration(deps.queue, 'testbed', 'mig-1'); // after storing the exported sessions
 */
export async function wakeMigration(queue: JobQueue, fabric: string, migrationId: string): Promise<boolean> {
  let set = queued.get(queue);
  if (!set) queued.set(queue, (set = new Set()));
  if (set.has(migrationId)) return false;
  set.add(migrationId);
  try {
    await queue.send({ type: 'migrate', fabric, migrationId, wake: true });
  } catch (err) {
    set.delete(migrationId);
    throw err;
  }
  return true;
}

/**
 * A wake-up is being delivered: the next event may enqueue another (called by the job before it looks).
 *
 * @example
 * wakeDelivered(deps.queue, job.migrationId);
 */
export function wakeDelivered(queue: JobQueue, migrationId: string): void {
  queued.get(queue)?.delete(migrationId);
}

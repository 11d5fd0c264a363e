import type { AppDatabase } from '../db/database';
import type { JobQueue } from './queue';

/**
 * A queue message. Delivery is at least once: handlers are idempotent and keyed by the ids inside.
 *
 * @example
 * const job: Job = { type: 'plan', fabric: 'testbed', planId: 'plan-1' };
 */
export type Job =
  | { type: 'plan'; fabric: string; planId: string }
  /** `wake`: a one-shot look asked for by an event (see jobs/migrate/wake.ts); it never re-enqueues itself. */
  | { type: 'migrate'; fabric: string; migrationId: string; wake?: boolean }
  | { type: 'rotate'; fabric: string; at: number };

/** What a job handler gets: the same effects the app gets, passed in by the shell. */
export interface JobDeps {
  db: AppDatabase;
  queue: JobQueue;
  /** ms since epoch. */
  now: () => number;
  /** Cryptographic random bytes. */
  randomBytes: (n: number) => Uint8Array;
}

/**
 * Handles one job. Resolve = acknowledged; throw = retried with backoff, then dead-lettered.
 *
 * @example
 * const handle: JobHandler<Extract<Job, { type: 'plan' }>> = async (job, deps) => { ... };
 */
export type JobHandler<J extends Job = Job> = (job: J, deps: JobDeps) => Promise<void>;

/**
 * Checks that an unknown queue message body is a Job, returning an error string otherwise.
 *
 * @example
 * const r = parseJob(JSON.parse(text)); if (typeof r === 'string') throw new Error(r);
 */
export function parseJob(body: unknown): Job | string {
  if (typeof body !== 'object' || body === null) return 'job: not an object';
  const b = body as Record<string, unknown>;
  if (typeof b.fabric !== 'string' || b.fabric === '') return 'job.fabric: expected a non-empty string';
  switch (b.type) {
    case 'plan':
      return typeof b.planId === 'string' ? { type: 'plan', fabric: b.fabric, planId: b.planId } : 'job.planId: expected a string';
    case 'migrate':
      if (typeof b.migrationId !== 'string') return 'job.migrationId: expected a string';
      if (b.wake !== undefined && typeof b.wake !== 'boolean') return 'job.wake: expected a boolean';
      return b.wake === true
        ? { type: 'migrate', fabric: b.fabric, migrationId: b.migrationId, wake: true }
        : { type: 'migrate', fabric: b.fabric, migrationId: b.migrationId };
    case 'rotate':
      return typeof b.at === 'number' && Number.isFinite(b.at)
        ? { type: 'rotate', fabric: b.fabric, at: b.at }
        : 'job.at: expected a number';
    default:
      return `job.type: unknown job type ${JSON.stringify(b.type)}`;
  }
}

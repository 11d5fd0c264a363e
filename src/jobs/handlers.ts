import type { Job, JobHandler } from './job';
import { handleMigrate } from './migrate/handle-migrate';
import { handlePlanJob } from './plan/handle-plan';

export type { JobDeps, JobHandler } from './job';

/**
 * The job registry: each area adds its handler with one line. A job type without a handler is
 * acknowledged and logged (nothing to do yet), never retried.
 *
 * @example
 * await jobHandlers.plan?.(job, deps);
 */
export const jobHandlers: { [T in Job['type']]?: JobHandler<Extract<Job, { type: T }>> } = {
  migrate: (job, deps) => handleMigrate(job, deps),
  plan: (job, deps) => handlePlanJob(job, deps),
};

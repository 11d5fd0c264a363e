import { DEFAULT_SESSION_IDLE_TIMEOUT_MS } from '../../core/desired-state/types';
import { nextExecutionAction, type ExecutionWorld, type SchedulerSettings } from '../../core/scheduler';
import type { AppDatabase } from '../../db/database';
import {
  advanceStep, endMigration, getMigration, noteMigration, recordPhasePlan, type MigrationRecord,
} from '../../db/migration-store';
import { exportedRuleIds } from '../../db/migration-store-sessions';
import { getCurrentPlan, getPlan, listPlans } from '../../db/plan-store';
import { listSwitchStatuses } from '../../db/telemetry-store';
import type { Job, JobDeps } from '../job';
import { decideMigration } from './decide';
import { LIVE_WITHIN_MS } from './observe';
import { writePhasePlan } from './phase-plan';
import { wakeDelivered, wakeMigration } from './wake';
import { traceControlPlane } from './trace';

/** Knobs of the migrate job (tests shorten the settle wait). */
export interface MigrateJobOptions {
  idleTimeoutMs?: number;
  settings?: Partial<SchedulerSettings>;
}

/** Most steps one delivery performs before handing over to a fresh delivery (bounds a delivery's time). */
export const MAX_STEPS_PER_DELIVERY = 16;

/**
 * The `migrate` job: performs every step that can be done now (deciding, writing a phase plan, advancing when the
 * agents have reacted), then — unless finished — enqueues itself again after the wait the state machine asks for
 * (whole seconds: Cloudflare Queues' delaySeconds). That timed redelivery is only the fallback: events wake the
 * migration at once (`wake.ts`: the old owner's session hand-over, an agent reporting a newly applied plan) with a
 * `wake` job, which advances as far as it can and never re-enqueues itself. Everything it knows is re-read from
 * the database, so a crash of the control plane, an agent or a switch at any point resumes where the persisted
 * record says.
 *
 * @example
 * jobHandlers.migrate = (job, deps) => handleMigrate(job, deps);
 */
export async function handleMigrate(job: Extract<Job, { type: 'migrate' }>, deps: JobDeps, options: MigrateJobOptions = {}): Promise<void> {
  if (job.wake) wakeDelivered(deps.queue, job.migrationId);
  const more = await advanceMigration(job.migrationId, deps, options);
  if (more === undefined) return;
  if (job.wake) {
    // The step cap was hit: look again at once, still as a wake-up (the timed chain is already queued).
    if (more === 0) await wakeMigration(deps.queue, job.fabric, job.migrationId);
    return;
  }
  await deps.queue.send(job, more > 0 ? { delaySeconds: Math.max(1, Math.ceil(more / 1000)) } : undefined);
}

/**
 * Performs steps while each one makes progress at once (up to `MAX_STEPS_PER_DELIVERY`). Returns undefined when
 * there is nothing more to do, else the delay (ms) after which to look again (0: at once, the step cap was hit).
 *
 * @example
 * const more = await advanceMigration('mig-1', deps); // e.g. 1000: waiting for agents
 */
export async function advanceMigration(id: string, deps: JobDeps, options: MigrateJobOptions = {}): Promise<number | undefined> {
  let more: number | undefined = 0;
  for (let i = 0; i < MAX_STEPS_PER_DELIVERY && more === 0; i++) more = await stepMigration(id, deps, options);
  return more;
}

/**
 * Performs one step of a migration. Returns undefined when there is nothing more to do, else the delay (ms)
 * after which to look again (0: at once).
 *
 * @example
 * while ((await stepMigration(id, deps)) === 0) {}
 */
export async function stepMigration(id: string, deps: JobDeps, options: MigrateJobOptions = {}): Promise<number | undefined> {
  const { db } = deps;
  const rec = await getMigration(db, id);
  if (!rec) return undefined;
  if (rec.status === 'pending') {
    await decideMigration(rec, deps, options.settings);
    return 0;
  }
  if (rec.status !== 'running' || rec.decision?.kind !== 'decision') return undefined;
  const lookAt = Date.now();
  const world = await observeWorld(db, rec, deps.now(), options.idleTimeoutMs ?? DEFAULT_SESSION_IDLE_TIMEOUT_MS);
  const exported = await exportedRuleIds(db, rec.id);
  const action = nextExecutionAction({
    status: rec.status, step: rec.step, moves: rec.decision.moves, basePlanVersion: rec.basePlanVersion ?? 0,
    plans: rec.plans, exported, stepSince: rec.stepSince ?? rec.updatedAt,
  }, world);
  traceControlPlane('migrate step', { id, observeMs: Date.now() - lookAt, step: rec.step, action: action.kind, ...('phase' in action ? { phase: action.phase } : {}), ...('to' in action ? { to: action.to } : {}), ...('reason' in action ? { reason: action.reason } : {}) });
  switch (action.kind) {
    case 'write-plan': {
      const startedAt = Date.now();
      const plan = await writePhasePlan(db, rec.fabric, rec.id, action.phase, action.owners, rec.decision.moves, deps.now());
      const writtenAt = Date.now();
      await recordPhasePlan(db, rec.id, action.phase, plan, deps.now());
      traceControlPlane('phase plan recorded', { id, phase: action.phase, version: plan.version, writeMs: writtenAt - startedAt, recordMs: Date.now() - writtenAt });
      return 0;
    }
    case 'advance':
      await advanceStep(db, rec, action.to, deps.now());
      return action.to === 'done' ? undefined : 0;
    case 'wait':
      if (rec.note !== action.reason) await noteMigration(db, rec.id, action.reason, deps.now());
      return action.retryMs;
    case 'supersede':
      await endMigration(db, rec.id, 'superseded', action.reason, deps.now());
      return undefined;
    case 'none':
      return undefined;
  }
}

async function observeWorld(db: AppDatabase, rec: MigrationRecord, now: number, idleTimeoutMs: number): Promise<ExecutionWorld> {
  const [current, recent, statuses] = await Promise.all([
    getCurrentPlan(db, rec.fabric), listPlans(db, rec.fabric, { limit: 10 }), listSwitchStatuses(db, rec.fabric),
  ]);
  const header = current ? await getPlan(db, rec.fabric, current.id) : undefined;
  return {
    now,
    currentPlan: current && { id: current.id, version: current.version, reason: header?.reason ?? '' },
    offlinePlanInFlight: recent.some((p) => (p.status === 'pending' || p.status === 'running') && !p.reason.startsWith('migration:')),
    applied: new Map(statuses.map((s) => [s.switchName, s.appliedPlanVersion] as const)),
    liveSwitches: statuses.filter((s) => now - s.lastReportAt <= LIVE_WITHIN_MS).map((s) => s.switchName),
    idleTimeoutMs,
  };
}

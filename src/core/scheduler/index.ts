/**
 * The stability-oriented online scheduler (paper §III-E): trigger (eq. 4), decision (eq. 5–7, Algorithm 2)
 * and the make-before-break execution state machine.
 *
 * @example
 * import { buildSchedulerModel, migrate, evaluateTrigger } from '../core/scheduler';
 */
export * from './types';
export { DEFAULT_SCHEDULER_SETTINGS, resolveSchedulerSettings } from './settings';
export { evaluateTrigger } from './trigger';
export { buildSchedulerModel, type SchedulerModel, type SchedulerModelInput } from './model';
export { migrate } from './migrate';
export { migrationOverhead, remainingGbps, transferUs } from './migration-cost';
export { topCandidates } from './candidates';
export * from './execution-types';
export { nextExecutionAction, EXECUTION_POLL_MS } from './execution';
export {
  overlayMigrations, type MigrationOverlay, type MigratingFullRule, type MigratingSwitchState, type OverlayContext,
  type SessionExport, type SessionImport,
} from './desired-state-overlay';

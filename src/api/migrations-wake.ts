import { listMigrations } from '../db/migration-store';
import { wakeMigration } from '../jobs/migrate/wake';
import type { AppDeps } from './app-deps';
import type { TelemetryEvent } from './telemetry-hook';

/** Last applied plan (version and hash) seen per switch, per database handle. */
const lastApplied = new WeakMap<object, Map<string, string>>();

/**
 * Telemetry listener (registered in `telemetry-hook.ts`): when a switch reports a plan it had not applied before,
 * wakes the fabric's running migrations at once — a make-before-break step that waits for agents to apply its
 * phase plan then advances within milliseconds of the report, not at the job's next timed look. Reports that
 * repeat the last applied plan cost a map lookup. Returns the ids woken.
 *
 * @example
 * telemetryListeners.push(wakeOnApplied);
 */
export async function wakeOnApplied(deps: AppDeps, event: TelemetryEvent): Promise<string[]> {
  const { report } = event;
  if (report.appliedPlanVersion === null) return [];
  let seen = lastApplied.get(deps.db);
  if (!seen) lastApplied.set(deps.db, (seen = new Map()));
  const key = `${event.fabric}\u0000${event.switchName}`;
  const applied = `${report.appliedPlanVersion}:${report.appliedHash ?? ''}`;
  if (seen.get(key) === applied) return [];
  seen.set(key, applied);
  const running = await listMigrations(deps.db, event.fabric, { status: 'running', limit: 100 });
  const woken: string[] = [];
  for (const m of running) if (await wakeMigration(deps.queue, m.fabric, m.id)) woken.push(m.id);
  return woken;
}

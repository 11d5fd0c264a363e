import { evaluateTrigger, resolveSchedulerSettings, type TriggerOutcome } from '../core/scheduler';
import { getFabricSummary } from '../db/fabric-store';
import { createMigration } from '../db/migration-store';
import type { AppDeps } from './app-deps';
import { currentDesiredState } from './agents-state-cache';
import type { TelemetryEvent } from './telemetry-hook';

/**
 * Telemetry listener (registered in `telemetry-hook.ts`): evaluates eq. 4 for the reporting switch against the
 * rules the current plan gives it (its compiled full_rule_table: VNI and x_r, cached per plan) and, when it
 * fires, records a pending migration and enqueues one `migrate` job — unless the switch already has one pending
 * or running (dedup). Returns the trigger outcome (undefined when the fabric or switch is unknown).
 *
 * @example
 * telemetryListeners.push(scheduleOnTelemetry);
 */
export async function scheduleOnTelemetry(deps: AppDeps, event: TelemetryEvent): Promise<TriggerOutcome | undefined> {
  const current = await currentDesiredState(deps.db, event.fabric);
  const state = current?.compiled.forSwitch(event.switchName)?.state;
  if (!state) return undefined;
  const input = {
    switchName: event.switchName,
    owned: state.fullRuleTable.map((r) => ({ ruleId: r.ruleId, vni: r.vni, expectedSessions: r.expectedSessions })),
    observed: event.report.rules,
    occupancy: event.report.occupancy,
    sramThreshold: state.sessionBudget.threshold,
  };
  // ΔX ≥ 0, so with δx ≤ 0 and m_n ≤ T_SRAM nothing can fire: skip reading the fabric's settings (the common case).
  const quick = evaluateTrigger({ ...input, deltaX: Number.MAX_SAFE_INTEGER });
  if (quick.kind === 'invalid' || (!quick.fired && quick.deltaX <= 0)) return quick.kind === 'invalid' ? undefined : quick;
  const summary = await getFabricSummary(deps.db, event.fabric);
  const resolved = resolveSchedulerSettings(summary?.settings);
  if (resolved.kind !== 'settings') return undefined;
  const outcome = evaluateTrigger({ ...input, deltaX: resolved.settings.deltaX });
  if (outcome.kind === 'invalid' || !outcome.fired) return outcome.kind === 'invalid' ? undefined : outcome;
  const id = `mig-${hex(deps.randomBytes(12))}`;
  const { created } = await createMigration(deps.db, {
    id, fabric: event.fabric, switchName: event.switchName, trigger: outcome, now: deps.now(), reportAt: event.receivedAt,
  });
  if (created) await deps.queue.send({ type: 'migrate', fabric: event.fabric, migrationId: id });
  return outcome;
}

function hex(bytes: Uint8Array): string {
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

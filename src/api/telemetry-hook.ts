import type { TelemetryReport } from '../core/desired-state/telemetry-types';
import { recordTelemetry } from '../db/telemetry-store';
import type { AppDeps } from './app-deps';
import { scheduleOnTelemetry } from './migrations-trigger';
import { wakeOnApplied } from './migrations-wake';

/** One accepted telemetry report, with the VNI → rule mapping of the reporting switch at that time. */
export interface TelemetryEvent {
  fabric: string;
  switchName: string;
  receivedAt: number;
  report: TelemetryReport;
  vniToRule: ReadonlyMap<number, string>;
}

/** Something that reacts to telemetry (the online scheduler's trigger, eq. 4). */
export type TelemetryListener = (deps: AppDeps, event: TelemetryEvent) => Promise<void>;

/**
 * Registry of telemetry listeners: the online scheduler (issue 7) adds one line here, e.g.
 * `telemetryListeners.push(scheduleOnTelemetry)`, the way job handlers are registered.
 *
 * @example
 * telemetryListeners.push(async (deps, e) => { if (e.report.occupancy > 900) await deps.queue.send(...); });
 */
export const telemetryListeners: TelemetryListener[] = [
  async (deps, e) => { await scheduleOnTelemetry(deps, e); },
  async (deps, e) => { await wakeOnApplied(deps, e); },
];

/**
 * Handles one accepted report: stores it (latest status, raw sample, roll-ups) and hands it to every
 * listener. A failing listener is logged and does not fail the agent's report (the report is stored).
 *
 * @example
 * await onTelemetry(deps, { fabric: 'testbed', switchName: 'core1', receivedAt: deps.now(), report, vniToRule });
 */
export async function onTelemetry(deps: AppDeps, event: TelemetryEvent): Promise<void> {
  await recordTelemetry(deps.db, event);
  for (const listener of telemetryListeners) {
    try {
      await listener(deps, event);
    } catch (err) {
      console.error('telemetry listener failed', event.fabric, event.switchName, err);
    }
  }
}

import type { FabricSettings } from '../fabric/types';
import type { SchedulerInputError, SchedulerSettings } from './types';

/**
 * Defaults of the scheduler's knobs. α = β = 0.5, k = 20 %, U = 4 are the paper's (§III-E); the rest are ours:
 * - ΔX = 4,096 sessions: 1/16 of the P4 program's 65,536-entry tc_session_table;
 * - cool-down 60 s: several telemetry intervals and longer than the default 10 s session idle timeout, so a
 *   rule's sessions have settled on its new owner before it may move again;
 * - u = 256 bytes per rule: a full rule (VNI, LB policy, a few weighted backends) plus its offload entry;
 * - s = 32 bytes per session: the 6-tuple key (13 bytes), the backend (4), framing;
 * - ΔT^c = 1 µs: one extra switch hop at the generators' T_base.
 *
 * @example
 * DEFAULT_SCHEDULER_SETTINGS.alpha; // 0.5
 */
export const DEFAULT_SCHEDULER_SETTINGS: SchedulerSettings = {
  alpha: 0.5,
  beta: 0.5,
  deltaX: 4096,
  topK: 0.2,
  candidates: 4,
  cooldownMs: 60_000,
  ruleBytes: 256,
  sessionBytes: 32,
  rerouteConstantUs: 1,
};

const CHECKS: Record<keyof SchedulerSettings, (v: number) => string | undefined> = {
  alpha: (v) => (v >= 0 && v <= 1 ? undefined : 'must be in [0, 1]'),
  beta: (v) => (v >= 0 && v <= 1 ? undefined : 'must be in [0, 1]'),
  deltaX: (v) => (v >= 0 ? undefined : 'must be ≥ 0'),
  topK: (v) => (v > 0 && v <= 1 ? undefined : 'must be in (0, 1]'),
  candidates: (v) => (Number.isInteger(v) && v >= 1 ? undefined : 'must be an integer ≥ 1'),
  cooldownMs: (v) => (v >= 0 ? undefined : 'must be ≥ 0'),
  ruleBytes: (v) => (v >= 0 ? undefined : 'must be ≥ 0'),
  sessionBytes: (v) => (v >= 0 ? undefined : 'must be ≥ 0'),
  rerouteConstantUs: (v) => (v >= 0 ? undefined : 'must be ≥ 0'),
};

/**
 * The fabric's `settings.scheduler` (α, β, ΔX, k, U) over the defaults, plus caller overrides for the knobs
 * the fabric document does not carry (cool-down, u, s, ΔT^c). A bad value is an error naming the field.
 *
 * @example
 * const s = resolveSchedulerSettings({ scheduler: { deltaX: 100 } });
 * if (s.kind === 'settings') s.settings.deltaX; // 100
 */
export function resolveSchedulerSettings(
  fabric: FabricSettings | undefined,
  overrides: Partial<SchedulerSettings> = {},
): { kind: 'settings'; settings: SchedulerSettings } | SchedulerInputError {
  const fromFabric: Partial<SchedulerSettings> = {};
  const knobs = fabric?.scheduler ?? {};
  for (const key of ['alpha', 'beta', 'deltaX', 'topK', 'candidates'] as const) {
    if (knobs[key] !== undefined) fromFabric[key] = knobs[key];
  }
  const settings = { ...DEFAULT_SCHEDULER_SETTINGS, ...fromFabric, ...overrides };
  for (const key of Object.keys(CHECKS) as (keyof SchedulerSettings)[]) {
    const v = settings[key];
    const field = key in fromFabric && !(key in overrides) ? `settings.scheduler.${key}` : key;
    if (typeof v !== 'number' || !Number.isFinite(v)) return { kind: 'invalid', field, reason: `must be a finite number, got ${String(v)}` };
    const problem = CHECKS[key](v);
    if (problem) return { kind: 'invalid', field, reason: `${problem}, got ${v}` };
  }
  return { kind: 'settings', settings };
}

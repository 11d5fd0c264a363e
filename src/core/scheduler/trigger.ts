import type { SchedulerInputError, TriggerInput, TriggerOutcome, TriggerReason } from './types';

/**
 * Eq. 4: the online scheduler fires for switch n when δx(n) > ΔX or m_n > T_SRAM, with
 * δx(n) = Σ_{r owned by n} (x_r^ob − x_r) over the rules the current plan gives n (a rule the report does not
 * mention has x_r^ob = 0). Cost O(owned + observed).
 *
 * @example
 * evaluateTrigger({
 *   switchName: 'core1', owned: [{ ruleId: 'r1', vni: 7, expectedSessions: 1000 }],
 *   observed: [{ vni: 7, sessions: 1600 }], occupancy: 1600, sramThreshold: 58982, deltaX: 500,
 * }); // { kind: 'trigger', fired: true, reasons: ['delta-x'], deltaX: 600, ... }
 */
export function evaluateTrigger(input: TriggerInput): TriggerOutcome | SchedulerInputError {
  for (const key of ['occupancy', 'sramThreshold', 'deltaX'] as const) {
    const v = input[key];
    if (!(Number.isFinite(v) && v >= 0)) return { kind: 'invalid', field: key, reason: `must be a finite number ≥ 0, got ${v}` };
  }
  const sessionsByVni = new Map<number, number>();
  for (let i = 0; i < input.observed.length; i++) {
    const o = input.observed[i];
    if (!(Number.isFinite(o.sessions) && o.sessions >= 0)) {
      return { kind: 'invalid', field: `observed[${i}].sessions`, reason: `x_r^ob must be a finite number ≥ 0, got ${o.sessions}` };
    }
    sessionsByVni.set(o.vni, (sessionsByVni.get(o.vni) ?? 0) + o.sessions);
  }
  let deltaX = 0;
  for (const rule of input.owned) deltaX += (sessionsByVni.get(rule.vni) ?? 0) - rule.expectedSessions;
  const reasons: TriggerReason[] = [];
  if (deltaX > input.deltaX) reasons.push('delta-x');
  if (input.occupancy > input.sramThreshold) reasons.push('sram');
  return {
    kind: 'trigger',
    fired: reasons.length > 0,
    reasons,
    switchName: input.switchName,
    deltaX,
    deltaXLimit: input.deltaX,
    occupancy: input.occupancy,
    sramThreshold: input.sramThreshold,
  };
}

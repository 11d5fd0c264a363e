import { describe, expect, it } from 'vitest';
import { evaluateTrigger, resolveSchedulerSettings, topCandidates } from '../../../src/core/scheduler';

const owned = [
  { ruleId: 'a', vni: 1, expectedSessions: 1000 },
  { ruleId: 'b', vni: 2, expectedSessions: 500 },
  { ruleId: 'c', vni: 3, expectedSessions: 200 },
];

describe('evaluateTrigger (eq. 4)', () => {
  it('fires on δx(n) > ΔX: δx = (1800 − 1000) + (600 − 500) + (0 − 200) = 700 > 600', () => {
    // c is not in the report: x_c^ob = 0. VNI 9 is not owned here: ignored.
    const out = evaluateTrigger({
      switchName: 'core1', owned, observed: [{ vni: 1, sessions: 1800 }, { vni: 2, sessions: 600 }, { vni: 9, sessions: 5000 }],
      occupancy: 7400, sramThreshold: 58982, deltaX: 600,
    });
    expect(out).toMatchObject({ kind: 'trigger', fired: true, reasons: ['delta-x'], deltaX: 700 });
  });

  it('does not fire at δx = ΔX exactly (strict >) nor below T_SRAM', () => {
    const out = evaluateTrigger({ switchName: 'core1', owned, observed: [{ vni: 1, sessions: 1800 }, { vni: 2, sessions: 600 }], occupancy: 58982, sramThreshold: 58982, deltaX: 700 });
    expect(out).toMatchObject({ fired: false, reasons: [], deltaX: 700 });
  });

  it('fires on m_n > T_SRAM even when every rule is under its estimate (δx = −1200)', () => {
    const out = evaluateTrigger({ switchName: 'core1', owned, observed: [{ vni: 1, sessions: 500 }], occupancy: 58983, sramThreshold: 58982, deltaX: 0 });
    expect(out).toMatchObject({ fired: true, reasons: ['sram'], deltaX: -1200 });
  });

  it('fires for both reasons at once', () => {
    const out = evaluateTrigger({ switchName: 'x', owned, observed: [{ vni: 1, sessions: 70_000 }], occupancy: 70_000, sramThreshold: 58982, deltaX: 100 });
    expect(out).toMatchObject({ fired: true, reasons: ['delta-x', 'sram'] });
  });

  it('names the field of bad input', () => {
    expect(evaluateTrigger({ switchName: 'x', owned, observed: [{ vni: 1, sessions: -3 }], occupancy: 0, sramThreshold: 1, deltaX: 0 }))
      .toEqual({ kind: 'invalid', field: 'observed[0].sessions', reason: 'x_r^ob must be a finite number ≥ 0, got -3' });
    expect(evaluateTrigger({ switchName: 'x', owned, observed: [], occupancy: Number.NaN, sramThreshold: 1, deltaX: 0 }))
      .toMatchObject({ kind: 'invalid', field: 'occupancy' });
  });
});

describe('resolveSchedulerSettings', () => {
  it('takes the fabric knobs over the paper defaults (α = β = 0.5, k = 20 %, U = 4)', () => {
    const s = resolveSchedulerSettings({ scheduler: { alpha: 0.3, candidates: 8 } });
    expect(s).toMatchObject({ kind: 'settings', settings: { alpha: 0.3, beta: 0.5, topK: 0.2, candidates: 8 } });
  });
  it('names a bad fabric knob', () => {
    expect(resolveSchedulerSettings({ scheduler: { topK: 0 } })).toMatchObject({ kind: 'invalid', field: 'settings.scheduler.topK' });
  });
});

describe('topCandidates (S_candi)', () => {
  it('takes the top U by free SRAM, extending until the sum covers the need, skipping n_cur and full switches', () => {
    const free = Float64Array.of(100, 50, 0, 80, 80, -5, 30);
    expect(topCandidates(free, 0, 2, 100)).toEqual([3, 4]); // 80 + 80 ≥ 100
    expect(topCandidates(free, 0, 2, 200)).toEqual([3, 4, 1, 6]); // 160 < 200: U doubles → 240
    expect(topCandidates(free, 3, 1, 10)).toEqual([0]);
    expect(topCandidates(free, 0, 2, 10_000)).toEqual([3, 4, 1, 6]); // everything with room, still short
  });
});

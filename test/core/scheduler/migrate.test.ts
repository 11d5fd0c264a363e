import { describe, expect, it } from 'vitest';
import { DEFAULT_SCHEDULER_SETTINGS, migrate, type Decision, type SchedulerSettings } from '../../../src/core/scheduler';
import { figures, testbedCase } from './fixtures';

const settings: SchedulerSettings = { ...DEFAULT_SCHEDULER_SETTINGS, deltaX: 2000, candidates: 4, cooldownMs: 60_000 };

describe('migrate (Algorithm 2, eq. 5–7) on the testbed', () => {
  it('moves the heavy rule to core1 by least I, with E_mig and E_reroute as computed by hand', () => {
    const { graph, model } = testbedCase();
    // access1 sees r1 at 1,500 sessions (x_r = 100 → excess 1,400; ΔX = 2,000) at its expected 10 Gbps.
    const out = migrate(model, settings, {
      switchName: 'access1',
      observations: [{ ruleId: 'r1', sessions: 1500, gbps: 10 }, { ruleId: 'r3', sessions: 100, gbps: 0.5 }],
      switches: figures(graph, { access1: 1600, access2: 50 }, { access1: 1400 }),
      history: [], now: 0,
    }) as Decision;
    expect(out.kind).toBe('decision');
    expect(out.aboveEstimate).toBe(1); // R_Δ^full = {r1} (r3 is at its estimate)
    // S_candi by free SRAM T_SRAM − m_n (58,982 each): core1, access3 (58,982) before access2 (58,932).
    expect(out.candidates).toEqual(['core1', 'access3', 'access2']);
    expect(out.moves).toHaveLength(1);
    const m = out.moves[0];
    expect([m.ruleId, m.from, m.to, m.sessions, m.excess, m.topK]).toEqual(['r1', 'access1', 'core1', 1500, 1400, true]);
    // r1 ∈ R_k (k = 20 % of 3 rules → 1, the largest y_r). The server links of server1 and server2 carry r1 and r3:
    // ρ = 10.5/100, F = 2/(1 − 0.105) = 2.23464 µs. T(r1) at access1 = 2 · 2.23464 = 4.4693 µs. At core1 the
    // access1–core1 link joins E(r1) (once) with ρ = 10/100, crossed up and down: T^new = 4.4693 + 2 · 1/(1 − 0.1)
    // = 6.6915 µs > T, so lines 5–7 do not apply: least I.
    expect(m.latencyBeforeUs).toBeCloseTo(4.4693, 3);
    expect(m.latencyAfterUs).toBeCloseTo(6.6915, 3);
    expect(m.choice).toBe('least-i');
    // Eq. 6: D_u = 256 B · 1 rule, D_s = 32 B · 1,500 sessions over access1–core1 (idle: B(e) = 100 Gbps):
    // w_u = 256·8 / (100·1000) = 0.02048 µs, w_s = 48,000·8 / 100,000 = 3.84 µs, E_mig = 3.84 µs.
    expect(out.wUUs).toBeCloseTo(0.02048, 6);
    expect(out.wSUs).toBeCloseTo(3.84, 6);
    expect(out.eMigUs).toBeCloseTo(3.84, 6);
    // Eq. 7: max(T^new(r1) = 6.6915, r2 and r3 outside R_k: T + ΔT^c). T(r2) = 2·2/(1 − 0.01) = 4.0404 → 5.0404;
    // T(r3) = 2 · 2.23464 = 4.4693 → 5.4693. E_reroute = 6.6915.
    expect(out.eRerouteUs).toBeCloseTo(6.6915, 3);
    // I = 0.5·3.84 + 0.5·6.6915 = 5.2658. The alternative access3 (same role, two hops: E_mig = 7.68,
    // T^new = 2·(2.23464 + 2·1.1111) = 8.9138) would give I = 8.2969.
    expect(out.objective).toBeCloseTo(5.2658, 3);
    expect(out.resolved).toBe(true);
    expect(out.after[0]).toMatchObject({ switch: 'access1', occupancy: 100, deltaX: 0 });
    expect(out.after[1]).toMatchObject({ switch: 'core1', occupancy: 1500, deltaX: 1400 });
  });

  it('takes the first other-role candidate for a rule outside R_k (lines 3–4)', () => {
    const { graph, model } = testbedCase();
    const out = migrate(model, settings, {
      switchName: 'access1',
      observations: [{ ruleId: 'r1', sessions: 100, gbps: 10 }, { ruleId: 'r3', sessions: 1200, gbps: 0.5 }],
      switches: figures(graph, { access1: 1300, core1: 10 }, { access1: 1100 }),
      history: [], now: 0,
    }) as Decision;
    expect(out.moves.map((m) => [m.ruleId, m.to, m.choice, m.topK])).toEqual([['r3', 'core1', 'role-diff', false]]);
    // Outside R_k: T^new = T + ΔT^c = 4.4693 + 1.
    expect(out.moves[0].latencyAfterUs).toBeCloseTo(5.4693, 3);
  });

  it('keeps the model unchanged (state restored) and is deterministic', () => {
    const { graph, model } = testbedCase();
    const load = model.state.load.slice();
    const input = {
      switchName: 'access1', observations: [{ ruleId: 'r1', sessions: 1500, gbps: 30 }],
      switches: figures(graph, { access1: 1600 }, { access1: 1400 }), history: [], now: 0,
    };
    const a = migrate(model, settings, input);
    const b = migrate(model, settings, input);
    expect(b).toEqual(a);
    for (let l = 0; l < load.length; l++) expect(model.state.load[l]).toBeCloseTo(load[l], 9);
    expect(Array.from(model.state.owner)).toEqual([graph.indexOf('access1'), graph.indexOf('access2'), graph.indexOf('access1')]);
  });

  it('respects δx^new ≤ ΔX and m ≤ T_SRAM on the destination, and says so when no switch fits', () => {
    const { graph, model } = testbedCase();
    // Every other switch is near T_SRAM (58,982): none has room for 1,500 sessions.
    const out = migrate(model, settings, {
      switchName: 'access1', observations: [{ ruleId: 'r1', sessions: 1500, gbps: 10 }],
      switches: figures(graph, { access1: 1600, core1: 58_000, access2: 58_000, access3: 58_000 }, { access1: 1400 }),
      history: [], now: 0,
    });
    expect(out.kind).toBe('no-move');
    // Room, but core1 and access2 are already 700 above their estimates: 700 + 1,400 > ΔX = 2,000 → skipped.
    const out2 = migrate(model, settings, {
      switchName: 'access1', observations: [{ ruleId: 'r1', sessions: 1500, gbps: 10 }],
      switches: figures(graph, { access1: 1600 }, { access1: 1400, core1: 700, access2: 700, access3: -500 }),
      history: [], now: 0,
    }) as Decision;
    expect(out2.moves[0]).toMatchObject({ to: 'access3', deltaXRelaxed: false });
    for (const a of out2.after.slice(1)) {
      expect(a.deltaX).toBeLessThanOrEqual(settings.deltaX);
      expect(a.occupancy).toBeLessThanOrEqual(a.sramThreshold);
    }
  });

  it('relaxes δx ≤ ΔX (never m ≤ T_SRAM) when the rule alone exceeds ΔX, and flags it', () => {
    const { graph, model } = testbedCase();
    const out = migrate(model, { ...settings, deltaX: 1000 }, {
      switchName: 'access1', observations: [{ ruleId: 'r1', sessions: 1500, gbps: 10 }],
      switches: figures(graph, { access1: 1600 }, { access1: 1400 }), history: [], now: 0,
    }) as Decision;
    expect(out.moves[0]).toMatchObject({ ruleId: 'r1', to: 'core1', deltaXRelaxed: true });
  });

  it('relieves SRAM when nothing is above its estimate but m_n > T_SRAM', () => {
    const { graph, model } = testbedCase();
    const out = migrate(model, settings, {
      switchName: 'access1',
      observations: [{ ruleId: 'r1', sessions: 50, gbps: 10 }, { ruleId: 'r3', sessions: 90, gbps: 0.5 }],
      switches: figures(graph, { access1: 59_000 }, { access1: -60 }), history: [], now: 0,
    }) as Decision;
    expect(out.kind).toBe('decision');
    expect(out.moves[0]).toMatchObject({ ruleId: 'r3', cause: 'sram-relief' });
  });

  it('does not move a rule again within its cool-down (hysteresis)', () => {
    const { graph, model } = testbedCase();
    const out = migrate(model, settings, {
      switchName: 'access1', observations: [{ ruleId: 'r1', sessions: 1500, gbps: 10 }],
      switches: figures(graph, { access1: 1600 }, { access1: 1400 }),
      history: [{ ruleId: 'r1', from: 'core1', to: 'access1', at: 1000 }], now: 30_000,
    });
    expect(out).toMatchObject({ kind: 'no-move', skipped: [{ ruleId: 'r1', reason: 'moved recently (cool-down)' }] });
  });

  it('names the field of bad input', () => {
    const { graph, model } = testbedCase();
    expect(migrate(model, settings, {
      switchName: 'server1', observations: [], switches: figures(graph, {}), history: [], now: 0,
    })).toMatchObject({ kind: 'invalid', field: 'switchName' });
    expect(migrate(model, settings, {
      switchName: 'access1', observations: [{ ruleId: 'r1', sessions: -1, gbps: 0 }], switches: figures(graph, {}), history: [], now: 0,
    })).toMatchObject({ kind: 'invalid', field: 'observations[0].sessions' });
  });
});

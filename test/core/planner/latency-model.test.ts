import { describe, expect, it } from 'vitest';
import { buildFabricGraph } from '../../../src/core/fabric/graph';
import type { FabricDocument } from '../../../src/core/fabric/types';
import { linkDelayUs, linkUtilization, plan, RHO_CAP } from '../../../src/core/planner';

/**
 * A hand-computed fabric (eq. 1–3):
 *
 *   s1 ─(2 µs, 10 Gbps)─ access1 ─(1 µs, 10 Gbps)─ core1 ─(1 µs, 10 Gbps)─ access2 ─(2 µs, 10 Gbps)─ s2
 *
 * r1: Q = {s1}, K = {s2}, y = 5 Gbps. Its only owner without a detour is core1 (S_high: access1 and access2
 * meet there), and E(r1) is every link: ρ = 5/10 = 0.5 on the switch links.
 * r2: Q = K = {s1}, y = 2.5 Gbps. Owner access1 keeps it off the switch links (E(r2) = {s1–access1}).
 *
 * Loads then: s1–access1 carries r1 + r2 = 7.5 Gbps → ρ = 0.75 → F = 2 / 0.25 = 8 µs;
 * access1–core1 and core1–access2 carry r1: ρ = 0.5 → F = 1 / 0.5 = 2 µs; access2–s2: ρ = 0.5 → F = 4 µs.
 * T(r1) = T_LB + T_SVC = (8 + 2) + (2 + 4) = 16 µs;  T(r2) = 8 (s1 → access1) + 8 (access1 → s1) = 16 µs.
 * Had r2 gone to core1, access1–core1 would carry 7.5 Gbps (F = 4 µs) and T(r1) = 8 + 4 + 2 + 4 = 18 µs,
 * so the optimum is T = 16 µs with r2 on access1.
 */
function handFabric(): FabricDocument {
  const sw = (name: string, role: 'access' | 'core') => ({ name, role, vtepIp: '10.0.0.1', sramCapacity: 100, sramThreshold: 90 });
  return {
    name: 'hand',
    switches: [sw('core1', 'core'), sw('access1', 'access'), sw('access2', 'access')],
    servers: [
      { name: 's1', vtepIp: '10.1.0.1', accessSwitch: 'access1' },
      { name: 's2', vtepIp: '10.1.0.2', accessSwitch: 'access2' },
    ],
    links: [
      { a: 's1', b: 'access1', bandwidthGbps: 10, baseLatencyUs: 2 },
      { a: 'access1', b: 'core1', bandwidthGbps: 10, baseLatencyUs: 1 },
      { a: 'access2', b: 'core1', bandwidthGbps: 10, baseLatencyUs: 1 },
      { a: 's2', b: 'access2', bandwidthGbps: 10, baseLatencyUs: 2 },
    ],
    pods: [],
  };
}

describe('latency model (eq. 1–3)', () => {
  it('F(e) = T_base / (1 − ρ) and never divides by ≤ 0', () => {
    expect(linkUtilization(25, 100)).toBe(0.25);
    expect(linkDelayUs(1, 50, 100)).toBe(2);
    expect(linkDelayUs(3, 0, 100)).toBe(3);
    // ρ = 1.5: capped at RHO_CAP, finite.
    expect(linkDelayUs(1, 150, 100)).toBeCloseTo(1 / (1 - RHO_CAP), 9);
    expect(Number.isFinite(linkDelayUs(1, 1, 0))).toBe(true);
  });

  it('plans the hand-computed fabric: owners, T(r), T, x(n), ρ(e)', () => {
    const g = buildFabricGraph(handFabric());
    const s1 = g.indexOf('s1')!, s2 = g.indexOf('s2')!;
    const out = plan({
      graph: g,
      rules: [
        { id: 'r1', requesters: [s1], backends: [s2], expectedSessions: 10, expectedGbps: 5 },
        { id: 'r2', requesters: [s1], backends: [s1], expectedSessions: 7, expectedGbps: 2.5 },
      ],
    }, { seed: 1 });
    if (out.kind !== 'plan') throw new Error(JSON.stringify(out));
    expect(g.nameOf(out.owners[0])).toBe('core1');
    expect(g.nameOf(out.owners[1])).toBe('access1');
    expect(out.latencyUs[0]).toBeCloseTo(16, 9);
    expect(out.latencyUs[1]).toBeCloseTo(16, 9);
    expect(out.objectiveUs).toBeCloseTo(16, 9);
    expect(Array.from(out.linkUtilization)).toEqual([0.75, 0.5, 0.5, 0.5]);
    expect(out.switchLoad[g.indexOf('core1')!]).toBe(10);
    expect(out.switchLoad[g.indexOf('access1')!]).toBe(7);
    expect(out.overloads).toEqual([]);
  });

  it('reports links with ρ ≥ 1 as overloads and keeps T(r) finite', () => {
    const g = buildFabricGraph(handFabric());
    const s1 = g.indexOf('s1')!, s2 = g.indexOf('s2')!;
    const out = plan({ graph: g, rules: [{ id: 'r1', requesters: [s1], backends: [s2], expectedSessions: 1, expectedGbps: 12 }] });
    if (out.kind !== 'plan') throw new Error(JSON.stringify(out));
    expect(out.overloads.map((o) => `${o.a}-${o.b}`)).toEqual(['s1-access1', 'access1-core1', 'access2-core1', 's2-access2']);
    expect(out.overloads[0].rho).toBeCloseTo(1.2, 12);
    expect(Number.isFinite(out.objectiveUs)).toBe(true);
  });
});

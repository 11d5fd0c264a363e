import { describe, expect, it } from 'vitest';
import type { FullRuleEntry } from '../../../src/core/desired-state';
import { chooseBackend, mulberry32, unpinnedBackend, type SessionFlow } from '../../../src/core/reconcile';

function rule(kind: FullRuleEntry['lbPolicy']['kind'], weights = [80, 20]): FullRuleEntry {
  return {
    vni: 7, ruleId: 'r', lbPolicy: { kind } as FullRuleEntry['lbPolicy'], expectedSessions: 10,
    backends: weights.map((weight, i) => ({ pod: `p${i}`, ip: `10.2.0.${i + 1}`, nodeVtepIp: `10.0.1.${i + 1}`, weight })),
  };
}

function flow(i: number, src = `10.3.${(i >> 8) & 255}.${i & 255}`): SessionFlow {
  return { vni: 7, srcIp: src, dstIp: '10.9.0.1', protocol: 6, srcPort: 10000 + (i % 50000), dstPort: 9080 };
}

function shares(pick: (i: number) => string | undefined, n: number): Record<string, number> {
  const counts: Record<string, number> = {};
  for (let i = 0; i < n; i++) {
    const ip = pick(i) ?? 'none';
    counts[ip] = (counts[ip] ?? 0) + 1;
  }
  return counts;
}

describe('chooseBackend', () => {
  it('RANDOM: weighted random with injected randomness, 80/20 within 2 points over 20,000 sessions', () => {
    const random = mulberry32(1);
    const r = rule('RANDOM');
    const c = shares((i) => chooseBackend(r, flow(i), { random })?.nodeVtepIp, 20_000);
    expect(Math.abs(c['10.0.1.1'] / 20_000 - 0.8)).toBeLessThan(0.02);
    expect(c['10.0.1.1'] + c['10.0.1.2']).toBe(20_000);
  });

  it('RANDOM: the same seed gives the same choices', () => {
    const r = rule('RANDOM');
    const a = mulberry32(9), b = mulberry32(9);
    for (let i = 0; i < 100; i++) expect(chooseBackend(r, flow(i), { random: a })).toBe(chooseBackend(r, flow(i), { random: b }));
  });

  it('CONSISTENT_HASH_SOURCE_IP: one backend per source IP whatever the ports and randomness; weights respected', () => {
    const r = rule('CONSISTENT_HASH_SOURCE_IP');
    const first = chooseBackend(r, flow(1, '10.7.7.7'), { random: () => 0 });
    for (let i = 0; i < 50; i++) expect(chooseBackend(r, { ...flow(i, '10.7.7.7') }, { random: () => 0.999 })).toBe(first);
    const c = shares((i) => chooseBackend(r, flow(i), { random: () => 0 })?.nodeVtepIp, 20_000);
    expect(Math.abs(c['10.0.1.1'] / 20_000 - 0.8)).toBeLessThan(0.03);
  });

  it('CONSISTENT_HASH_SOURCE_IP: removing one backend moves only the sources that were on it', () => {
    const before = rule('CONSISTENT_HASH_SOURCE_IP', [40, 30, 30]);
    const after = { ...before, backends: before.backends.filter((b) => b.pod !== 'p2') };
    for (let i = 0; i < 2000; i++) {
      const a = chooseBackend(before, flow(i), { random: () => 0 })!;
      const b = chooseBackend(after, flow(i), { random: () => 0 })!;
      if (a.pod !== 'p2') expect(b.pod).toBe(a.pod);
    }
  });

  it('ROUND_ROBIN: smooth weighted round robin gives exact shares per cycle', () => {
    const r = rule('ROUND_ROBIN', [3, 1]);
    const state = new Map<number, number[]>();
    const picks = Array.from({ length: 8 }, (_, i) => chooseBackend(r, flow(i), { random: () => 0, roundRobin: state })!.pod);
    expect(picks.filter((p) => p === 'p0')).toHaveLength(6);
    expect(picks.slice(0, 4)).toEqual(['p0', 'p0', 'p1', 'p0']);
  });

  it('LEAST_REQUEST: of two picks, the one with fewer active sessions per weight', () => {
    const r = rule('LEAST_REQUEST', [50, 50]);
    const seq = [0.1, 0.9];
    let k = 0;
    const picked = chooseBackend(r, flow(1), { random: () => seq[k++ % 2], activeSessions: (_v, ip) => (ip === '10.0.1.1' ? 10 : 1) });
    expect(picked!.pod).toBe('p1');
  });

  it('answers undefined when no backend has a positive weight', () => {
    expect(chooseBackend(rule('RANDOM', [0, 0]), flow(1), { random: () => 0.5 })).toBeUndefined();
    expect(unpinnedBackend(rule('RANDOM', []), flow(1))).toBeUndefined();
  });
});

describe('unpinnedBackend', () => {
  it('maps every packet of a flow to one backend and spreads flows by weight', () => {
    const r = rule('RANDOM');
    for (let i = 0; i < 100; i++) expect(unpinnedBackend(r, flow(i))).toBe(unpinnedBackend(r, { ...flow(i) }));
    const c = shares((i) => unpinnedBackend(r, flow(i))?.nodeVtepIp, 20_000);
    expect(Math.abs(c['10.0.1.1'] / 20_000 - 0.8)).toBeLessThan(0.03);
  });
});

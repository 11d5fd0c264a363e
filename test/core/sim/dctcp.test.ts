import { describe, expect, it } from 'vitest';
import { cpuLatencyMultiplier, createCpuStation, serveRequest } from '../../../src/core/sim/cpu-station';
import { dctcpRound } from '../../../src/core/sim/dctcp';

const P = { g: 1 / 16, mssBits: 12000, maxWindowBits: 1e9 };

describe('DCTCP round', () => {
  it('with α = 1 a fully marked window halves (the TCP-like worst case)', () => {
    const s = { cwnd: 120_000, ssthresh: Infinity, alpha: 1 };
    dctcpRound(s, 1, P);
    expect(s.alpha).toBe(1);
    expect(s.cwnd).toBe(60_000);
    expect(s.ssthresh).toBe(60_000);
  });

  it('α tracks the marked fraction with gain g', () => {
    const s = { cwnd: 120_000, ssthresh: 0, alpha: 0.5 };
    dctcpRound(s, 0, P);
    expect(s.alpha).toBeCloseTo(0.5 * 15 / 16, 15);
    expect(s.cwnd).toBe(132_000); // congestion avoidance: + 1 MSS
  });

  it('slow start doubles up to the ceiling', () => {
    const s = { cwnd: 120_000, ssthresh: Infinity, alpha: 0 };
    dctcpRound(s, 0, { ...P, maxWindowBits: 200_000 });
    expect(s.cwnd).toBe(200_000);
  });
});

describe('sidecar CPU model (paper §II-B)', () => {
  it('latency multiplier: 1 up to 45 %, 2 up to 75 %, 100 at 100 %', () => {
    expect(cpuLatencyMultiplier(0.45)).toBe(1);
    expect(cpuLatencyMultiplier(0.6)).toBe(2);
    expect(cpuLatencyMultiplier(0.875)).toBeCloseTo(51, 12);
    expect(cpuLatencyMultiplier(1)).toBe(100);
  });

  it('a FIFO of c cores: the third request on two busy cores waits for one', () => {
    const st = createCpuStation(2, 1e-3, false);
    expect(serveRequest(st, 0)).toBeCloseTo(1e-3, 15);
    expect(serveRequest(st, 0)).toBeCloseTo(1e-3, 15);
    expect(serveRequest(st, 0)).toBeCloseTo(2e-3, 15);
  });
});

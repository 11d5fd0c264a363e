import { describe, expect, it } from 'vitest';
import type { SwitchPort } from '../../../src/core/desired-state/types';
import { linkSamples } from '../../../switch-agent/agent/link-utilization';

const PORTS: SwitchPort[] = [
  { port: 1, neighbour: 'access1', neighbourIp: '10.0.0.1', neighbourMac: '02:00:0a:00:00:01', bandwidthGbps: 10 },
  { port: 2, neighbour: 'access2', neighbourIp: '10.0.0.2', neighbourMac: '02:00:0a:00:00:02', bandwidthGbps: 40 },
];

describe('linkSamples', () => {
  it('turns two byte counts into Gbps and ρ(e) = Gbps / B_max(e) per port', () => {
    // 125,000,000 bytes in 1 s = 1 Gbps; 2.5e9 bytes in 1 s = 20 Gbps.
    const out = linkSamples(PORTS, new Map([[1, 1_000n], [2, 0n]]), new Map([[1, 125_001_000n], [2, 2_500_000_000n]]), 1000);
    expect(out).toEqual([
      { port: 1, neighbour: 'access1', gbps: 1, utilization: 0.1 },
      { port: 2, neighbour: 'access2', gbps: 20, utilization: 0.5 },
    ]);
  });

  it('reports nothing without a previous read, and counts from zero when a counter started over', () => {
    expect(linkSamples(PORTS, undefined, new Map([[1, 5n]]), 1000)).toEqual([]);
    const [restarted] = linkSamples(PORTS.slice(0, 1), new Map([[1, 1_000_000_000n]]), new Map([[1, 62_500_000n]]), 500);
    expect(restarted).toEqual({ port: 1, neighbour: 'access1', gbps: 1, utilization: 0.1 });
  });
});

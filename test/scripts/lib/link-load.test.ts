import { describe, expect, it } from 'vitest';
import type { TelemetryReport } from '../../../src/core/desired-state/telemetry-types';
import { formatLinkLoads, peakLinkLoads } from '../../../scripts/lib/link-load';

function report(links: TelemetryReport['links']): TelemetryReport {
  return {
    appliedPlanVersion: 1, intervalMs: 1000, reason: 'interval', occupancy: 0, capacity: 100, misses: 0, drops: 0,
    overflows: 0, aged: 0, newSessions: 0, rules: [], links,
  };
}

describe('link load of the demo', () => {
  it('keeps each link\'s peak over the reports, and draws bars scaled to the busiest link', () => {
    const loads = peakLinkLoads(new Map([
      ['core1', [report([{ port: 2, neighbour: 'access2', gbps: 0.001, utilization: 0.0001 }]), report([{ port: 2, neighbour: 'access2', gbps: 0.002, utilization: 0.0002 }, { port: 1, neighbour: 'access1', gbps: 0, utilization: 0 }])]],
      ['access1', [report([{ port: 1, neighbour: 'core1', gbps: 0.0005, utilization: 0.00005 }])]],
    ]));
    expect(loads.map((l) => [l.switch, l.neighbour, l.gbps])).toEqual([['access1', 'core1', 0.0005], ['core1', 'access1', 0], ['core1', 'access2', 0.002]]);
    const lines = formatLinkLoads(loads, 10).split('\n');
    expect(lines.map((l) => (l.match(/█/g) ?? []).length)).toEqual([3, 0, 10]);
    expect(lines[2]).toMatch(/core1 +→ access2 +█{10} +2\.00 Mbit\/s +ρ 0\.0200 %/);
    expect(formatLinkLoads([])).toBe('(no link telemetry yet)');
  });
});

import type { TelemetryReport } from '../../src/core/desired-state/telemetry-types';

/** One link's load as its switch's agent reported it. */
export interface LinkLoad {
  switch: string;
  neighbour: string;
  port: number;
  /** Highest over the reports looked at. */
  gbps: number;
  /** ρ(e) of that report. */
  utilization: number;
}

/**
 * Each link's peak load over some telemetry reports of each switch (sorted by switch, then port).
 *
 * @example
 * peakLinkLoads(new Map([['core1', [report]]]));
 */
export function peakLinkLoads(reportsBySwitch: ReadonlyMap<string, readonly TelemetryReport[]>): LinkLoad[] {
  const peaks = new Map<string, LinkLoad>();
  for (const [sw, reports] of reportsBySwitch) {
    for (const report of reports) {
      for (const l of report.links) {
        const key = `${sw}\u0000${l.port}`;
        const seen = peaks.get(key);
        if (!seen || l.gbps > seen.gbps) peaks.set(key, { switch: sw, neighbour: l.neighbour ?? `port ${l.port}`, port: l.port, gbps: l.gbps, utilization: l.utilization });
      }
    }
  }
  return [...peaks.values()].sort(function bySwitchThenPort(a, b) { return a.switch.localeCompare(b.switch) || a.port - b.port; });
}

/**
 * A bar per link, scaled to the busiest one (loopback traffic is a sliver of a 100 Gbps link, so ρ(e) itself
 * would draw nothing), with Mbit/s and ρ(e) in figures.
 *
 * @example
 * console.log(formatLinkLoads(peakLinkLoads(reports)));
 * // core1   → access2    ██████████████████████████████   1.92 Mbit/s  ρ 0.0019 %
 */
export function formatLinkLoads(loads: readonly LinkLoad[], width = 30): string {
  if (loads.length === 0) return '(no link telemetry yet)';
  const max = Math.max(...loads.map((l) => l.gbps));
  return loads.map(function line(l) {
    const cells = max > 0 ? Math.round((l.gbps / max) * width) : 0;
    const bar = '█'.repeat(cells) + '·'.repeat(width - cells);
    return `${l.switch.padEnd(8)} → ${l.neighbour.padEnd(10)} ${bar} ${(l.gbps * 1000).toFixed(2).padStart(8)} Mbit/s  ρ ${(l.utilization * 100).toFixed(4)} %`;
  }).join('\n');
}

import type { SwitchPort } from '../../src/core/desired-state/types';
import type { TelemetryLinkSample } from '../../src/core/desired-state/telemetry-types';

/** port_tx_counter's byte count per port at one moment. */
export type PortBytes = ReadonlyMap<number, bigint>;

/**
 * Each port's link load over an interval from two reads of port_tx_counter: gbps = Δbytes · 8 / interval and
 * the utilization ρ(e) = gbps / B_max(e). A count below the previous one means the counter started over (a new
 * pipeline or a switch restart): the interval then counts from zero. Without a previous read nothing is known
 * yet and no link is reported. Pure.
 *
 * @example
 * linkSamples(ports, new Map([[1, 0n]]), new Map([[1, 125_000_000n]]), 1000);
 * // [{ port: 1, neighbour: 'access1', gbps: 1, utilization: 0.1 }] for a 10 Gbps link
 */
export function linkSamples(ports: readonly SwitchPort[], previous: PortBytes | undefined, current: PortBytes, intervalMs: number): TelemetryLinkSample[] {
  if (!previous || intervalMs <= 0) return [];
  const out: TelemetryLinkSample[] = [];
  for (const p of ports) {
    const now = current.get(p.port);
    if (now === undefined) continue;
    const before = previous.get(p.port) ?? 0n;
    const bytes = now >= before ? now - before : now;
    const gbps = (Number(bytes) * 8) / (intervalMs * 1e6);
    out.push({ port: p.port, neighbour: p.neighbour, gbps, utilization: p.bandwidthGbps > 0 ? gbps / p.bandwidthGbps : 0 });
  }
  return out;
}

/**
 * The telemetry reporter against a real software switch (in-process P4Runtime server over loopback gRPC). The
 * control plane is a stand-in object that records reports and can hold one in flight.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { TelemetryReport } from '../../../src/core/desired-state/telemetry-types';
import { newAgentCounters } from '../../../switch-agent/agent/agent-counters';
import { SessionTracker } from '../../../switch-agent/agent/session-tracker';
import { TelemetryReporter } from '../../../switch-agent/agent/telemetry-reporter';
import { loadP4InfoFile } from '../../../switch-agent/p4info/load-p4info';
import { P4InfoHelper } from '../../../switch-agent/p4info/p4info-helper';
import { createP4RuntimeClient } from '../../../switch-agent/p4runtime/client';
import { createP4RuntimeServer } from '../../../switch-agent/p4runtime/server';
import { createDataplane } from '../../../switch-agent/software-switch/dataplane';
import { createSwitchState } from '../../../switch-agent/software-switch/switch-state';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => { for (const c of cleanups.splice(0).reverse()) await c(); });

/** A software switch dataplane with its P4Runtime server, and a primary client that committed the pipeline. */
async function softwareSwitch() {
  const p4info = await loadP4InfoFile();
  const dataplane = createDataplane(createSwitchState({ tc_session_table: 1000 }), { transmit: () => true, toCpu: () => undefined, now: Date.now });
  const server = createP4RuntimeServer({ deviceId: 1, reference: p4info, host: dataplane });
  const port = await server.listen('127.0.0.1:0');
  cleanups.push(() => server.close());
  const client = createP4RuntimeClient();
  await client.connect(`127.0.0.1:${port}`);
  await client.becomePrimary(1, 1);
  await client.setPipeline(p4info);
  cleanups.push(() => client.close());
  return { p4info, dataplane, client };
}

describe('TelemetryReporter', () => {
  it('a report asked for while another is in flight (e.g. right after applying a plan) is sent right after it, not dropped', async () => {
    const { p4info, dataplane, client } = await softwareSwitch();

    const reports: TelemetryReport[] = [];
    let release: (() => void) | undefined;
    const held = new Promise<void>((resolve) => { release = resolve; });
    let applied = 1;
    const reporter = new TelemetryReporter({
      client, helper: new P4InfoHelper(p4info), tracker: new SessionTracker(), counters: newAgentCounters(), now: Date.now, log: () => undefined,
      controlPlane: {
        async postTelemetry(report) {
          reports.push(report);
          if (reports.length === 1) await held; // the first report stays in flight
          return undefined;
        },
      },
      applied: () => ({ planVersion: applied, hash: `h${applied}`, budget: { capacity: 1000, threshold: 900, expectedSessions: 0, idleTimeoutMs: 1000 }, ports: [] }),
    });
    const first = reporter.send('interval');
    await vi.waitFor(() => expect(reports).toHaveLength(1));
    applied = 2; // the agent applied a new plan meanwhile and asks for a report at once
    await reporter.send('interval');
    expect(reports).toHaveLength(1);
    release!();
    await first;
    await vi.waitFor(() => expect(reports).toHaveLength(2), { timeout: 10_000 });
    expect(reports.map((r) => r.appliedPlanVersion)).toEqual([1, 2]);
  });

  it('reports each port\'s link utilization from port_tx_counter, read over P4Runtime from the switch', async () => {
    const { p4info, dataplane, client } = await softwareSwitch();

    const reports: TelemetryReport[] = [];
    let clock = 10_000;
    const ports = [
      { port: 1, neighbour: 'access1', neighbourIp: '10.0.0.1', neighbourMac: '02:00:0a:00:00:01', bandwidthGbps: 0.001 },
      { port: 2, neighbour: 'access2', neighbourIp: '10.0.0.2', neighbourMac: '02:00:0a:00:00:02', bandwidthGbps: 0.001 },
    ];
    const reporter = new TelemetryReporter({
      client, helper: new P4InfoHelper(p4info), tracker: new SessionTracker(), counters: newAgentCounters(), now: () => clock, log: () => undefined,
      controlPlane: { async postTelemetry(report) { reports.push(report); return undefined; } },
      applied: () => ({ planVersion: 1, hash: 'h1', budget: { capacity: 1000, threshold: 900, expectedSessions: 0, idleTimeoutMs: 1000 }, ports }),
    });
    await reporter.send('interval');
    expect(reports[0].links).toEqual([]); // no earlier read to compare with
    // 100 frames of 250 bytes out of port 1 (a packet_out straight to a port, as the controller can send).
    for (let i = 0; i < 100; i++) dataplane.packetOut(new Uint8Array(250), 1);
    clock += 2000;
    await reporter.send('interval');
    // 25,000 bytes in 2 s = 100 kbit/s = 0.0001 Gbps; 10 % of a 1 Mbit/s link.
    expect(reports[1].links.map((l) => [l.port, l.neighbour, l.gbps, l.utilization])).toEqual([
      [1, 'access1', 0.0001, expect.closeTo(0.1, 12)], [2, 'access2', 0, 0],
    ]);
  });
});

/**
 * The agent as a real process against a real software switch process (P4Runtime over gRPC, UDP on loopback).
 * The control plane here is a stand-in serving desired state from the real compiler (see stub-control-plane.ts);
 * test/e2e runs the real one. One switch, core1 of the testbed, owns the reviews rule; the test's UDP sockets play
 * core1's neighbours access1 (sending, as if access1 had applied set_owner) and access2 (where the backends are).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DesiredStateInput } from '../../../src/core/desired-state';
import { testbedFabric } from '../../../src/core/fabric/generators/testbed-fabric';
import { buildFabricGraph } from '../../../src/core/fabric/graph';
import { loopbackLayout, startAgent, startSoftwareSwitch, switchPortsArg, type RunningSwitch } from '../../../scripts/lib/loopback-fabric';
import { ProcessGroup, type ManagedProcess } from '../../../scripts/lib/process-group';
import { ServerSockets, sessionKeyOf, type TrafficSession } from '../../../scripts/lib/vxlan-traffic';
import { range, reviewsRule, TOKEN, VNI } from './reviews-rule-fixture';
import { StubControlPlane } from './stub-control-plane';

const fabric = testbedFabric();
const graph = buildFabricGraph(fabric);
const layout = loopbackLayout(fabric, 180 + (process.pid % 40));

const rule = reviewsRule;

function input(planVersion: number, idleTimeoutMs = 60_000): DesiredStateInput {
  return { fabric, rules: [rule], owners: new Map([[rule.id, 'core1']]), planVersion, sessionIdleTimeoutMs: idleTimeoutMs };
}

describe('piggycar-agent with a software switch', () => {
  const group = new ProcessGroup({ cwd: path.resolve(__dirname, '../../..') });
  const dir = mkdtempSync(path.join(tmpdir(), 'piggycar-agent-'));
  const cp = new StubControlPlane(input(1), TOKEN);
  let sw: RunningSwitch;
  let agent: ManagedProcess;
  let sockets: ServerSockets;
  const via = { vtepIp: '10.0.0.11', accessIp: '10.0.0.1', access: layout.get('core1')! };

  function session(i: number): TrafficSession {
    return { vni: VNI, srcIp: '100.64.0.1', dstIp: '10.96.0.20', srcPort: 20000 + i, dstPort: 9080 };
  }

  function launchAgent(): ManagedProcess {
    return startAgent(group, {
      switchName: 'core1', controlPlane: cp.url, token: TOKEN, target: sw.grpcTarget, runtime: 'tsx',
      stateFile: path.join(dir, 'core1.json'), telemetryIntervalMs: 300, seed: 7, electionId: Date.now(),
    });
  }

  beforeAll(async () => {
    await cp.start();
    sockets = await ServerSockets.open(layout, ['access1', 'access2', 'access3']);
    sw = await startSoftwareSwitch(group, {
      name: 'core1', listen: layout.get('core1')!, ports: switchPortsArg(graph, 'core1', layout), agingIntervalMs: 100,
    });
    agent = launchAgent();
    await cp.waitForReport((r) => r.report.appliedPlanVersion === 1, 20_000);
  });

  afterAll(async () => {
    sockets?.close();
    await group.stopAll();
    await cp.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('pins new sessions on packet_in by the rule\'s weights and re-injects the packet; later packets hit the table', async () => {
    const n = 400;
    await sockets.sendPaced('access1', via, range(0, n).map(session), 0);
    await sockets.waitFor((r) => r >= n, 15_000);
    await sockets.sendPaced('access1', via, range(0, n).map(session), 1);
    await sockets.waitFor((r) => r >= 2 * n, 15_000);
    let toV1 = 0;
    for (let i = 0; i < n; i++) {
      const landed = sockets.landings.get(sessionKeyOf(session(i)))!;
      expect(landed).toHaveLength(2);
      expect(landed.every((l) => l.server === 'access2' && l.serviced)).toBe(true);
      expect(new Set(landed.map((l) => l.outerDst)).size, `session ${i} stayed on one backend`).toBe(1);
      if (landed[0].outerDst === '10.1.0.3') toV1++;
    }
    // 80/20 within ±8 points over 400 sessions (4 standard deviations).
    expect(Math.abs(toV1 / n - 0.8)).toBeLessThan(0.08);
    const report = await cp.waitForReport((r) => r.report.occupancy === n, 5_000);
    expect(report.rules.find((r) => r.vni === VNI)?.sessions).toBe(n);
    // Link utilization from the switch's port_tx_counter: every session left core1 toward access2.
    const loaded = await cp.waitForReport((r) => r.report.links.some((l) => l.neighbour === 'access2' && l.gbps > 0), 5_000);
    const toAccess2 = loaded.links.find((l) => l.neighbour === 'access2')!;
    const bandwidth = graph.link(graph.neighbours(graph.indexOf('core1')!).find((x) => graph.nameOf(x.node) === 'access2')!.link).bandwidthGbps;
    expect(toAccess2.utilization).toBeCloseTo(toAccess2.gbps / bandwidth, 12);
    expect(loaded.links.map((l) => l.neighbour).sort()).toEqual(graph.neighbours(graph.indexOf('core1')!).map((x) => graph.nameOf(x.node)).sort());
  });

  it('a killed and restarted agent breaks no session and keeps the pinned entries', async () => {
    await group.kill(agent);
    // Without any agent the switch keeps forwarding pinned sessions.
    const before = sockets.received;
    await sockets.sendPaced('access1', via, range(0, 50).map(session), 2);
    await sockets.waitFor((r) => r >= before + 50, 10_000);
    const reportsBefore = cp.reports.length;
    agent = launchAgent();
    const report = await cp.waitForReport((r) => r.report.appliedPlanVersion === 1 && r.report.occupancy === 400, 20_000, reportsBefore);
    expect(report.occupancy).toBe(400);
    expect(agent.lines.some((l) => /applied plan 1: 0 writes, 400 sessions kept, 0 stale removed/.test(l))).toBe(true);
    const mark = sockets.received;
    await sockets.sendPaced('access1', via, range(0, 400).map(session), 3);
    await sockets.waitFor((r) => r >= mark + 400, 10_000);
    for (let i = 0; i < 400; i++) {
      const landed = sockets.landings.get(sessionKeyOf(session(i)))!;
      expect(new Set(landed.map((l) => l.outerDst)).size).toBe(1);
    }
  });

  it('keeps the switch forwarding while the control plane is away, and reports again when it is back', async () => {
    const port = cp.port;
    await cp.stop();
    const mark = sockets.received;
    await sockets.sendPaced('access1', via, range(400, 450).map(session), 0);
    await sockets.waitFor((r) => r >= mark + 50, 10_000);
    await cp.start(port);
    const report = await cp.waitForReport((r) => r.report.occupancy === 450, 10_000);
    expect(report.appliedPlanVersion).toBe(1);
  });

  it('applies a new plan: sessions whose backend is gone are removed, valid ones stay', async () => {
    const withoutV2 = { ...rule, backends: [rule.backends[0]] };
    cp.setInput({ ...input(2), rules: [withoutV2] });
    const report = await cp.waitForReport((r) => r.report.appliedPlanVersion === 2 && r.report.reason !== 'startup', 10_000);
    const kept = report.occupancy;
    expect(kept).toBeGreaterThan(300);
    expect(kept).toBeLessThan(450);
    expect(agent.lines.some((l) => /applied plan 2: .* stale removed/.test(l))).toBe(true);
  });

  it('ages idle sessions out: IdleTimeoutNotification → delete, counted', async () => {
    cp.setInput({ ...input(3, 500), rules: [{ ...rule, backends: [rule.backends[0]] }] });
    await cp.waitForReport((r) => r.report.appliedPlanVersion === 3, 10_000);
    const mark = sockets.received;
    await sockets.sendPaced('access1', via, range(1000, 1010).map(session), 0);
    await sockets.waitFor((r) => r >= mark + 10, 10_000);
    const report = await cp.waitForReport((r) => r.report.aged > 0, 10_000);
    expect(report.aged).toBeGreaterThan(0);
    await cp.waitForReport((r) => r.report.occupancy < 400, 10_000);
  });
});

/**
 * tc_session_table full (a real software switch process with 8 session entries, the agent as a process): new
 * sessions are forwarded without pinning — every packet of such a session still reaches one backend (chosen by
 * hashing the flow) — and counted as overflows in telemetry, the online scheduler's signal. The control plane is
 * the stand-in of stub-control-plane.ts.
 */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testbedFabric } from '../../../src/core/fabric/generators/testbed-fabric';
import { buildFabricGraph } from '../../../src/core/fabric/graph';
import type { Rule } from '../../../src/core/rules/types';
import { loopbackLayout, startAgent, startSoftwareSwitch, switchPortsArg } from '../../../scripts/lib/loopback-fabric';
import { ProcessGroup } from '../../../scripts/lib/process-group';
import { ServerSockets, sessionKeyOf, type TrafficSession } from '../../../scripts/lib/vxlan-traffic';
import { StubControlPlane } from './stub-control-plane';

const VNI = 4242;
const fabric = testbedFabric();
const graph = buildFabricGraph(fabric);
const layout = loopbackLayout(fabric, 140 + (process.pid % 40));
const rule: Rule = {
  id: 'default/reviews/http/0', fabric: 'testbed', kind: 'http', priority: 0, vni: VNI,
  source: { kind: 'VirtualService', namespace: 'default', name: 'reviews', routeIndex: 0 }, hosts: [], match: [],
  requesters: [{ pod: 'productpage-v1-0', ip: '100.64.0.1', server: 'server1' }],
  backends: [
    { pod: 'reviews-v1-0', ip: '100.64.0.3', server: 'server3', nodeVtepIp: '10.1.0.3', weight: 50 },
    { pod: 'reviews-v2-0', ip: '100.64.0.4', server: 'server4', nodeVtepIp: '10.1.0.4', weight: 50 },
  ],
  lbPolicy: { kind: 'RANDOM' }, expectedSessions: 8, expectedGbps: 0.1, proxyActions: {}, warnings: [],
};

describe('slow path with a full tc_session_table', () => {
  const group = new ProcessGroup({ cwd: path.resolve(__dirname, '../../..') });
  const cp = new StubControlPlane({ fabric, rules: [rule], owners: new Map([[rule.id, 'core1']]), planVersion: 1 }, 'tok');
  let sockets: ServerSockets;
  const via = { vtepIp: '10.0.0.11', accessIp: '10.0.0.1', access: layout.get('core1')! };
  const sessions: TrafficSession[] = Array.from({ length: 40 }, (_, i) => ({ vni: VNI, srcIp: '100.64.0.1', dstIp: '10.96.0.9', srcPort: 5000 + i, dstPort: 9080 }));

  beforeAll(async () => {
    await cp.start();
    sockets = await ServerSockets.open(layout, ['access1', 'access2', 'access3']);
    const sw = await startSoftwareSwitch(group, {
      name: 'core1', listen: layout.get('core1')!, ports: switchPortsArg(graph, 'core1', layout), sessionCapacity: 8,
    });
    startAgent(group, { switchName: 'core1', controlPlane: cp.url, token: 'tok', target: sw.grpcTarget, runtime: 'tsx', telemetryIntervalMs: 300, seed: 3 });
    await cp.waitForReport((r) => r.report.appliedPlanVersion === 1, 20_000);
  });

  afterAll(async () => {
    sockets?.close();
    await group.stopAll();
    await cp.stop();
  });

  it('pins 8 sessions, forwards the other 32 unpinned (each consistently) and reports the overflow', async () => {
    for (let seq = 0; seq < 3; seq++) {
      const mark = sockets.received;
      await sockets.sendPaced('access1', via, sessions, seq, { burst: 10, gapMs: 5 });
      await sockets.waitFor((r) => r >= mark + sessions.length, 15_000);
    }
    for (const s of sessions) {
      const landed = sockets.landings.get(sessionKeyOf(s))!;
      expect(landed).toHaveLength(3);
      expect(landed.every((l) => l.server === 'access2' && l.serviced)).toBe(true);
      expect(new Set(landed.map((l) => l.outerDst)).size, `session ${s.srcPort}`).toBe(1);
    }
    const seen = new Set(sessions.map((s) => sockets.landings.get(sessionKeyOf(s))![0].outerDst));
    expect(seen).toEqual(new Set(['10.1.0.3', '10.1.0.4']));
    const report = await cp.waitForReport((r) => r.report.occupancy === 8, 5_000);
    expect(report.capacity).toBe(65536);
    // Counted once per unpinned session (not per packet), across the reports sent so far.
    const overflows = () => cp.reports.reduce((t, r) => t + r.report.overflows, 0);
    for (let i = 0; i < 50 && overflows() < 32; i++) await new Promise((r) => setTimeout(r, 100));
    expect(overflows()).toBe(32);
    expect(cp.reports.some((r) => r.report.reason === 'threshold')).toBe(true);
  });
});

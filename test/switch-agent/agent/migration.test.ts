/**
 * The agent's part of a rule migration (issue 7, make-before-break), as a real agent process against a real
 * software switch process; the control plane is the stand-in of stub-control-plane.ts serving desired state from
 * the real compiler with migration overlays, and recording the session exports. core1 of the testbed owns the
 * reviews rule; the test's UDP sockets play access1 (sending) and access2 (where the backends are).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fullRuleEntryOf, type DesiredStateInput } from '../../../src/core/desired-state';
import { testbedFabric } from '../../../src/core/fabric/generators/testbed-fabric';
import { buildFabricGraph } from '../../../src/core/fabric/graph';
import { unpinnedBackend } from '../../../src/core/reconcile/choose-backend';
import type { SessionEntry } from '../../../src/core/reconcile/types';
import type { MigrationOverlay } from '../../../src/core/scheduler/desired-state-overlay';
import { loopbackLayout, startAgent, startSoftwareSwitch, switchPortsArg, type RunningSwitch } from '../../../scripts/lib/loopback-fabric';
import { ProcessGroup, type ManagedProcess } from '../../../scripts/lib/process-group';
import { ServerSockets, sessionKeyOf, type TrafficSession } from '../../../scripts/lib/vxlan-traffic';
import { range, reviewsRule, TOKEN, VNI } from './reviews-rule-fixture';
import { StubControlPlane } from './stub-control-plane';

const fabric = testbedFabric();
const graph = buildFabricGraph(fabric);
const layout = loopbackLayout(fabric, 220 + (process.pid % 30));

const rule = reviewsRule;

function input(planVersion: number, migrations: MigrationOverlay[] = []): DesiredStateInput {
  return { fabric, rules: [rule], owners: new Map([[rule.id, 'core1']]), planVersion, sessionIdleTimeoutMs: 60_000, migrations };
}

function session(i: number): TrafficSession {
  return { vni: VNI, srcIp: '100.64.0.1', dstIp: '10.96.0.30', srcPort: 30000 + i, dstPort: 9080 };
}

function entry(s: TrafficSession, backendIp: string): SessionEntry {
  return { ...s, protocol: 6, backendIp };
}

describe('piggycar-agent during a rule migration', () => {
  const group = new ProcessGroup({ cwd: path.resolve(__dirname, '../../..') });
  const dir = mkdtempSync(path.join(tmpdir(), 'piggycar-agent-mig-'));
  const cp = new StubControlPlane(input(1), TOKEN);
  let sw: RunningSwitch;
  let agent: ManagedProcess;
  let sockets: ServerSockets;
  const via = { vtepIp: '10.0.0.11', accessIp: '10.0.0.1', access: layout.get('core1')! };

  /** Sends one packet of each session and waits until all have landed. */
  async function send(ids: number[], seq: number): Promise<void> {
    const mark = sockets.received;
    await sockets.sendPaced('access1', via, ids.map(session), seq);
    await sockets.waitFor((r) => r >= mark + ids.length, 15_000);
  }

  function backendsOf(i: number): Set<string> {
    return new Set((sockets.landings.get(sessionKeyOf(session(i))) ?? []).map((l) => l.outerDst));
  }

  async function waitForExport(migrationId: string, status: number): Promise<void> {
    const deadline = Date.now() + 15_000;
    while (!cp.exports.some((e) => e.migrationId === migrationId && e.status === status)) {
      if (Date.now() > deadline) throw new Error(`no export of ${migrationId} answered ${status}; got ${JSON.stringify(cp.exports.map((e) => [e.migrationId, e.status]))}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  beforeAll(async () => {
    await cp.start();
    sockets = await ServerSockets.open(layout, ['access1', 'access2', 'access3']);
    sw = await startSoftwareSwitch(group, { name: 'core1', listen: layout.get('core1')!, ports: switchPortsArg(graph, 'core1', layout) });
    agent = startAgent(group, {
      switchName: 'core1', controlPlane: cp.url, token: TOKEN, target: sw.grpcTarget, runtime: 'tsx',
      stateFile: path.join(dir, 'core1.json'), telemetryIntervalMs: 300, seed: 7, electionId: Date.now(),
    });
    await cp.waitForReport((r) => r.report.appliedPlanVersion === 1, 20_000);
  });

  afterAll(async () => {
    sockets?.close();
    await group.stopAll();
    await cp.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('old owner: exports the pinned sessions of the moving rule (retrying after a failure) and pins new ones by flow hash', async () => {
    await send(range(0, 40), 0);
    cp.exportAnswers = [503];
    cp.setInput(input(2, [{ migrationId: 'mig-out', ruleId: rule.id, vni: VNI, from: 'core1', to: 'access2', phase: 'prepare', sessions: [] }]));
    await waitForExport('mig-out', 204);
    const posts = cp.exports.filter((e) => e.migrationId === 'mig-out');
    expect(posts.map((p) => p.status)).toEqual([503, 204]);
    const accepted = posts[1].body;
    expect(accepted.ruleId).toBe(rule.id);
    expect(accepted.sessions).toHaveLength(40);
    for (const i of range(0, 40)) {
      const exported = accepted.sessions.find((s) => s.srcPort === session(i).srcPort)!;
      expect(exported, `session ${i} exported`).toBeDefined();
      expect([...backendsOf(i)], `session ${i}`).toEqual([exported.backendIp]);
    }
    // New sessions of the moving rule: the backend both owners compute from the flow alone.
    await cp.waitForReport((r) => r.report.appliedPlanVersion === 2, 10_000);
    await send(range(100, 160), 0);
    const full = fullRuleEntryOf(rule);
    for (const i of range(100, 160)) {
      expect([...backendsOf(i)], `session ${i}`).toEqual([unpinnedBackend(full, entry(session(i), ''))!.nodeVtepIp]);
    }
  });

  it('old owner: stops exporting when the control plane answers 409', async () => {
    const overlay: MigrationOverlay = { migrationId: 'mig-409', ruleId: rule.id, vni: VNI, from: 'core1', to: 'access2', phase: 'prepare', sessions: [] };
    cp.exportAnswers = [409];
    cp.setInput(input(3, [overlay]));
    await waitForExport('mig-409', 409);
    await agent.waitForLine((l) => l.includes('migration mig-409: control plane no longer takes sessions'), 10_000);
    // A later desired state still listing the export does not start it again.
    cp.setInput(input(4, [overlay]));
    await cp.waitForReport((r) => r.report.appliedPlanVersion === 4, 10_000);
    expect(cp.exports.filter((e) => e.migrationId === 'mig-409')).toHaveLength(1);
  });

  it('new owner: inserts the copied sessions with their backends, never modifying a session already on the switch', async () => {
    const before = (await cp.waitForReport((r) => r.report.appliedPlanVersion === 4, 10_000)).occupancy;
    const copied = range(200, 230).map((i) => entry(session(i), '10.1.0.4'));
    // Session 0 is live on the switch; the copy claims another backend, which must not replace it.
    const live = [...backendsOf(0)][0];
    const clash = entry(session(0), live === '10.1.0.3' ? '10.1.0.4' : '10.1.0.3');
    const mark = cp.reports.length;
    cp.setInput(input(5, [{ migrationId: 'mig-in', ruleId: rule.id, vni: VNI, from: 'access2', to: 'core1', phase: 'switch', sessions: [...copied, clash] }]));
    const report = await cp.waitForReport((r) => r.report.appliedPlanVersion === 5, 10_000, mark);
    expect(report.occupancy).toBe(before + 30);
    expect(report.rules.find((r) => r.vni === VNI)?.sessions).toBe(before + 30);
    expect(agent.lines.some((l) => l.includes('migration mig-in: imported sessions of default/reviews/http/0: 30 inserted, 1 already there, 0 failed'))).toBe(true);
    await send([0, ...range(200, 230)], 1);
    expect([...backendsOf(0)]).toEqual([live]);
    for (const i of range(200, 230)) expect([...backendsOf(i)], `session ${i}`).toEqual(['10.1.0.4']);
  });
});

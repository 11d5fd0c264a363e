/**
 * End to end on loopback, all real processes: the Node control plane (tsx src/server.ts, SQLite file), the 4
 * software switches of the paper's testbed (P4Runtime over gRPC, VXLAN over UDP on 127.<octet>.0.x) and the 4
 * agents (the esbuild bundle dist/piggycar-agent.mjs). bookinfo's reviews 80/20 is applied through the Istio API
 * and planned by the planner. This test process plays the mesh servers: it sends VXLAN sessions with the rule's
 * VNI from requester pods' servers and sees where they arrive.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Rule } from '../../src/core/rules/types';
import { apiClient } from '../../scripts/lib/control-plane-process';
import { startDemoFabric, type DemoFabric } from '../../scripts/lib/demo-fabric';
import { runRuleTraffic, type RuleTrafficResult } from '../../scripts/lib/demo-traffic';
import { REPO_ROOT } from '../../scripts/lib/loopback-fabric';
import { ProcessGroup } from '../../scripts/lib/process-group';
import { ServerSockets } from '../../scripts/lib/vxlan-traffic';

const SESSIONS = 400;
/** Tolerance on the 80/20 split over 400 sessions: ±8 points (4 standard deviations of a binomial share). */
const TOLERANCE = 0.08;

function checkWeights(result: RuleTrafficResult): void {
  const total = result.byBackend.reduce((t, b) => t + b.sessions, 0);
  const weights = result.byBackend.reduce((t, b) => t + b.weight, 0);
  expect(total).toBe(result.consistent);
  for (const b of result.byBackend) {
    expect(Math.abs(b.sessions / total - b.weight / weights), `${b.server}: ${b.sessions}/${total} vs weight ${b.weight}/${weights}`).toBeLessThan(TOLERANCE);
  }
}

describe('PiggyCar end to end: control plane, 4 software switches, 4 agents', () => {
  const group = new ProcessGroup({ cwd: REPO_ROOT });
  const dir = mkdtempSync(path.join(tmpdir(), 'piggycar-e2e-'));
  let demo: DemoFabric;
  let sockets: ServerSockets;
  let reviews: Rule;
  let api: ReturnType<typeof apiClient>;
  /** The switch that owns the reviews rule, as the agent-facing API tells its agent. */
  let owner = '';

  beforeAll(async () => {
    execFileSync(process.execPath, [path.join(REPO_ROOT, 'scripts/build-agent.mjs')], { cwd: REPO_ROOT });
    demo = await startDemoFabric(group, {
      dbFile: path.join(dir, 'piggycar.db'), port: 0, octet: 120 + (process.pid % 50), agentRuntime: 'bundle',
      stateDir: dir, telemetryIntervalMs: 500, seed: 11, log: () => undefined,
    });
    api = apiClient(demo.controlPlane.url, demo.controlPlane.adminToken);
    const rules = ((await api('GET', '/v1/fabrics/testbed/rules')).json as { rules: Rule[] }).rules;
    reviews = rules.find((r) => r.source.name === 'reviews')!;
    sockets = await ServerSockets.open(demo.layout, demo.fabric.servers.map((s) => s.name));
    for (const name of demo.switches.keys()) {
      const res = await fetch(`${demo.controlPlane.url}/v1/agents/${name}/desired-state`, { headers: { authorization: `Bearer ${demo.agentTokens.get(name)}` } });
      const state = (await res.json()) as { fullRuleTable: { vni: number }[] };
      if (state.fullRuleTable.some((r) => r.vni === reviews.vni)) owner = name;
    }
  }, 120_000);

  afterAll(async () => {
    sockets?.close();
    await group.stopAll();
    rmSync(dir, { recursive: true, force: true });
  });

  function traffic(firstPort: number, packetsPerSession: number): Promise<RuleTrafficResult> {
    return runRuleTraffic({ rules: [reviews], fabric: demo.fabric, layout: demo.layout, sessions: SESSIONS, packetsPerSession, sockets, firstPort })
      .then((r) => r[0]);
  }

  it('sessions with the reviews VNI arrive at the backends in the rule\'s 80/20 weights, each at one backend', async () => {
    expect(reviews.backends.map((b) => b.weight).sort((a, b) => b - a)[0]).toBe(80);
    const result = await traffic(20_000, 3);
    expect(result.complete, JSON.stringify(result)).toBe(SESSIONS);
    expect(result.consistent, JSON.stringify(result)).toBe(SESSIONS);
    checkWeights(result);
  });

  it('killing and restarting the owner\'s agent breaks no session', async () => {
    expect(owner).toBeDefined();
    await group.kill(demo.agents.get(owner)!);
    let result = await traffic(20_000, 2); // the same sessions, no agent on the owner
    expect(result.consistent, JSON.stringify(result)).toBe(SESSIONS);
    const agent = demo.restartAgent(owner);
    await agent.waitForLine((l) => /applied plan \d+: 0 writes, \d+ sessions kept, 0 stale removed/.test(l), 30_000);
    result = await traffic(20_000, 2);
    expect(result.consistent, JSON.stringify(result)).toBe(SESSIONS);
    const fresh = await traffic(40_000, 2); // and new sessions are pinned again
    expect(fresh.consistent, JSON.stringify(fresh)).toBe(SESSIONS);
  });

  it('stopping the control plane keeps traffic flowing: old sessions stay put, new ones are still pinned', async () => {
    await group.stop(demo.controlPlane.process);
    const old = await traffic(20_000, 2);
    expect(old.consistent, JSON.stringify(old)).toBe(SESSIONS);
    const fresh = await traffic(50_000, 2);
    expect(fresh.complete, JSON.stringify(fresh)).toBe(SESSIONS);
    expect(fresh.consistent, JSON.stringify(fresh)).toBe(SESSIONS);
    checkWeights(fresh);
  });

  it('an agent token of one switch can neither read another switch\'s state nor post its telemetry', async () => {
    // Checked against a control plane process started for this purpose (the first one was stopped above).
    const { startControlPlane } = await import('../../scripts/lib/control-plane-process');
    const cp = await startControlPlane(group, { dbFile: path.join(dir, 'piggycar.db'), port: 0 });
    const core1 = demo.agentTokens.get('core1')!;
    const read = await fetch(`${cp.url}/v1/agents/access1/desired-state`, { headers: { authorization: `Bearer ${core1}` } });
    expect(read.status).toBe(403);
    const post = await fetch(`${cp.url}/v1/agents/access1/telemetry`, {
      method: 'POST', headers: { authorization: `Bearer ${core1}`, 'content-type': 'application/json' },
      body: JSON.stringify({ appliedPlanVersion: 1, intervalMs: 1000, reason: 'interval', occupancy: 0, capacity: 1, misses: 0, drops: 0, overflows: 0, aged: 0, newSessions: 0, rules: [], links: [] }),
    });
    expect(post.status).toBe(403);
    const own = await fetch(`${cp.url}/v1/agents/core1/desired-state`, { headers: { authorization: `Bearer ${core1}` } });
    expect(own.status).toBe(200);
  });
});

/**
 * End to end on loopback, all real processes (as in fabric.test.ts): the Node control plane, the testbed's 4
 * software switches and 4 agents (the bundle dist/piggycar-agent.mjs). The reviews rule's owner gets a small
 * T_SRAM; this test process, playing the mesh servers, pushes sessions past it while traffic flows. The online
 * scheduler must move the rule make-before-break (paper §III-E, issue 7): every packet of every session in flight
 * reaches the same backend before, during and after the move, and the slow path never overflows.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FabricSwitch } from '../../src/core/fabric/types';
import type { Rule } from '../../src/core/rules/types';
import { apiClient } from '../../scripts/lib/control-plane-process';
import { startDemoFabric, type DemoFabric } from '../../scripts/lib/demo-fabric';
import { runRuleTraffic, type RuleTrafficResult } from '../../scripts/lib/demo-traffic';
import { REPO_ROOT } from '../../scripts/lib/loopback-fabric';
import { ProcessGroup } from '../../scripts/lib/process-group';
import { ServerSockets } from '../../scripts/lib/vxlan-traffic';

/** Sessions pinned before the move (more than the owner's lowered T_SRAM). */
const SESSIONS = 300;
/** Sessions opened while the move is under way. */
const LATE_SESSIONS = 100;
/** The owner's T_SRAM for this test: a few hundred sessions cross it. */
const SMALL_THRESHOLD = 200;

interface MigrationJson {
  id: string;
  status: string;
  step: string | null;
  note: string | null;
  moves: { ruleId: string; from: string; to: string }[];
}

describe('PiggyCar end to end: the online scheduler moves a rule past T_SRAM with zero broken sessions', () => {
  const group = new ProcessGroup({ cwd: REPO_ROOT, ...(process.env.PIGGYCAR_E2E_ECHO === '1' ? { echo: true } : {}) });
  const dir = mkdtempSync(path.join(tmpdir(), 'piggycar-e2e-mig-'));
  let demo: DemoFabric;
  let sockets: ServerSockets;
  let reviews: Rule;
  let api: ReturnType<typeof apiClient>;
  let owner = '';

  beforeAll(async () => {
    execFileSync(process.execPath, [path.join(REPO_ROOT, 'scripts/build-agent.mjs')], { cwd: REPO_ROOT });
    demo = await startDemoFabric(group, {
      dbFile: path.join(dir, 'piggycar.db'), port: 0, octet: 60 + (process.pid % 50), agentRuntime: 'bundle',
      stateDir: dir, telemetryIntervalMs: 500, seed: 7, log: () => undefined,
    });
    api = apiClient(demo.controlPlane.url, demo.controlPlane.adminToken);
    const rules = ((await api('GET', '/v1/fabrics/testbed/rules')).json as { rules: Rule[] }).rules;
    reviews = rules.find((r) => r.source.name === 'reviews')!;
    sockets = await ServerSockets.open(demo.layout, demo.fabric.servers.map((s) => s.name));
    owner = await currentOwner(reviews.id);
  }, 120_000);

  afterAll(async () => {
    sockets?.close();
    await group.stopAll();
    rmSync(dir, { recursive: true, force: true });
  });

  /** The reviews rule's owner in the current ready plan. */
  async function currentOwner(ruleId: string): Promise<string> {
    const list = (await api('GET', '/v1/fabrics/testbed/plans')).json as { plans: { id: string; status: string }[] };
    const ready = list.plans.find((p) => p.status === 'ready')!;
    const plan = (await api('GET', `/v1/fabrics/testbed/plans/${ready.id}?limit=1000`)).json as { assignments: { rule: string; owner: string }[] };
    return plan.assignments.find((a) => a.rule === ruleId)!.owner;
  }

  async function migrations(): Promise<MigrationJson[]> {
    return ((await api('GET', '/v1/fabrics/testbed/migrations')).json as { migrations: MigrationJson[] }).migrations;
  }

  function traffic(sessions: number, firstPort: number): Promise<RuleTrafficResult> {
    return runRuleTraffic({ rules: [reviews], fabric: demo.fabric, layout: demo.layout, sessions, packetsPerSession: 1, sockets, firstPort })
      .then((r) => r[0]);
  }

  /** One round of both session sets; every session complete and (over all rounds so far) at one backend. */
  async function round(withLate: boolean, label: string): Promise<void> {
    const early = await traffic(SESSIONS, 20_000);
    expect(early.complete, `${label}: ${JSON.stringify(early)}`).toBe(SESSIONS);
    expect(early.consistent, `${label}: ${JSON.stringify(early)}`).toBe(SESSIONS);
    if (!withLate) return;
    const late = await traffic(LATE_SESSIONS, 40_000);
    expect(late.complete, `${label} (late sessions): ${JSON.stringify(late)}`).toBe(LATE_SESSIONS);
    expect(late.consistent, `${label} (late sessions): ${JSON.stringify(late)}`).toBe(LATE_SESSIONS);
  }

  it('moves the reviews rule off its owner, and no session changes backend', async () => {
    expect(owner).not.toBe('');
    // Lower the owner's T_SRAM (a fabric change; the plan and the rule stay where they are).
    const sw = (await api('GET', `/v1/fabrics/testbed/switches/${owner}`)).json as FabricSwitch;
    const put = await api('PUT', `/v1/fabrics/testbed/switches/${owner}`, { json: { ...sw, sramThreshold: SMALL_THRESHOLD } });
    expect(put.status, put.text).toBe(200);

    // Before: sessions pinned on the owner, more than its T_SRAM.
    await round(false, 'before');
    let late = false;
    let done: MigrationJson | undefined;
    let rounds = 0;
    // During: keep every session's packets flowing until the migration is finished (bounded by the test timeout).
    for (;;) {
      const list = await migrations();
      done = list.find((m) => m.status === 'done' && m.moves.some((mv) => mv.ruleId === reviews.id));
      const failed = list.find((m) => m.status === 'failed');
      expect(failed, JSON.stringify(failed)).toBeUndefined();
      if (done) break;
      // Sessions opened once the move has started are pinned by flow hash on both owners.
      if (!late && list.some((m) => m.status === 'running')) late = true;
      await round(late, `during (round ${++rounds}, ${list.map((m) => `${m.status}/${m.step ?? '-'}`).join(', ') || 'no migration yet'})`);
    }
    // After: the same sessions, now on the new owner.
    await round(late, 'after');

    // Traffic flowed while the migration ran, with sessions opened during the move.
    expect(rounds).toBeGreaterThan(0);
    expect(late).toBe(true);

    const move = done.moves.find((mv) => mv.ruleId === reviews.id)!;
    expect(move.from).toBe(owner);
    expect(move.to).not.toBe(owner);
    expect(await currentOwner(reviews.id)).toBe(move.to);
    // The old owner dropped the rule; the new owner holds it as a plain owner (no migration overlay left).
    const stateOf = async (name: string) => (await (await fetch(`${demo.controlPlane.url}/v1/agents/${name}/desired-state`, {
      headers: { authorization: `Bearer ${demo.agentTokens.get(name)}` },
    })).json()) as { fullRuleTable: { vni: number; pinByFlowHash?: boolean }[]; sessionImports?: unknown; sessionExports?: unknown };
    const oldState = await stateOf(move.from);
    expect(oldState.fullRuleTable.some((r) => r.vni === reviews.vni)).toBe(false);
    expect(oldState.sessionExports).toBeUndefined();
    const newState = await stateOf(move.to);
    expect(newState.fullRuleTable.find((r) => r.vni === reviews.vni)?.pinByFlowHash).toBeUndefined();
    expect(newState.fullRuleTable.some((r) => r.vni === reviews.vni)).toBe(true);
    expect(newState.sessionImports).toBeUndefined();

    // The slow path never overflowed on any switch.
    for (const name of demo.switches.keys()) {
      const t = (await api('GET', `/v1/fabrics/testbed/telemetry/switches/${name}?sinceMs=600000`)).json as {
        latest: { overflows: number } | null; rollups: { overflows: number; reports: number }[];
      };
      expect(t.latest, `${name}: ${JSON.stringify(t).slice(0, 400)}`).not.toBeNull();
      expect(t.rollups.reduce((n, r) => n + r.reports, 0), `${name} reported`).toBeGreaterThan(0);
      expect(t.latest!.overflows + t.rollups.reduce((n, r) => n + r.overflows, 0), `${name} overflows`).toBe(0);
    }
  }, 150_000);
});

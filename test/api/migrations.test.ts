import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { testbedFabric } from '../../src/core/fabric/generators/testbed-fabric';
import type { Decision, TriggerOutcome } from '../../src/core/scheduler';
import { saveFabric } from '../../src/db/fabric-store';
import { createMigration, loadExportedSessions, saveDecision } from '../../src/db/migration-store';
import { makeNodeHarness } from '../helpers/harness-node';
import type { Harness } from '../helpers/harness';

const TRIGGER: TriggerOutcome = {
  kind: 'trigger', fired: true, reasons: ['sram'], switchName: 'access1', deltaX: 10, deltaXLimit: 4096, occupancy: 59_000, sramThreshold: 58_982,
};
const DECISION: Decision = {
  kind: 'decision', switchName: 'access1', eMigUs: 3.84, wUUs: 0.02, wSUs: 3.84, eRerouteUs: 6.69, objective: 5.27, aboveEstimate: 1,
  candidates: ['core1'], skipped: [], resolved: true, after: [],
  moves: [{
    ruleId: 'r1', from: 'access1', to: 'core1', sessions: 3, expectedSessions: 1, excess: 2, topK: true, cause: 'above-estimate',
    choice: 'least-i', deltaXRelaxed: false, latencyBeforeUs: 4.47, latencyAfterUs: 6.69, migrationUs: 3.84,
  }],
};
const session = { vni: 100, srcIp: '100.64.0.10', dstIp: '100.64.0.20', protocol: 6, srcPort: 40001, dstPort: 9080, backendIp: '10.1.0.2' };

let h: Harness;
beforeEach(async () => {
  h = await makeNodeHarness();
  await saveFabric(h.deps.db, testbedFabric({ name: 'testbed' }));
  await createMigration(h.deps.db, { id: 'mig-1', fabric: 'testbed', switchName: 'access1', trigger: TRIGGER, now: 1000 });
});
afterEach(async () => { await h.close(); });

function call(method: string, path: string, json?: unknown, token: string | null = h.adminToken): Promise<Response> {
  const headers: Record<string, string> = {};
  if (token) headers.authorization = `Bearer ${token}`;
  if (json !== undefined) headers['content-type'] = 'application/json';
  return h.fetch(new Request(`http://cp${path}`, { method, headers, body: json === undefined ? undefined : JSON.stringify(json) }));
}

describe('GET /v1/fabrics/{fabric}/migrations', () => {
  it('lists migrations with trigger, moves, E_mig, E_reroute, I, timings and state', async () => {
    await saveDecision(h.deps.db, 'mig-1', { status: 'running', decision: DECISION, basePlanVersion: 1, decisionMs: 2, now: 2000 });
    const res = await call('GET', '/v1/fabrics/testbed/migrations');
    expect(res.status).toBe(200);
    const body = await res.json() as { migrations: Record<string, unknown>[] };
    expect(body.migrations).toHaveLength(1);
    expect(body.migrations[0]).toMatchObject({
      id: 'mig-1', switch: 'access1', status: 'running', step: 'prepare', trigger: { reasons: ['sram'] },
      moves: [{ ruleId: 'r1', to: 'core1' }], eMigUs: 3.84, eRerouteUs: 6.69, objective: 5.27,
      timings: { createdAt: 1000, decisionMs: 2, steps: { prepare: 2000 } },
    });
    const one = await call('GET', '/v1/fabrics/testbed/migrations/mig-1');
    expect(one.status).toBe(200);
    expect(await one.json()).toMatchObject({ id: 'mig-1', status: 'running' });
  });

  it('answers 404 problems for an unknown fabric or migration, 401 without a token', async () => {
    expect((await call('GET', '/v1/fabrics/nope/migrations')).status).toBe(404);
    const res = await call('GET', '/v1/fabrics/testbed/migrations/mig-x');
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toMatch(/application\/problem\+json/);
    expect((await call('GET', '/v1/fabrics/testbed/migrations', undefined, null)).status).toBe(401);
  });
});

describe('POST /v1/agents/{switch}/migrations/{id}/sessions', () => {
  it('stores the old owner\'s sessions during prepare', async () => {
    await saveDecision(h.deps.db, 'mig-1', { status: 'running', decision: DECISION, basePlanVersion: 1, decisionMs: 2, now: 2000 });
    const res = await call('POST', '/v1/agents/access1/migrations/mig-1/sessions?fabric=testbed', { ruleId: 'r1', sessions: [session] });
    expect(res.status).toBe(204);
    expect((await loadExportedSessions(h.deps.db, 'mig-1')).get('r1')).toEqual([session]);
    // The prepare step may be complete: the migration is woken at once (a `wake` job, due now).
    expect(await h.pendingJobs()).toBe(1);
  });

  it('refuses sessions from a switch that is not the old owner, outside prepare, or malformed', async () => {
    expect((await call('POST', '/v1/agents/access1/migrations/mig-1/sessions', { ruleId: 'r1', sessions: [session] })).status).toBe(409); // still pending
    await saveDecision(h.deps.db, 'mig-1', { status: 'running', decision: DECISION, basePlanVersion: 1, decisionMs: 2, now: 2000 });
    expect((await call('POST', '/v1/agents/core1/migrations/mig-1/sessions', { ruleId: 'r1', sessions: [session] })).status).toBe(404);
    const bad = await call('POST', '/v1/agents/access1/migrations/mig-1/sessions', { ruleId: 'r1', sessions: [{ ...session, backendIp: 'x' }] });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ invalidParams: [{ name: 'sessions[0].backendIp', reason: 'a dotted-quad IPv4 address' }] });
  });
});

/**
 * The agent-facing API on the Node shell's real parts (better-sqlite3 file, migrations, the app in process):
 * desired state with ETag / If-None-Match / long-poll, per-switch authorization, telemetry in and out, rollout.
 * Rules come from bookinfo through the Istio apply API; the plan is stored with the plan store's own writers.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compileDesiredState, type SwitchDesiredState, type TelemetryReport } from '../../src/core/desired-state';
import { testbedFabric } from '../../src/core/fabric/generators/testbed-fabric';
import { buildFabricGraph } from '../../src/core/fabric/graph';
import { listRules } from '../../src/db/istio-store';
import { createPendingPlan, markPlanRunning, storePlanResult } from '../../src/db/plan-store-write';
import { call, createToken, type Harness } from '../helpers/harness';
import { makeNodeHarness } from '../helpers/harness-node';

const BOOKINFO = '/work/shared/istio-samples/bookinfo';
const SWITCHES = ['core1', 'access1', 'access2', 'access3'];

function file(name: string): string {
  return readFileSync(`${BOOKINFO}/${name}`, 'utf8');
}

function report(overrides: Partial<TelemetryReport> = {}): TelemetryReport {
  return {
    appliedPlanVersion: null, intervalMs: 1000, reason: 'interval', occupancy: 0, capacity: 65536,
    misses: 0, drops: 0, overflows: 0, aged: 0, newSessions: 0, rules: [], links: [], ...overrides,
  };
}

describe('agents API', () => {
  let h: Harness;
  const tokens = new Map<string, string>();
  let reviewsRuleId = '';
  let reviewsVni = 0;

  async function storePlan(owner: string): Promise<number> {
    const db = h.deps.db;
    const { planId, version } = await createPendingPlan(db, 'testbed', 'test', Date.now());
    await markPlanRunning(db, planId, Date.now());
    const rules = await listRules(db, 'testbed');
    await storePlanResult(db, planId, { switches: [owner], rules: rules.map((r) => [r.id, 0, 10] as [string, number, number]), loads: [] },
      { objectiveUs: 10, ruleCount: rules.length, switchCount: 4, summary: {} }, Date.now());
    return version;
  }

  function get(sw: string, token: string | null, headers: Record<string, string> = {}, query = ''): Promise<Response> {
    return call(h, 'GET', `/v1/agents/${sw}/desired-state${query}`, { token, headers });
  }

  beforeAll(async () => {
    h = await makeNodeHarness();
    expect((await call(h, 'PUT', '/v1/fabrics/testbed', { json: testbedFabric() })).status).toBeLessThan(300);
    for (const name of ['bookinfo.yaml', 'destination-rule-all.yaml', 'virtual-service-reviews-80-20.yaml']) {
      const res = await call(h, 'POST', '/v1/fabrics/testbed/istio', { body: file(name), contentType: 'application/yaml' });
      expect(res.status, await res.clone().text()).toBe(200);
    }
    const rules = await listRules(h.deps.db, 'testbed');
    const reviews = rules.find((r) => r.source.name === 'reviews')!;
    reviewsRuleId = reviews.id;
    reviewsVni = reviews.vni;
    for (const sw of SWITCHES) tokens.set(sw, await createToken(h, 'agent', { fabric: 'testbed', switch: sw }));
  });

  afterAll(async () => {
    await h?.close();
  });

  it('before any plan: routes only, plan version 0', async () => {
    const res = await get('core1', tokens.get('core1')!);
    expect(res.status).toBe(200);
    const state = (await res.json()) as SwitchDesiredState;
    expect(state.planVersion).toBe(0);
    expect(state.routes.length).toBe(4 + 5 - 1);
    expect(state.functionOffloadTable).toEqual([]);
  });

  it('serves the compiled state of the current plan with an ETag, and 304 for If-None-Match', async () => {
    const version = await storePlan('core1');
    const res = await get('core1', tokens.get('core1')!);
    expect(res.status).toBe(200);
    const etag = res.headers.get('etag')!;
    expect(etag).toMatch(/^"[0-9a-f]{16}"$/);
    const state = (await res.json()) as SwitchDesiredState;
    expect(state.planVersion).toBe(version);
    const owned = state.fullRuleTable.find((r) => r.ruleId === reviewsRuleId)!;
    expect(owned.vni).toBe(reviewsVni);
    const weights = new Map<number, number>();
    for (const b of owned.backends) weights.set(b.weight, (weights.get(b.weight) ?? 0) + 1);
    expect(owned.backends.reduce((t, b) => t + b.weight, 0)).toBeGreaterThan(99);
    expect(state.functionOffloadTable.find((e) => e.vni === reviewsVni)?.action).toEqual({ kind: 'owner_is_local' });
    // Same as compiling directly from the stored inputs.
    const rules = await listRules(h.deps.db, 'testbed');
    const direct = compileDesiredState(buildFabricGraph(testbedFabric()), {
      fabric: testbedFabric(), rules, owners: new Map(rules.map((r) => [r.id, 'core1'])), planVersion: version, planId: state.planId,
    }).forSwitch('core1')!;
    expect(etag).toBe(`"${direct.hash}"`);

    const again = await get('core1', tokens.get('core1')!, { 'if-none-match': etag });
    expect(again.status).toBe(304);
    expect(again.headers.get('etag')).toBe(etag);
    const access1 = (await (await get('access1', tokens.get('access1')!)).json()) as SwitchDesiredState;
    expect(access1.functionOffloadTable.find((e) => e.vni === reviewsVni)?.action).toEqual({ kind: 'set_owner', ownerIp: '10.0.0.1' });
  });

  it('long-polls: ?wait holds a matching ETag until the plan changes, or answers 304 when it does not', async () => {
    const first = await get('core1', tokens.get('core1')!);
    const etag = first.headers.get('etag')!;
    const quiet = await get('core1', tokens.get('core1')!, { 'if-none-match': etag }, '?wait=1');
    expect(quiet.status).toBe(304);
    const pending = get('core1', tokens.get('core1')!, { 'if-none-match': etag }, '?wait=20');
    await new Promise((r) => setTimeout(r, 300));
    const version = await storePlan('access2');
    const changed = await pending;
    expect(changed.status).toBe(200);
    expect(changed.headers.get('etag')).not.toBe(etag);
    const state = (await changed.json()) as SwitchDesiredState;
    expect(state.planVersion).toBe(version);
    expect(state.fullRuleTable).toEqual([]);
    expect(state.functionOffloadTable.find((e) => e.vni === reviewsVni)?.action).toEqual({ kind: 'set_owner', ownerIp: '10.0.0.12' });
  });

  it('an agent token reads and reports only for its own switch and fabric', async () => {
    const core1 = tokens.get('core1')!;
    expect((await get('access1', core1)).status).toBe(403);
    expect((await call(h, 'POST', '/v1/agents/access1/telemetry', { token: core1, json: report() })).status).toBe(403);
    expect((await get('core1', core1, {}, '?fabric=other')).status).toBe(403);
    expect((await get('core1', null)).status).toBe(401);
    const viewer = await createToken(h, 'viewer');
    expect((await get('core1', viewer, {}, '?fabric=testbed')).status).toBe(403);
    const noFabric = await get('core1', h.adminToken);
    expect(noFabric.status).toBe(400);
    expect(((await noFabric.json()) as { invalidParams: { name: string }[] }).invalidParams[0].name).toBe('fabric');
    expect((await get('core1', h.adminToken, {}, '?fabric=testbed')).status).toBe(200);
    expect((await get('nosuch', h.adminToken, {}, '?fabric=testbed')).status).toBe(404);
    expect((await get('core1', h.adminToken, {}, '?fabric=nosuch')).status).toBe(404);
  });

  it('stores telemetry and serves it per switch, per rule and as rollout', async () => {
    const current = (await (await get('access2', tokens.get('access2')!)).json()) as SwitchDesiredState;
    const bad = await call(h, 'POST', '/v1/agents/access2/telemetry', { token: tokens.get('access2')!, json: { ...report(), occupancy: -1 } });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { invalidParams: { name: string }[] }).invalidParams.map((p) => p.name)).toContain('occupancy');
    const posted = await call(h, 'POST', '/v1/agents/access2/telemetry', {
      token: tokens.get('access2')!,
      json: report({ appliedPlanVersion: current.planVersion, occupancy: 42, misses: 7, newSessions: 7, rules: [{ vni: reviewsVni, sessions: 42, packets: 100, bytes: 150_000, gbps: 0.0012 }] }),
    });
    expect(posted.status, await posted.clone().text()).toBe(204);
    await call(h, 'POST', '/v1/agents/core1/telemetry', { token: tokens.get('core1')!, json: report({ appliedPlanVersion: current.planVersion - 1 }) });

    const sw = (await (await call(h, 'GET', '/v1/fabrics/testbed/telemetry/switches/access2')).json()) as {
      latest: TelemetryReport; samples: unknown[]; rollups: { misses: number; occupancyMax: number }[];
    };
    expect(sw.latest.occupancy).toBe(42);
    expect(sw.samples).toHaveLength(1);
    expect(sw.rollups[0]).toMatchObject({ misses: 7, occupancyMax: 42 });

    const rule = (await (await call(h, 'GET', `/v1/fabrics/testbed/telemetry/rules/${encodeURIComponent(reviewsRuleId)}`)).json()) as {
      observedSessions: number; rollups: { switch: string; sessionsMax: number }[];
    };
    expect(rule.observedSessions).toBe(42);
    expect(rule.rollups).toEqual([expect.objectContaining({ switch: 'access2', sessionsMax: 42 })]);

    const rollout = (await (await call(h, 'GET', '/v1/fabrics/testbed/rollout')).json()) as {
      planVersion: number; applied: number; total: number; switches: { switch: string; applied: boolean }[];
    };
    expect(rollout).toMatchObject({ planVersion: current.planVersion, applied: 1, total: 4 });
    expect(rollout.switches.filter((s) => s.applied).map((s) => s.switch)).toEqual(['access2']);
  });
});

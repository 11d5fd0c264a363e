/**
 * reconcileSwitch and importSessions against a real software switch and its P4Runtime server over real gRPC (in
 * process): the full read-back and the quick form that takes tc_session_table from the agent's SessionTracker,
 * and the byte-encoded session import. What the quick form trusts is stated by the test: a session the tracker
 * does not know (written behind the agent's back) is left alone until the next full read-back removes it.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { FullRuleEntry, SwitchDesiredState } from '../../../src/core/desired-state/types';
import { sessionKey } from '../../../src/core/reconcile/session-key';
import type { SessionEntry } from '../../../src/core/reconcile/types';
import { encodeUpdate } from '../../../switch-agent/p4runtime/encode';
import type { P4RuntimeClient } from '../../../switch-agent/p4runtime/client-types';
import { importSessions } from '../../../switch-agent/agent/migration-sessions';
import { readTables, reconcileSwitch, tablesAfter } from '../../../switch-agent/agent/reconciler';
import { SessionTracker } from '../../../switch-agent/agent/session-tracker';
import { sessionToEntry } from '../../../switch-agent/agent/table-model';
import { startHarness, type Harness } from '../p4runtime/harness';

const VNI = 0x5a3c1e;
const OTHER_VNI = 0x11;
const BACKENDS = ['10.1.0.3', '10.1.0.4'];

function rule(vni: number, backends: string[]): FullRuleEntry {
  return {
    vni, ruleId: `default/r${vni}/http/0`, lbPolicy: { kind: 'RANDOM' }, expectedSessions: 100,
    backends: backends.map((ip, i) => ({ pod: `p${i}`, ip: `100.64.0.${i + 3}`, nodeVtepIp: ip, weight: 50 })),
  };
}

function desired(planVersion: number, rules: FullRuleEntry[]): SwitchDesiredState {
  return {
    fabric: 'testbed', switch: 'core1', vtepIp: '10.0.0.1', planVersion, ports: [],
    routes: [{ prefix: '10.1.0.0', prefixLength: 16, port: 2, dstMac: '02:00:00:00:00:02', nextHop: 'access2' }],
    functionOffloadTable: rules.map((r) => ({ vni: r.vni, ruleId: r.ruleId, action: { kind: 'owner_is_local' as const } })),
    fullRuleTable: rules,
    sessionBudget: { capacity: 1000, threshold: 800, expectedSessions: 100, idleTimeoutMs: 60_000 },
  };
}

function session(vni: number, i: number, backendIp: string): SessionEntry {
  return { vni, srcIp: `100.64.1.${i}`, dstIp: '10.96.0.20', protocol: 6, srcPort: 40000 + i, dstPort: 9080, backendIp };
}

describe('reconcileSwitch (real gRPC to a software switch)', () => {
  let h: Harness | undefined;
  afterEach(async () => {
    await h?.close();
    h = undefined;
  });

  async function setUp(): Promise<{ client: P4RuntimeClient; harness: Harness }> {
    h = await startHarness({ tc_session_table: 1000 }, 1000);
    const client = await h.client();
    expect((await client.becomePrimary(1, 10)).primary).toBe(true);
    await client.setPipeline(h.p4info);
    return { client, harness: h };
  }

  async function pin(client: P4RuntimeClient, harness: Harness, sessions: SessionEntry[]): Promise<void> {
    const r = await client.write(sessions.map((s) => encodeUpdate(harness.helper, 'INSERT', sessionToEntry(s, 60_000_000_000n))));
    expect(r.ok).toBe(true);
  }

  it('quick form: reads no session back, deletes the stale ones it was given, keeps the valid ones', async () => {
    const { client, harness } = await setUp();
    const both = [rule(VNI, BACKENDS), rule(OTHER_VNI, BACKENDS)];
    await reconcileSwitch(client, harness.helper, desired(1, both));
    const valid = [0, 1, 2].map((i) => session(VNI, i, BACKENDS[i % 2]));
    const stale = [3, 4].map((i) => session(OTHER_VNI, i, BACKENDS[0]));
    await pin(client, harness, [...valid, ...stale]);

    // Plan 2 drops OTHER_VNI: its sessions are stale.
    const out = await reconcileSwitch(client, harness.helper, desired(2, [rule(VNI, BACKENDS)]), { sessions: [...valid, ...stale] });
    expect(out.removedSessions.map(sessionKey).sort()).toEqual(stale.map(sessionKey).sort());
    expect(out.sessions.map(sessionKey).sort()).toEqual(valid.map(sessionKey).sort());
    expect(out.plan.keptSessions).toBe(3);
    const after = await readTables(client, harness.helper);
    expect(after.sessions.map(sessionKey).sort()).toEqual(valid.map(sessionKey).sort());
    expect(after.offload.map((o) => o.vni)).toEqual([VNI]);
  });

  it('quick form trusts its list: an unknown stale session stays until a full read-back removes it', async () => {
    const { client, harness } = await setUp();
    await reconcileSwitch(client, harness.helper, desired(1, [rule(VNI, BACKENDS)]));
    const known = session(VNI, 1, BACKENDS[0]);
    const behindOurBack = session(VNI, 2, '10.9.9.9'); // a backend the rule does not have: stale
    await pin(client, harness, [known, behindOurBack]);

    const quick = await reconcileSwitch(client, harness.helper, desired(2, [rule(VNI, BACKENDS)]), { sessions: [known] });
    expect(quick.removedSessions).toEqual([]);
    expect((await readTables(client, harness.helper)).sessions).toHaveLength(2);

    const full = await reconcileSwitch(client, harness.helper, desired(2, [rule(VNI, BACKENDS)]));
    expect(full.removedSessions.map(sessionKey)).toEqual([sessionKey(behindOurBack)]);
    expect((await readTables(client, harness.helper)).sessions.map(sessionKey)).toEqual([sessionKey(known)]);
  });

  it('with the tables the last reconcile left (tablesAfter) it reads nothing, and a stale view still converges', async () => {
    const { client, harness } = await setUp();
    const one = desired(1, [rule(VNI, BACKENDS)]);
    await reconcileSwitch(client, harness.helper, one);
    const reads = { n: 0 };
    const counting = { read: (e: Parameters<P4RuntimeClient['read']>[0]) => { reads.n++; return client.read(e); }, write: client.write.bind(client) };
    const two = desired(2, [rule(VNI, BACKENDS), rule(OTHER_VNI, BACKENDS)]);
    const out = await reconcileSwitch(counting, harness.helper, two, { sessions: [], tables: tablesAfter(one) });
    expect(reads.n).toBe(0);
    expect(out.written).toBe(1);
    // A view that misses an entry the switch holds: the INSERT finds it and becomes a MODIFY; the switch ends right.
    const again = await reconcileSwitch(counting, harness.helper, two, { sessions: [], tables: tablesAfter(one) });
    expect(again.written).toBe(1);
    const after = await readTables(client, harness.helper, { sessions: false });
    expect(after.offload.map((o) => o.vni).sort((a, b) => a - b)).toEqual([OTHER_VNI, VNI]);
    const byVni = (x: { vni: number }, y: { vni: number }) => x.vni - y.vni;
    expect(after.offload.slice().sort(byVni)).toEqual(tablesAfter(two).offload.slice().sort(byVni));
    expect(after.routes).toEqual(tablesAfter(two).routes);
  });

  it('waits for beforeWrites before writing anything', async () => {
    const { client, harness } = await setUp();
    let release!: () => void;
    const gate = new Promise<void>((r) => { release = r; });
    const running = reconcileSwitch(client, harness.helper, desired(1, [rule(VNI, BACKENDS)]), { sessions: [], beforeWrites: gate });
    await new Promise((r) => setTimeout(r, 50));
    const meanwhile = await readTables(client, harness.helper, { sessions: false });
    expect(meanwhile.routes).toEqual([]);
    expect(meanwhile.offload).toEqual([]);
    release();
    const out = await running;
    expect(out.written).toBe(2);
    expect((await readTables(client, harness.helper, { sessions: false })).offload.map((o) => o.vni)).toEqual([VNI]);
  });

  it('importSessions: byte-encoded INSERTs with the idle timeout; existing entries are left as they are', async () => {
    const { client, harness } = await setUp();
    await reconcileSwitch(client, harness.helper, desired(1, [rule(VNI, BACKENDS)]));
    const already = session(VNI, 7, BACKENDS[1]);
    await pin(client, harness, [already]);
    const tracker = new SessionTracker();
    const copies = [...[0, 1, 2, 3, 4].map((i) => session(VNI, i, BACKENDS[i % 2])), { ...already, backendIp: BACKENDS[0] }];
    const r = await importSessions(client, harness.helper, tracker, { migrationId: 'mig-1', ruleId: 'r', vni: VNI, sessions: copies }, 10_000);
    expect(r).toMatchObject({ inserted: 5, existing: 1, failed: 0 });
    expect(tracker.size).toBe(5);
    const onSwitch = new Map((await readTables(client, harness.helper)).sessions.map((s) => [sessionKey(s), s.backendIp] as const));
    expect(onSwitch.size).toBe(6);
    for (const s of copies.slice(0, 5)) expect(onSwitch.get(sessionKey(s))).toBe(s.backendIp);
    // The live entry keeps its backend (never modified by an import).
    expect(onSwitch.get(sessionKey(already))).toBe(BACKENDS[1]);
  });
});

describe('SessionTracker completeness', () => {
  it('a write of unknown outcome makes it incomplete until the next full read-back (replaceAll)', () => {
    const t = new SessionTracker();
    t.add(session(VNI, 1, BACKENDS[0]));
    expect(t.complete).toBe(true);
    t.markUncertain();
    expect(t.complete).toBe(false);
    t.add(session(VNI, 2, BACKENDS[0]));
    expect(t.complete).toBe(false);
    t.replaceAll([session(VNI, 1, BACKENDS[0])]);
    expect(t.complete).toBe(true);
    expect(t.all().map(sessionKey)).toEqual([sessionKey(session(VNI, 1, BACKENDS[0]))]);
  });
});

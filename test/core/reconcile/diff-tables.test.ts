import { describe, expect, it } from 'vitest';
import { buildFabricGraph } from '../../../src/core/fabric/graph';
import { compileDesiredState } from '../../../src/core/desired-state';
import { diffTables, type ObservedTables, type SessionEntry, type TableWrite } from '../../../src/core/reconcile';
import { reviewsRule, testbedDoc } from '../desired-state/fixtures';

const doc = testbedDoc();
const graph = buildFabricGraph(doc);
const VNI = 0x5a3c1e;

function desiredFor(sw: string, owner = 'core1') {
  return compileDesiredState(graph, { fabric: doc, rules: [reviewsRule()], owners: new Map([['default/reviews/http/0', owner]]), planVersion: 1 }).forSwitch(sw)!.state;
}

/** Apply writes to an observed-tables model the way a switch would. */
function apply(observed: ObservedTables, writes: TableWrite[]): ObservedTables {
  const next: ObservedTables = { routes: [...observed.routes], offload: [...observed.offload], sessions: [...observed.sessions] };
  for (const w of writes) {
    if (w.table === 'ipv4_route') {
      next.routes = next.routes.filter((r) => !(r.prefix === w.entry.prefix && r.prefixLength === w.entry.prefixLength));
      if (w.op !== 'delete') next.routes.push({ ...w.entry, action: 'ipv4_forward' });
    } else if (w.table === 'function_offload_table') {
      next.offload = next.offload.filter((o) => o.vni !== w.entry.vni);
      if (w.op !== 'delete') next.offload.push({ vni: w.entry.vni, action: w.entry.action });
    } else {
      next.sessions = next.sessions.filter((s) => s !== w.entry);
    }
  }
  return next;
}

function session(backendIp: string, srcPort = 40000, vni = VNI): SessionEntry {
  return { vni, srcIp: '10.2.0.2', dstIp: '10.2.0.9', protocol: 6, srcPort, dstPort: 9080, backendIp };
}

describe('diffTables', () => {
  it('writes everything into empty tables, in phases (routes, then offload), and nothing on a second run', () => {
    const desired = desiredFor('core1');
    const plan = diffTables(desired, { routes: [], offload: [], sessions: [] });
    expect(plan.phases).toHaveLength(2);
    expect(plan.phases[0].every((w) => w.table === 'ipv4_route' && w.op === 'insert')).toBe(true);
    expect(plan.phases[0]).toHaveLength(desired.routes.length);
    expect(plan.phases[1]).toEqual([{ op: 'insert', table: 'function_offload_table', entry: { vni: VNI, action: { kind: 'owner_is_local' } } }]);
    const after = apply({ routes: [], offload: [], sessions: [] }, plan.phases.flat());
    expect(diffTables(desired, after).phases).toEqual([]);
  });

  it('modifies changed entries, deletes unwanted ones, and leaves equal ones alone', () => {
    const desired = desiredFor('access1');
    const observed: ObservedTables = {
      routes: [
        ...desired.routes.map((r) => ({ prefix: r.prefix, prefixLength: r.prefixLength, action: 'ipv4_forward' as const, port: r.port, dstMac: r.dstMac.toUpperCase() })),
        { prefix: '192.168.0.1', prefixLength: 32, action: 'ipv4_forward', port: 2, dstMac: '02:00:00:00:00:01' },
      ],
      offload: [{ vni: VNI, action: { kind: 'set_owner', ownerIp: '10.0.0.12' } }, { vni: 77, action: { kind: 'owner_is_local' } }],
      sessions: [],
    };
    observed.routes[0] = { ...observed.routes[0], port: 99 };
    const plan = diffTables(desired, observed);
    const writes = plan.phases.flat();
    expect(writes).toEqual([
      { op: 'modify', table: 'ipv4_route', entry: { prefix: desired.routes[0].prefix, prefixLength: 32, port: desired.routes[0].port, dstMac: desired.routes[0].dstMac } },
      { op: 'modify', table: 'function_offload_table', entry: { vni: VNI, action: { kind: 'set_owner', ownerIp: '10.0.0.1' } } },
      { op: 'delete', table: 'function_offload_table', entry: { vni: 77, action: { kind: 'owner_is_local' } } },
      { op: 'delete', table: 'ipv4_route', entry: { prefix: '192.168.0.1', prefixLength: 32, port: 2, dstMac: '02:00:00:00:00:01' } },
    ]);
    // Deletes come after upserts (make before break).
    expect(plan.phases.map((p) => p[0].op)).toEqual(['modify', 'modify', 'delete', 'delete']);
  });

  it('keeps valid sessions and deletes sessions whose backend is gone or whose rule left the switch', () => {
    const desired = desiredFor('core1');
    const base = apply({ routes: [], offload: [], sessions: [] }, diffTables(desired, { routes: [], offload: [], sessions: [] }).phases.flat());
    const valid = session('10.0.1.3', 1);
    const valid2 = session('10.0.1.4', 2);
    const goneBackend = session('10.0.1.1', 3);
    const foreignVni = session('10.0.1.3', 4, 12345);
    const plan = diffTables(desired, { ...base, sessions: [valid, valid2, goneBackend, foreignVni] });
    expect(plan.keptSessions).toBe(2);
    expect(plan.staleSessions).toBe(2);
    expect(plan.phases).toEqual([[
      { op: 'delete', table: 'tc_session_table', entry: goneBackend },
      { op: 'delete', table: 'tc_session_table', entry: foreignVni },
    ]]);
  });

  it('removes the sessions of a rule that moved to another owner, after repointing the offload entry', () => {
    const desired = desiredFor('core1', 'access2');
    const observed: ObservedTables = {
      routes: desired.routes.map((r) => ({ ...r, action: 'ipv4_forward' as const })),
      offload: [{ vni: VNI, action: { kind: 'owner_is_local' } }],
      sessions: [session('10.0.1.3')],
    };
    const plan = diffTables(desired, observed);
    expect(plan.phases.map((p) => p.map((w) => `${w.op} ${w.table}`))).toEqual([
      ['modify function_offload_table'],
      ['delete tc_session_table'],
    ]);
  });

  it('rewrites a route whose action is drop', () => {
    const desired = desiredFor('access3');
    const r = desired.routes[0];
    const plan = diffTables(desired, { routes: [{ prefix: r.prefix, prefixLength: 32, action: 'drop', port: 0, dstMac: '' }], offload: [], sessions: [] });
    expect(plan.phases[0][0]).toMatchObject({ op: 'modify', table: 'ipv4_route', entry: { prefix: r.prefix } });
  });
});

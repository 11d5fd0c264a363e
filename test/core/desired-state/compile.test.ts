import { describe, expect, it } from 'vitest';
import { buildFabricGraph } from '../../../src/core/fabric/graph';
import { compileDesiredState, compileServiceMappings, firstHops } from '../../../src/core/desired-state';
import { leafSpineDoc, reviewsRule, testbedDoc } from './fixtures';

describe('compileDesiredState', () => {
  const doc = testbedDoc();
  const graph = buildFabricGraph(doc);

  it('puts set_owner on every switch between the requesters and the owner, owner_is_local and the full rule on the owner', () => {
    const compiled = compileDesiredState(graph, { fabric: doc, rules: [reviewsRule()], owners: new Map([['default/reviews/http/0', 'core1']]), planVersion: 3 });
    const access1 = compiled.forSwitch('access1')!.state;
    expect(access1.functionOffloadTable).toEqual([
      { vni: 0x5a3c1e, ruleId: 'default/reviews/http/0', action: { kind: 'set_owner', ownerIp: '10.0.0.1' } },
    ]);
    expect(access1.fullRuleTable).toEqual([]);
    const core1 = compiled.forSwitch('core1')!.state;
    expect(core1.functionOffloadTable).toEqual([{ vni: 0x5a3c1e, ruleId: 'default/reviews/http/0', action: { kind: 'owner_is_local' } }]);
    expect(core1.fullRuleTable).toHaveLength(1);
    expect(core1.fullRuleTable[0].backends.map((b) => [b.nodeVtepIp, b.weight])).toEqual([['10.0.1.3', 80], ['10.0.1.4', 20]]);
    expect(core1.sessionBudget).toEqual({ capacity: 1000, threshold: 900, expectedSessions: 100, idleTimeoutMs: 30_000 });
    // access2 holds the backends but is not on p(server1, core1): no entry.
    expect(compiled.forSwitch('access2')!.state.functionOffloadTable).toEqual([]);
    expect(compiled.forSwitch('access2')!.state.sessionBudget.expectedSessions).toBe(0);
    expect(compiled.warnings).toEqual([]);
  });

  it('numbers ports by neighbour name and routes every other VTEP toward the first hop of p(n, t)', () => {
    const compiled = compileDesiredState(graph, { fabric: doc, rules: [], owners: new Map(), planVersion: 1 });
    const access1 = compiled.forSwitch('access1')!.state;
    expect(access1.ports.map((p) => [p.port, p.neighbour])).toEqual([[1, 'core1'], [2, 'server1'], [3, 'server2']]);
    expect(access1.routes).toHaveLength(4 + 5 - 1);
    const toServer4 = access1.routes.find((r) => r.prefix === '10.0.1.4')!;
    expect(toServer4).toEqual({ prefix: '10.0.1.4', prefixLength: 32, port: 1, dstMac: '02:00:0a:00:00:01', nextHop: 'core1' });
    const toServer2 = access1.routes.find((r) => r.prefix === '10.0.1.2')!;
    expect(toServer2.port).toBe(3);
    expect(access1.routes.some((r) => r.prefix === '10.0.0.11')).toBe(false);
  });

  it('agrees with FabricGraph.path on the first hop even with equal-cost paths', () => {
    const ls = leafSpineDoc(3, 4, 2);
    const g = buildFabricGraph(ls);
    for (let s = 0; s < g.switchCount; s++) {
      const hops = firstHops(g, s);
      for (let t = 0; t < g.nodeCount; t++) {
        if (t === s) continue;
        expect(g.nameOf(hops[t]), `${g.nameOf(s)} → ${g.nameOf(t)}`).toBe(g.nameOf(g.path(s, t).nodes[1]));
      }
    }
  });

  it('is stable: same input → same hash; a new plan version or owner → a different hash', () => {
    const input = { fabric: doc, rules: [reviewsRule()], owners: new Map([['default/reviews/http/0', 'core1']]), planVersion: 3 };
    const a = compileDesiredState(graph, input).forSwitch('core1')!.hash;
    const b = compileDesiredState(buildFabricGraph(testbedDoc()), { ...input, owners: new Map(input.owners) }).forSwitch('core1')!.hash;
    expect(a).toBe(b);
    expect(a).toMatch(/^[0-9a-f]{16}$/);
    expect(compileDesiredState(graph, { ...input, planVersion: 4 }).forSwitch('core1')!.hash).not.toBe(a);
    expect(compileDesiredState(graph, { ...input, owners: new Map([['default/reviews/http/0', 'access2']]) }).forSwitch('core1')!.hash).not.toBe(a);
  });

  it('sorts entries by VNI regardless of rule order', () => {
    const r1 = reviewsRule({ id: 'a', vni: 900 });
    const r2 = reviewsRule({ id: 'b', vni: 100, priority: 1 });
    const compiled = compileDesiredState(graph, { fabric: doc, rules: [r1, r2], owners: new Map([['a', 'core1'], ['b', 'core1']]), planVersion: 1 });
    expect(compiled.forSwitch('core1')!.state.fullRuleTable.map((r) => r.vni)).toEqual([100, 900]);
    expect(compiled.forSwitch('core1')!.state.sessionBudget.expectedSessions).toBe(200);
  });

  it('skips, with a warning, rules whose owner is not a switch, requesters on unknown servers and VNI clashes', () => {
    const rules = [
      reviewsRule({ id: 'a', vni: 1 }),
      reviewsRule({ id: 'b', vni: 2 }),
      reviewsRule({ id: 'c', vni: 1 }),
      reviewsRule({ id: 'd', vni: 4, requesters: [{ pod: 'x', ip: '10.9.9.9', server: 'nowhere' }] }),
    ];
    const owners = new Map([['a', 'core1'], ['b', 'server1'], ['c', 'core1'], ['d', 'access3']]);
    const compiled = compileDesiredState(graph, { fabric: doc, rules, owners, planVersion: 1 });
    expect(compiled.warnings).toHaveLength(3);
    expect(compiled.warnings.join('\n')).toMatch(/rule b: owner server1 is not a switch/);
    expect(compiled.warnings.join('\n')).toMatch(/rule c: VNI 1 already used by rule a/);
    expect(compiled.warnings.join('\n')).toMatch(/requester x is on unknown server nowhere/);
    expect(compiled.forSwitch('core1')!.state.fullRuleTable.map((r) => r.ruleId)).toEqual(['a']);
    expect(compiled.forSwitch('access3')!.state.fullRuleTable.map((r) => r.ruleId)).toEqual(['d']);
  });

  it('answers undefined for a name that is not a switch', () => {
    const compiled = compileDesiredState(graph, { fabric: doc, rules: [], owners: new Map(), planVersion: 1 });
    expect(compiled.forSwitch('server1')).toBeUndefined();
    expect(compiled.forSwitch('nope')).toBeUndefined();
  });
});

describe('compileServiceMappings', () => {
  it('lists per server the rules its pods request, in priority order', () => {
    const rules = [
      reviewsRule({ id: 'late', priority: 5, vni: 50 }),
      reviewsRule({ id: 'early', priority: 1, vni: 10, requesters: [{ pod: 'p', ip: '10.2.0.2', server: 'server1' }, { pod: 'q', ip: '10.2.0.3', server: 'server2' }] }),
    ];
    const mappings = compileServiceMappings(rules);
    expect(mappings.get('server1')!.entries.map((e) => e.ruleId)).toEqual(['early', 'late']);
    expect(mappings.get('server2')!.entries.map((e) => [e.ruleId, e.vni])).toEqual([['early', 10]]);
    expect(mappings.has('server3')).toBe(false);
  });
});

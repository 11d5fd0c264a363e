import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fatTreeFabric } from '../../../src/core/fabric/generators/fat-tree-fabric';
import { testbedFabric } from '../../../src/core/fabric/generators/testbed-fabric';
import { buildFabricGraph } from '../../../src/core/fabric/graph';
import { saveFabric } from '../../../src/db/fabric-store';
import { istioRules, istioState } from '../../../src/db/schema/istio';
import { loadPlanInstance } from '../../../src/jobs/plan/load-plan-instance';
import { loadFabricTopology } from '../../../src/jobs/plan/load-topology';
import { readRulePages } from '../../../src/jobs/plan/read-rule-pages';
import { putRules, testRule } from '../../api/plans-suite';
import { makeNodeHarness } from '../../helpers/harness-node';
import type { Harness } from '../../helpers/harness';

describe('plan job loading (document-free fabric, rules in pages, m_n)', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await makeNodeHarness();
    await saveFabric(h.deps.db, testbedFabric());
    await saveFabric(h.deps.db, { ...fatTreeFabric({ k: 4, serversPerEdge: 2, podsPerServer: 2 }), name: 'ft4' });
  });
  afterAll(async () => { await h.close(); });

  it('loadFabricTopology reads the stored chunks into the same graph as the document, without pods', async () => {
    const loaded = await loadFabricTopology(h.deps.db, 'ft4');
    const g = buildFabricGraph(fatTreeFabric({ k: 4, serversPerEdge: 2, podsPerServer: 2 }));
    expect(loaded).toBeDefined();
    const t = loaded!.topology;
    expect(t).not.toHaveProperty('doc');
    expect([t.nodeCount, t.switchCount, t.linkCount]).toEqual([g.nodeCount, g.switchCount, g.linkCount]);
    expect(Array.from(t.adjNode)).toEqual(Array.from(g.adjNode));
    const s = g.indexOf('server-1-1-1')!, u = g.indexOf('server-3-2-2')!;
    expect(t.path(s, u)).toEqual(g.path(s, u));
    expect(await loadFabricTopology(h.deps.db, 'ghost')).toBeUndefined();
  });

  it('readRulePages visits every rule once, in (priority, id) order, one bounded page at a time', async () => {
    const rules = ['e', 'b', 'd', 'a', 'c'].map((id) => testRule(id, ['server1'], ['server3']));
    await putRules(h, 'testbed', rules); // priorities 0..4 by position
    const seen: string[][] = [];
    const read = (page: { id: string }[]) => { seen.push(page.map((r) => r.id)); };
    expect(await readRulePages(h.deps.db, 'testbed', read, 2)).toBe(true);
    expect(seen).toEqual([['e', 'b'], ['d', 'a'], ['c']]);
    // All tied on priority: the id breaks ties, and a page boundary inside the tie loses and repeats nothing.
    await h.deps.db.update(istioRules).set({ priority: 7 }).where(eq(istioRules.fabric, 'testbed'));
    seen.length = 0;
    expect(await readRulePages(h.deps.db, 'testbed', read, 2)).toBe(true);
    expect(seen).toEqual([['a', 'b'], ['c', 'd'], ['e']]);
  });

  it('readRulePages reports an incomplete read when the rule set is rewritten meanwhile', async () => {
    await putRules(h, 'testbed', [testRule('a', ['server1'], ['server3']), testRule('b', ['server1'], ['server3'])]);
    await h.deps.db.insert(istioState).values({ fabric: 'testbed', version: 1, releasedVnis: '[]', updatedAt: 0 })
      .onConflictDoUpdate({ target: istioState.fabric, set: { version: 1 } });
    const complete = await readRulePages(h.deps.db, 'testbed', async () => {
      await h.deps.db.update(istioState).set({ version: 2 }).where(eq(istioState.fabric, 'testbed'));
    }, 1);
    expect(complete).toBe(false);
  });

  it('loadPlanInstance names an unknown server by the rule’s position; a missing fabric is reported', async () => {
    await putRules(h, 'testbed', [
      testRule('a', ['server1'], ['server3']), testRule('b', ['server1'], ['server3']), testRule('c', ['server2'], ['nowhere']),
    ]);
    expect(await loadPlanInstance(h.deps.db, 'testbed', Date.now)).toEqual({
      kind: 'invalid', field: 'rules[2].backends[0].server', reason: "rule c: 'nowhere' is not a server of the fabric",
    });
    expect(await loadPlanInstance(h.deps.db, 'ghost', Date.now)).toEqual({ kind: 'missing' });
  });

  it('loadPlanInstance builds the instance with M_n − m_n (no telemetry: m_n = 0)', async () => {
    await putRules(h, 'testbed', [testRule('a', ['server1'], ['server3'], 10, 1), testRule('b', ['server2'], ['server4'], 20, 1)]);
    const loaded = await loadPlanInstance(h.deps.db, 'testbed', Date.now);
    if (loaded.kind !== 'loaded') throw new Error(JSON.stringify(loaded));
    expect(loaded.inst.ruleIds).toEqual(['a', 'b']);
    expect(Array.from(loaded.inst.fp.x)).toEqual([10, 20]);
    expect(Array.from(loaded.inst.capacity)).toEqual(testbedFabric().switches.map((s) => s.sramCapacity));
    expect(loaded.sram).toMatchObject({ switches: 0, totalSessions: 0, oldestReportAt: null });
  });
});

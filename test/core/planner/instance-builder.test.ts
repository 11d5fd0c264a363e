import { describe, expect, it } from 'vitest';
import { fatTreeFabric } from '../../../src/core/fabric/generators/fat-tree-fabric';
import { buildFabricGraph, IndexedFabricTopology } from '../../../src/core/fabric/graph';
import { FabricTopologyBuilder } from '../../../src/core/fabric/topology-builder';
import {
  InstanceBuilder, plan, planInstance, prepareInstance, type PlanInstance, type PlanResult,
} from '../../../src/core/planner';
import { gatewayBaseline } from '../../../src/core/planner/baseline-paths';
import { forEachSyntheticRule, syntheticWorkload } from '../../../src/core/planner/workload';

const WORKLOAD = { rules: 300, seed: 4, totalGbps: 200, meanSessions: 80 };

function fabric() {
  const doc = fatTreeFabric({ k: 4, serversPerEdge: 2, sramCapacity: 2000 });
  doc.servers[0] = { ...doc.servers[0], kind: 'gateway' };
  return doc;
}

function topologyOf(doc: ReturnType<typeof fabric>): IndexedFabricTopology {
  return new IndexedFabricTopology(new FabricTopologyBuilder().addSwitches(doc.switches).addServers(doc.servers).addLinks(doc.links).parts());
}

function mustInstance(x: ReturnType<typeof prepareInstance>): PlanInstance {
  if (x.kind !== 'instance') throw new Error(JSON.stringify(x));
  return x;
}

function mustPlan(x: ReturnType<typeof plan>): PlanResult {
  if (x.kind !== 'plan') throw new Error(JSON.stringify(x));
  return x;
}

describe('InstanceBuilder (streamed rules, document-free fabric)', () => {
  it('streaming rules into a topology gives the same footprints, instance and plan as prepareInstance on the graph', () => {
    const doc = fabric();
    const graph = buildFabricGraph(doc);
    const rules = syntheticWorkload(graph, WORKLOAD);
    const sramUsed = new Map([['core-1-1', 300], ['agg-2-1', 1900]]);
    const reference = mustInstance(prepareInstance({ graph, rules, sramUsed }));

    const topology = topologyOf(doc);
    const builder = new InstanceBuilder(topology, { expectedRules: 10, sramUsed }); // under-sized: columns must grow
    let made = 0;
    forEachSyntheticRule(topology, WORKLOAD, function add(rule) { expect(builder.addRule(rule)).toBeUndefined(); made++; });
    expect(made).toBe(WORKLOAD.rules);
    const streamed = mustInstance(builder.finish());

    for (const key of ['x', 'y', 'qStart', 'qAcc', 'qDelay', 'kStart', 'kAcc', 'kDelay', 'uStart', 'uAcc'] as const) {
      expect(Array.from(streamed.fp[key]), key).toEqual(Array.from(reference.fp[key]));
    }
    expect(Array.from(streamed.baseLoad)).toEqual(Array.from(reference.baseLoad));
    expect(Array.from(streamed.capacity)).toEqual(Array.from(reference.capacity));
    expect(streamed.ruleIds).toEqual(rules.map((r) => r.id));
    expect(streamed.serverKind[0]).toBe(1);

    const a = mustPlan(planInstance(streamed, { seed: 7, iterations: 2000 }));
    const b = mustPlan(plan({ graph, rules, sramUsed }, { seed: 7, iterations: 2000 }));
    expect(Array.from(a.owners)).toEqual(Array.from(b.owners));
    expect(a.objectiveUs).toBe(b.objectiveUs);
    // The older three-argument form still plans the same instance.
    expect(mustPlan(planInstance(reference, { graph, rules }, { seed: 7, iterations: 2000 })).objectiveUs).toBe(b.objectiveUs);
    // Baselines read the gateway from the instance, not from a document.
    expect(gatewayBaseline(streamed)?.objectiveUs).toBe(gatewayBaseline(reference)?.objectiveUs);
  });

  it('infeasibility names rules by their ids from the instance', () => {
    const topology = topologyOf(fabric());
    const b = new InstanceBuilder(topology);
    const server = topology.indexOf('server-1-1-2')!;
    expect(b.addRule({ id: 'too-big', requesters: [server], backends: [server], expectedSessions: 5000, expectedGbps: 1 })).toBeUndefined();
    const out = planInstance(mustInstance(b.finish()), { seed: 1 });
    expect(out.kind).toBe('infeasible');
    if (out.kind === 'infeasible') expect(out.reason).toContain('too-big (x_r = 5000)');
  });

  it('a bad rule or m_n is a value naming the field; the rule is not added', () => {
    const topology = topologyOf(fabric());
    const b = new InstanceBuilder(topology, { sramUsed: new Map([['server-1-1-2', 5]]) });
    const server = topology.indexOf('server-1-1-2')!;
    expect(b.addRule({ id: 'ok', requesters: [server], backends: [server], expectedSessions: 1, expectedGbps: 0 })).toBeUndefined();
    expect(b.addRule({ id: 'neg', requesters: [server], backends: [server], expectedSessions: -1, expectedGbps: 0 }))
      .toEqual({ kind: 'invalid', field: 'rules[1].expectedSessions', reason: 'x_r must be a finite number ≥ 0, got -1' });
    expect(b.addRule({ id: 'sw', requesters: [0], backends: [server], expectedSessions: 1, expectedGbps: 0 }))
      .toMatchObject({ kind: 'invalid', field: 'rules[1].requesters[0]' });
    expect(b.size).toBe(1);
    expect(b.finish()).toEqual({ kind: 'invalid', field: 'sramUsed.server-1-1-2', reason: 'not a switch of the fabric' });
    expect(() => b.finish()).toThrow(/twice/);
  });
});

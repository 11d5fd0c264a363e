import { describe, expect, it } from 'vitest';
import { plannerPlacement } from '../../../src/cli/sim-placement';
import { testbedFabric } from '../../../src/core/fabric/generators/testbed-fabric';
import { buildFabricGraph } from '../../../src/core/fabric/graph';
import { runSweep } from '../../../src/core/sim/experiment';
import { figureCharts } from '../../../src/core/sim/report/charts';
import { buildSimReport } from '../../../src/core/sim/report/build-report';
import { toHtml, toMarkdown } from '../../../src/core/sim/report/report-document';
import { createRng } from '../../../src/core/sim/random';
import { simulate } from '../../../src/core/sim/simulate';
import { buildCarParkingWorkload, drawRequest } from '../../../src/core/sim/workload';

const fabric = testbedFabric();
const graph = buildFabricGraph(fabric);

function workloadAt(rps: number) {
  return buildCarParkingWorkload(fabric, graph, { seed: 1, rps });
}

describe('car-parking workload', () => {
  it('20 % of the rules carry 80 % of the requests, spread evenly over the four mesh servers', () => {
    const w = workloadAt(10_000);
    if (!w.ok) throw new Error('workload');
    const hot = new Set<number>();
    const order = Array.from(w.value.share.keys()).sort((a, b) => w.value.share[b] - w.value.share[a]);
    for (const r of order.slice(0, 200)) hot.add(r);
    const rng = createRng(7);
    const perServer = new Map<string, number>();
    let hotHits = 0;
    const n = 40_000;
    for (let i = 0; i < n; i++) {
      const d = drawRequest(w.value, rng);
      if (hot.has(d.rule)) hotHits++;
      const s = w.value.pods[d.srcPod].server;
      perServer.set(s, (perServer.get(s) ?? 0) + 1);
    }
    expect(w.value.rules).toHaveLength(1000);
    expect(hotHits / n).toBeGreaterThan(0.78);
    expect(hotHits / n).toBeLessThan(0.82);
    expect([...perServer.keys()].sort()).toEqual(['server1', 'server2', 'server3', 'server4']);
    for (const c of perServer.values()) expect(Math.abs(c / n - 0.25)).toBeLessThan(0.02);
  });

  it('a bad rule count is an error value naming the field', () => {
    const w = buildCarParkingWorkload(fabric, graph, { seed: 1, rps: 1, ruleCount: 0 });
    expect(w.ok).toBe(false);
    if (!w.ok) expect(w.errors[0].field).toBe('ruleCount');
  });
});

describe('architectures on the testbed', () => {
  it("Canal's detour puts every request on the core–access3 link twice (Fig. 1b); Istio puts none there", () => {
    const w = workloadAt(2000);
    if (!w.ok) throw new Error('workload');
    const link = graph.doc.links.findIndex((l) => [l.a, l.b].sort().join() === 'access3,core1');
    const onLink = (bits: Float64Array) => bits[2 * link] + bits[2 * link + 1];
    const run = (architecture: 'canal' | 'istio') => {
      const r = simulate({ fabric, graph, workload: w.value, architecture, rps: 2000, durationSeconds: 0.05, seed: 3 });
      if (!r.ok) throw new Error('sim');
      return r.value;
    };
    const canal = run('canal'), istio = run('istio');
    const offered = canal.requests * w.value.requestBits;
    expect(canal.requests).toBeGreaterThan(50);
    expect(onLink(canal.portOfferedBits)).toBeCloseTo(2 * offered, 3);
    expect(onLink(istio.portOfferedBits)).toBe(0);
    const total = (bits: Float64Array) => bits.reduce((s, b) => s + b, 0);
    expect(total(canal.portOfferedBits)).toBeGreaterThanOrEqual(2 * total(istio.portOfferedBits));
  });

  it('PiggyCar without an owner for a rule is an error value, not a throw', () => {
    const w = workloadAt(1000);
    if (!w.ok) throw new Error('workload');
    const r = simulate({ fabric, graph, workload: w.value, architecture: 'piggycar', rps: 1000, durationSeconds: 0.01, seed: 1, owners: new Map() });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors[0].field).toBe('owners');
  });

  it('same seed → same report; another seed → other numbers', () => {
    const placement = plannerPlacement(graph, { seed: 1, iterations: 200 });
    const report = (seed: number) => {
      const sweep = runSweep({
        fabric, graph, architectures: ['piggycar', 'istio', 'canal'], rpsList: [5000, 60_000], durationSeconds: 0.03,
        seed, workloadAt, placement,
      });
      if (!sweep.ok) throw new Error('sweep');
      const charts = figureCharts(sweep.value);
      const doc = buildSimReport({
        fabricName: 'testbed', command: 'test', seed, durationSeconds: 0.03, sweep: sweep.value,
        fig11: { status: 'needs-scheduler', reason: 'test' }, placementNote: 'planner', figureFiles: [...charts.keys()],
      });
      return { md: toMarkdown(doc), html: toHtml(doc, charts), runs: sweep.value.runs };
    };
    const a = report(1), b = report(1), c = report(2);
    expect(b.md).toBe(a.md);
    expect(b.html).toBe(a.html);
    expect(c.runs.map((r) => r.p99Ms)).not.toEqual(a.runs.map((r) => r.p99Ms));
    expect(a.md).toContain('| p99 latency reduction |');
  });
});

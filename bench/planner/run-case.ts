/**
 * Runs one planner benchmark case in this process and prints one JSON line (spawned by ./index.ts with
 * --expose-gc and a heap cap, one process per case so peaks do not mix).
 *
 * Peak heap: `peakHeapMB` is the largest heapUsed + arrayBuffers (typed arrays live outside the JS heap)
 * sampled during plan() — at every phase boundary and every 64 annealing iterations, through the clock
 * callback the planner already calls — without forcing GC, so it includes not-yet-collected garbage and
 * the inputs the planner holds (fabric document, graph, rules). `inputHeapMB` is the same sum after a full
 * GC just before plan(). The parent also caps the V8 old space (--max-old-space-size), so a run that needed
 * more would have crashed instead of reporting.
 */
import { writeFileSync, mkdirSync } from 'node:fs';
import { buildFabricGraph } from '../../src/core/fabric/graph';
import { planInstance, prepareInstance, type PlanInstance, type PlanResult } from '../../src/core/planner';
import { assignmentBaseline } from '../../src/core/planner/baseline-assign';
import { gatewayBaseline, sidecarBaseline } from '../../src/core/planner/baseline-paths';
import { evaluateOwners } from '../../src/core/planner/evaluate-owners';
import { lowerBound } from '../../src/core/planner/lower-bound';
import { buildPlannerMilp } from '../../src/core/planner/milp';
import { syntheticWorkload } from '../../src/core/planner/workload';
import { CASES } from './cases';
import { utilizationSvg } from './svg';

const name = process.argv[2];
const spec = CASES.find((c) => c.name === name);
if (!spec) {
  console.error(`unknown case ${name}; known: ${CASES.map((c) => c.name).join(', ')}`);
  process.exit(2);
}
const gc = (globalThis as { gc?: () => void }).gc ?? (() => undefined);
const mb = (bytes: number): number => Math.round(bytes / 1e4) / 100;
function heapNow(): number {
  const u = process.memoryUsage();
  return u.heapUsed + u.arrayBuffers;
}

const tSetup = performance.now();
const doc = spec.fabric();
const graph = buildFabricGraph(doc);
const rules = syntheticWorkload(graph, { ...spec.workload });
const setupMs = performance.now() - tSetup;
const input = { graph, rules };
gc();
const inputHeap = heapNow();
let peak = inputHeap;
// The planner's clock is this process's CPU time (user + system, ms): its annealing deadline and phase timings
// then do not depend on what else runs on the machine. Wall time is measured separately.
const now = (): number => {
  const h = heapNow();
  if (h > peak) peak = h;
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};
const cpu0 = process.cpuUsage();
const wall0 = performance.now();
const t0 = now();
const inst = prepareInstance(input);
if (inst.kind !== 'instance') throw new Error(`${inst.field}: ${inst.reason}`);
const out = planInstance(inst, input, {
  seed: spec.workload.seed, iterations: spec.iterations, now,
  deadline: spec.deadlineMs === undefined ? undefined : t0 + spec.deadlineMs,
});
now();
const wallMs = performance.now() - wall0;
const cpu = process.cpuUsage(cpu0);
// CPU time of this process during plan() (user + system; includes V8's GC threads): wall time is inflated
// when other work shares the machine's two cores.
const cpuMs = (cpu.user + cpu.system) / 1000;
if (out.kind !== 'plan') throw new Error(JSON.stringify(out));
const planned: PlanResult = out;
const peakHeapMB = mb(peak);

const tLb = performance.now();
const lb = lowerBound(inst as PlanInstance);
const lowerBoundMs = performance.now() - tLb;
const gateway = gatewayBaseline(inst);
const sidecar = sidecarBaseline(inst);
const random = assignmentBaseline(inst, 'random', spec.workload.seed);
const firstFit = assignmentBaseline(inst, 'firstFit');

let optimumUs: number | null = null;
let milpStatus: string | null = null;
let milpMs: number | null = null;
if (spec.milp) {
  const highs = await (await import('highs')).default();
  const model = buildPlannerMilp(inst);
  const t = performance.now();
  const sol = highs.solve(model.lp, { time_limit: 60, mip_rel_gap: 1e-7 });
  milpMs = performance.now() - t;
  milpStatus = sol.Status;
  if (sol.Status === 'Optimal') {
    const columns = new Map(Object.entries(sol.Columns).map(([k, c]) => [k, (c as { Primal: number }).Primal]));
    const owners = model.decode(columns);
    // The solver optimises the tangent envelope of F(e); its assignment is evaluated exactly (eq. 1–3).
    if (!owners.includes(-1)) optimumUs = evaluateOwners(inst, owners).objectiveUs;
  }
}

let maxRho = 0;
for (const r of planned.linkUtilization) if (r > maxRho) maxRho = r;
const round = (v: number | undefined | null, d = 4): number | null => (v == null ? null : Number(v.toFixed(d)));
const row = {
  case: spec.name,
  description: spec.description,
  switches: graph.switchCount,
  servers: graph.nodeCount - graph.switchCount,
  rules: rules.length,
  setupMs: Math.round(setupMs),
  wallMs: Math.round(wallMs),
  cpuMs: Math.round(cpuMs),
  /** CPU ms per phase. */
  phaseMs: {
    prepare: Math.round(planned.timings.greedyStart - t0), greedy: Math.round(planned.timings.greedyMs),
    anneal: Math.round(planned.timings.annealMs), evaluate: Math.round(planned.timings.evaluateMs),
  },
  peakHeapMB,
  inputHeapMB: mb(inputHeap),
  maxRssMB: Math.round(process.resourceUsage().maxRSS / 1024),
  objectiveUs: round(planned.objectiveUs),
  greedyObjectiveUs: round(planned.stats.greedyObjectiveUs),
  lowerBoundUs: round(lb.lowerBoundUs),
  gapToLowerBound: round(planned.objectiveUs / lb.lowerBoundUs - 1, 5),
  lowerBoundMs: Math.round(lowerBoundMs),
  optimumUs: round(optimumUs),
  milpStatus,
  milpMs: milpMs === null ? null : Math.round(milpMs),
  baselineObjectiveUs: {
    gateway: round(gateway?.objectiveUs), sidecar: round(sidecar.objectiveUs),
    random: round(random?.objectiveUs), firstFit: round(firstFit?.objectiveUs),
  },
  annealIterations: planned.stats.annealIterations,
  fallbackRules: planned.stats.fallbackRules,
  maxRho: round(maxRho),
  overloads: planned.overloads.length,
  gatewayOverloads: gateway?.overloads.length ?? null,
};
if (process.env.PLANNER_BENCH_SVG !== '0' && !spec.name.startsWith('small-')) {
  mkdirSync(new URL('../out/', import.meta.url), { recursive: true });
  writeFileSync(new URL(`../out/planner-${spec.name}.svg`, import.meta.url), utilizationSvg(spec.name, inst as PlanInstance, planned, gateway));
}
process.stdout.write(`${JSON.stringify(row)}\n`);

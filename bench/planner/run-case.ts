/**
 * Runs one planner benchmark case in this process and prints one JSON line (spawned by ./index.ts with
 * --expose-gc and a heap cap, one process per case so peaks do not mix).
 *
 * The measured pipeline is what a plan job does, in the order it does it: generate the fabric and reduce it to
 * a document-free topology (typed arrays) — for the fat-tree cases streamed pod by pod into the builder, as the
 * job reads a stored fabric chunk by chunk, so no document exists; for the others from the generated document,
 * which is then unreachable — stream the seeded rules one by one into an InstanceBuilder (each rule reduced to
 * its access-switch footprint at once, no rule kept), then plan.
 *
 * Peak heap: `peakHeapMB` is the largest heapUsed + arrayBuffers (typed arrays live outside the JS heap)
 * sampled over that whole pipeline — after the document is generated (if any), after the topology is built, every
 * 1,024 rules, after the instance, and inside plan() at every phase boundary and every 64 annealing
 * iterations through the clock callback — with no GC forced anywhere in it (one full GC runs before it
 * starts, so the figure starts from the bare runtime), so it includes not-yet-collected garbage and the
 * ~6 MB of the runtime and loaded modules. `planPeakHeapMB` is the same over plan() alone; `retainedHeapMB`
 * is heapUsed + arrayBuffers after a full GC with the topology, instance and plan still live;
 * `loadPeakHeapMB` the peak before plan() (the document's phase). The parent also
 * caps the V8 old space (--max-old-space-size), so a run that needed more would have crashed instead of
 * reporting. The lower bound and the baselines run afterwards and are not part of the pipeline
 * (`yardstickPeakHeapMB`).
 */
import { writeFileSync, mkdirSync } from 'node:fs';
import { IndexedFabricTopology } from '../../src/core/fabric/graph';
import { FabricTopologyBuilder } from '../../src/core/fabric/topology-builder';
import { planInstance, type PlanInstance, type PlanResult } from '../../src/core/planner';
import { assignmentBaseline } from '../../src/core/planner/baseline-assign';
import { gatewayBaseline, sidecarBaseline } from '../../src/core/planner/baseline-paths';
import { evaluateOwners } from '../../src/core/planner/evaluate-owners';
import { InstanceBuilder } from '../../src/core/planner/instance-builder';
import { lowerBound } from '../../src/core/planner/lower-bound';
import { buildExactMilp } from '../../src/core/planner/bound-exact-milp';
import { buildPlannerMilp } from '../../src/core/planner/milp';
import { forEachSyntheticRule } from '../../src/core/planner/workload';
import { CASES, type PlannerCase } from './cases';
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
let peak = 0;
function sample(): void {
  const h = heapNow();
  if (h > peak) peak = h;
}

/** The fabric's entities fed to a topology builder: the document lives only inside this function. */
function feedFabric(c: PlannerCase): FabricTopologyBuilder {
  const doc = c.fabric();
  sample();
  const builder = new FabricTopologyBuilder({ switches: doc.switches.length, servers: doc.servers.length, links: doc.links.length });
  builder.addSwitches(doc.switches).addServers(doc.servers).addLinks(doc.links);
  sample();
  return builder;
}

/**
 * The fabric as the planner keeps it: streamed section by section when the case can (as the plan job reads a
 * stored fabric chunk by chunk), else from the generated document; the CSR is built once the document is
 * unreachable.
 */
function buildTopology(c: PlannerCase): IndexedFabricTopology {
  const builder = c.topology ? c.topology() : feedFabric(c);
  sample();
  return new IndexedFabricTopology(builder.parts());
}

gc();
const runtimeHeap = heapNow();
peak = runtimeHeap;
// The planner's clock is this process's CPU time (user + system, ms): its annealing deadline and phase timings
// then do not depend on what else runs on the machine. Wall time is measured separately.
const now = (): number => {
  sample();
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};
const cpu0 = process.cpuUsage();
const wall0 = performance.now();
const t0 = now();
const topology = buildTopology(spec);
sample();
const fabricMs = performance.now() - wall0;
const builder = new InstanceBuilder(topology, { expectedRules: spec.workload.rules });
let bad: unknown;
forEachSyntheticRule(topology, spec.workload, function add(rule, r) {
  bad ??= builder.addRule(rule);
  if ((r & 1023) === 0) sample();
});
if (bad) throw new Error(JSON.stringify(bad));
const built = builder.finish();
if (built.kind !== 'instance') throw new Error(`${built.field}: ${built.reason}`);
const inst: PlanInstance = built;
sample();
const instanceMs = performance.now() - wall0 - fabricMs;
const pipelinePeakBeforePlan = peak;
peak = heapNow();
const tPlan = now();
const planWall0 = performance.now();
const out = planInstance(inst, {
  seed: spec.workload.seed, iterations: spec.iterations, now,
  // The deadline counts from the start of the pipeline (fabric generation included).
  deadline: spec.deadlineMs === undefined ? undefined : t0 + spec.deadlineMs,
});
now();
const planMs = performance.now() - planWall0;
const wallMs = performance.now() - wall0;
const cpu = process.cpuUsage(cpu0);
// CPU time of this process over the pipeline (user + system; includes V8's GC threads): wall time is
// inflated when other work shares the machine's two cores.
const cpuMs = (cpu.user + cpu.system) / 1000;
if (out.kind !== 'plan') throw new Error(JSON.stringify(out));
const planned: PlanResult = out;
const planPeakHeapMB = mb(peak);
const peakHeapMB = mb(Math.max(peak, pipelinePeakBeforePlan));
gc();
const retainedHeapMB = mb(heapNow());
peak = heapNow();

const tLb = performance.now();
const lb = lowerBound(inst);
sample();
const lowerBoundMs = performance.now() - tLb;
const gateway = gatewayBaseline(inst);
const sidecar = sidecarBaseline(inst);
const random = assignmentBaseline(inst, 'random', spec.workload.seed);
const firstFit = assignmentBaseline(inst, 'firstFit');
sample();
const yardstickPeakHeapMB = mb(peak);

let optimumUs: number | null = null;
let milpStatus: string | null = null;
let milpMs: number | null = null;
// By default HiGHS solves the model over the planner's candidate owners (seconds); with PLANNER_BENCH_EXACT=1
// (`-- --exact`) over every switch as owner (bound-exact-milp.ts: the true optimum, minutes per instance).
const exactMilp = process.env.PLANNER_BENCH_EXACT === '1';
const optimumModel = spec.milp ? (exactMilp ? 'all owners' : 'candidate owners') : null;
if (spec.milp) {
  const highs = await (await import('highs')).default();
  const model = exactMilp ? buildExactMilp(inst) : buildPlannerMilp(inst);
  const t = performance.now();
  const sol = highs.solve(model.lp, { time_limit: exactMilp ? 600 : 60, mip_rel_gap: 1e-7 });
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
  switches: topology.switchCount,
  servers: topology.nodeCount - topology.switchCount,
  rules: inst.fp.count,
  /** Wall ms of the whole pipeline (fabric generation → plan) and of its parts. */
  wallMs: Math.round(wallMs),
  fabricMs: Math.round(fabricMs),
  instanceMs: Math.round(instanceMs),
  planMs: Math.round(planMs),
  cpuMs: Math.round(cpuMs),
  /** CPU ms per phase of plan(). */
  phaseMs: {
    greedy: Math.round(planned.timings.greedyMs), anneal: Math.round(planned.timings.annealMs),
    evaluate: Math.round(planned.timings.evaluateMs), prepare: Math.round(planned.timings.greedyStart - tPlan),
  },
  peakHeapMB,
  /** Peak before plan(): fabric document + topology, then the rules streamed into the instance. */
  loadPeakHeapMB: mb(pipelinePeakBeforePlan),
  planPeakHeapMB,
  retainedHeapMB,
  runtimeHeapMB: mb(runtimeHeap),
  yardstickPeakHeapMB,
  maxRssMB: Math.round(process.resourceUsage().maxRSS / 1024),
  objectiveUs: round(planned.objectiveUs),
  greedyObjectiveUs: round(planned.stats.greedyObjectiveUs),
  lowerBoundUs: round(lb.lowerBoundUs),
  gapToLowerBound: round(planned.objectiveUs / lb.lowerBoundUs - 1, 5),
  lowerBoundMs: Math.round(lowerBoundMs),
  optimumUs: round(optimumUs),
  optimumModel,
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
  writeFileSync(new URL(`../out/planner-${spec.name}.svg`, import.meta.url), utilizationSvg(spec.name, inst, planned, gateway));
}
process.stdout.write(`${JSON.stringify(row)}\n`);

/**
 * `npm run bench:scheduler [-- --json] [-- --case NAME] [-- --triggers N]`: decision time per trigger of the
 * online scheduler (Algorithm 2, `migrate`) at the testbed, mid and the paper's large scale (fat-tree k = 90,
 * 10,125 switches, 100,000 rules — the planner benchmark's instances), beside the exhaustive baseline (every
 * R_Δ^full rule on every switch). The plan is the planner's greedy assignment (Algorithm 1 without annealing).
 * Triggers: the switches owning the most rules, each seeing its rules at 1.5 × x_r + ΔX/|rules| sessions.
 * Then the end-to-end case `report-to-serving` (report-to-serving.ts: real processes on loopback, `--runs N`,
 * default 5; `--no-e2e` skips it, `--case report-to-serving` runs only it; `--baseline` interleaves as many runs
 * with the agents reading every session back on every apply).
 */
import { buildFabricGraph } from '../../src/core/fabric/graph';
import { plan } from '../../src/core/planner';
import { syntheticWorkload } from '../../src/core/planner/workload';
import { buildSchedulerModel, DEFAULT_SCHEDULER_SETTINGS, migrate, type DecisionInput } from '../../src/core/scheduler';
import { CASES } from '../planner/cases';
import { exhaustiveDecision } from './exhaustive';

const args = process.argv.slice(2);
const json = args.includes('--json');
const only = args.includes('--case') ? args[args.indexOf('--case') + 1] : undefined;
const triggers = args.includes('--triggers') ? Number(args[args.indexOf('--triggers') + 1]) : 200;
const NAMES = ['testbed', 'fat-tree-k16', 'fat-tree-k32', 'large'];
/** The end-to-end case (real processes on loopback): report → new owner serving (report-to-serving.ts). */
const E2E_CASE = 'report-to-serving';
const e2e = !args.includes('--no-e2e') && (!only || only === E2E_CASE);
const runs = args.includes('--runs') ? Number(args[args.indexOf('--runs') + 1]) : 5;
const REPEAT = 5;

function percentile(xs: number[], p: number): number {
  const s = xs.slice().sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(p * s.length))];
}

const rows: Record<string, unknown>[] = [];
for (const spec of CASES.filter((c) => NAMES.includes(c.name) && (!only || c.name === only))) {
  const tBuild = performance.now();
  const graph = buildFabricGraph(spec.fabric());
  const rules = syntheticWorkload(graph, spec.workload);
  const planned = plan({ graph, rules }, { seed: 1, iterations: 0 });
  if (planned.kind !== 'plan') { console.error(spec.name, planned); continue; }
  const owners = new Map(rules.map((r, i) => [r.id, graph.nameOf(planned.owners[i])] as const));
  const settings = { ...DEFAULT_SCHEDULER_SETTINGS };
  const tModel = performance.now();
  const model = buildSchedulerModel({ graph, rules, owners, topK: settings.topK });
  if (model.kind !== 'model') { console.error(spec.name, model); continue; }
  const modelMs = performance.now() - tModel;
  const S = graph.switchCount;
  const occupancy = new Float64Array(S);
  const deltaX = new Float64Array(S);
  for (let r = 0; r < model.fp.count; r++) occupancy[model.state.owner[r]] += model.fp.x[r];
  const bySize = Array.from({ length: S }, (_, n) => n).filter((n) => model.rulesOf(n).length > 0)
    .sort((a, b) => model.rulesOf(b).length - model.rulesOf(a).length || a - b);
  const inputs: DecisionInput[] = bySize.slice(0, triggers).map((c) => {
    const owned = model.rulesOf(c);
    const observations = Array.from(owned, (r) => ({
      ruleId: model.ruleIds[r], sessions: Math.round(1.5 * model.fp.x[r] + settings.deltaX / owned.length), gbps: model.fp.y[r] * 1.5,
    }));
    const occ = occupancy.slice();
    const dx = deltaX.slice();
    occ[c] = observations.reduce((t, o) => t + o.sessions, 0);
    dx[c] = observations.reduce((t, o, i) => t + o.sessions - model.fp.x[owned[i]], 0);
    return { switchName: graph.nameOf(c), observations, switches: { occupancy: occ, deltaX: dx }, history: [], now: 0 };
  });
  for (let i = 0; i < Math.min(5, inputs.length); i++) migrate(model, settings, inputs[i]); // warm-up (JIT)
  (globalThis as { gc?: () => void }).gc?.();
  // The machine is shared (2 cores, many processes): each trigger is decided REPEAT times (migrate restores the
  // model, so the runs are identical) and its best wall time is kept — preemption only ever adds time. The first
  // run's times are reported too (rawMsP50/P99).
  const times: number[] = [];
  const raw: number[] = [];
  let moves = 0, skipped = 0, resolved = 0;
  for (const input of inputs) {
    let best = Number.POSITIVE_INFINITY;
    for (let k = 0; k < REPEAT; k++) {
      const t0 = performance.now();
      const out = migrate(model, settings, input);
      const dt = performance.now() - t0;
      if (k === 0) {
        raw.push(dt);
        if (out.kind === 'decision') { moves += out.moves.length; skipped += out.skipped.length; if (out.resolved) resolved++; }
      }
      best = Math.min(best, dt);
    }
    times.push(best);
  }
  // The baseline is slow at scale: up to 20 triggers within ~20 s; a decision that would take longer than 5 s is
  // stopped and its time extrapolated from the rule × switch evaluations done (baselineExtrapolated).
  const baseTimes: number[] = [];
  let extrapolated = false;
  const tBase = performance.now();
  for (const input of inputs) {
    const b = exhaustiveDecision(model, settings, input, 5000);
    if (b.evaluated < b.total) extrapolated = true;
    baseTimes.push(b.evaluated > 0 ? (b.elapsedMs * b.total) / b.evaluated : b.elapsedMs);
    if (performance.now() - tBase > 20_000 || baseTimes.length >= 20) break;
  }
  const row = {
    case: spec.name, rules: model.fp.count, switches: S, triggers: inputs.length,
    decisionMsP50: percentile(times, 0.5), decisionMsP99: percentile(times, 0.99), decisionMsMax: Math.max(...times), rawMsP50: percentile(raw, 0.5), rawMsP99: percentile(raw, 0.99),
    baselineTriggers: baseTimes.length, baselineMsP50: percentile(baseTimes, 0.5), baselineExtrapolated: extrapolated,
    ratioP50: percentile(baseTimes, 0.5) / percentile(times, 0.5),
    movesPerTrigger: moves / Math.max(1, inputs.length), resolvedTriggers: resolved, skippedRules: skipped,
    modelBuildMs: modelMs, setupMs: tModel - tBuild,
  };
  rows.push(row);
  if (json) console.log(JSON.stringify(row));
}
if (!json) {
  console.log('case            rules   switches  triggers  p50 ms   p99 ms   baseline p50 ms  ratio   moves/trigger  model build ms');
  for (const r of rows) {
    const f = (x: unknown, d = 3): string => (typeof x === 'number' ? x.toFixed(d) : String(x));
    console.log(`${String(r.case).padEnd(15)} ${String(r.rules).padStart(6)}  ${String(r.switches).padStart(8)}  ${String(r.triggers).padStart(8)}  ${f(r.decisionMsP50).padStart(7)}  ${f(r.decisionMsP99).padStart(7)}  ${f(r.baselineMsP50, 1).padStart(15)}  ${f(r.ratioP50, 0).padStart(5)}×  ${f(r.movesPerTrigger, 1).padStart(13)}  ${f(r.modelBuildMs, 0).padStart(14)}`);
  }
}
if (e2e) {
  const { reportToServingCase } = await import('./report-to-serving');
  const row = await reportToServingCase({ runs, baseline: args.includes('--baseline'), log: (line) => process.stderr.write(`${line}\n`) });
  if (json) console.log(JSON.stringify(row));
  else {
    console.log(`${E2E_CASE}: ${row.runs} runs, report → new owner serving p50 ${row.reportToServingMsP50} ms, p99 ${row.reportToServingMsP99} ms `
      + `(${JSON.stringify(row.reportToServingMs)}), rounds p50 ${JSON.stringify(row.roundsMsP50)}, broken sessions ${row.brokenSessions}, load average ${JSON.stringify(row.loadAverage1m)}`);
    if (row.readBackAlways) console.log(`  baseline (agents read every session back on every apply): ${JSON.stringify(row.readBackAlways)}; speed-up p50 ${row.speedupP50}×`);
  }
}

import { anneal } from './anneal';
import { CandidateFinder } from './candidates';
import { evaluatePlan } from './evaluate-plan';
import { greedyAssign } from './greedy';
import { prepareInstance, type PlanInstance } from './instance';
import { PlanState } from './plan-state';
import { seededRandom } from './rng';
import type { PlanInfeasible, PlannerInput, PlannerOptions, PlanOutcome } from './types';

/** Rules (at least) that the greedy pass evaluates against every S_high candidate, most critical first. */
const FULL_RULES_MIN = 32;

/**
 * The latency-aware offline planner (paper §III-D): Algorithm 1 — S_high before S_low, estimate_latency
 * = max latency Q(r)→n + max latency n→K(r), capacities M_n − m_n — then seeded simulated annealing on
 * the max objective T = max_r T(r) (eq. 1) with M/M/1 link delays (eq. 3). Pure and deterministic: the
 * same input, seed and iteration budget give the same plan (a `deadline` makes it depend on `now`).
 *
 * @example
 * const out = plan({ graph: buildFabricGraph(testbedFabric()), rules }, { seed: 7 });
 * if (out.kind === 'plan') console.log(out.objectiveUs, out.owners);
 * else console.error(out);
 */
export function plan(input: PlannerInput, options: PlannerOptions = {}): PlanOutcome {
  const t0 = options.now?.();
  const inst = prepareInstance(input);
  if (inst.kind === 'invalid') return inst;
  const out = planInstance(inst, options);
  if (out.kind === 'plan' && t0 !== undefined) out.timings.prepareMs = out.timings.greedyStart - t0;
  return out;
}

/**
 * {@link plan} on a prepared instance (the benchmark and the bounds share one; an `InstanceBuilder` makes
 * one from streamed rules). The older form `planInstance(inst, input, options)` is still accepted; the
 * input is not read (rule ids come from the instance).
 *
 * @example
 * const out = planInstance(prepareInstance(input) as PlanInstance, { seed: 1 });
 */
export function planInstance(inst: PlanInstance, options?: PlannerOptions): PlanOutcome;
export function planInstance(inst: PlanInstance, input: PlannerInput, options?: PlannerOptions): PlanOutcome;
export function planInstance(
  inst: PlanInstance,
  second: PlannerOptions | PlannerInput = {},
  third: PlannerOptions = {},
): PlanOutcome {
  const options: PlannerOptions = 'rules' in second && 'graph' in second ? third : (second as PlannerOptions);
  const { fp, clos } = inst;
  const R = fp.count;
  if (options.deadline !== undefined && typeof options.now !== 'function') {
    return { kind: 'invalid', field: 'options.now', reason: 'a deadline needs a clock: pass now()' };
  }
  const iterations = options.iterations ?? 20_000;
  if (!(Number.isInteger(iterations) && iterations >= 0)) {
    return { kind: 'invalid', field: 'options.iterations', reason: `must be an integer ≥ 0, got ${iterations}` };
  }

  const capacityFail = capacityCheck(inst);
  if (capacityFail) return capacityFail;

  const clock = options.now;
  const tGreedy = clock?.() ?? 0;
  const st = new PlanState(clos, fp, inst.baseLoad.slice(), inst.capacity.slice());
  const finder = new CandidateFinder(clos, fp);
  const greedy = greedyAssign(st, finder, {
    sampled: options.sampledCandidates ?? 4,
    fullRules: FULL_RULES_MIN,
  });
  if (greedy.unplaced.length > 0) return infeasible(inst, finder, greedy.unplaced);

  const latency = new Float64Array(R);
  let greedyObjectiveUs = 0;
  for (let r = 0; r < R; r++) {
    latency[r] = st.latency(r, st.owner[r], st.ownerDepth[r]);
    if (latency[r] > greedyObjectiveUs) greedyObjectiveUs = latency[r];
  }
  const tAnneal = clock?.() ?? 0;
  const deadline = options.deadline;
  const now = options.now;
  const stats = anneal(st, finder, latency, {
    iterations,
    random: seededRandom(options.seed ?? 1),
    shouldStop: deadline === undefined || !now ? () => false : () => now() >= deadline,
  });

  const tEval = clock?.() ?? 0;
  const final = evaluatePlan(inst, st);
  const tEnd = clock?.() ?? 0;
  return {
    kind: 'plan',
    owners: st.owner,
    latencyUs: final.latencyUs,
    objectiveUs: final.objectiveUs,
    switchLoad: st.switchLoad,
    linkUtilization: final.linkUtilization,
    overloads: final.overloads,
    stats: {
      greedyObjectiveUs,
      annealIterations: stats.iterations,
      acceptedMoves: stats.accepted,
      fallbackRules: greedy.fallbackRules,
    },
    timings: {
      greedyStart: tGreedy, prepareMs: 0, greedyMs: tAnneal - tGreedy, annealMs: tEval - tAnneal, evaluateMs: tEnd - tEval,
    },
  };
}

/** Total demand Σ x_r against total free SRAM, and rules larger than any switch's free SRAM. */
function capacityCheck(inst: PlanInstance): PlanInfeasible | undefined {
  const { fp, capacity } = inst;
  let free = 0, maxFree = 0, demand = 0;
  for (const c of capacity) { if (c > 0) free += c; if (c > maxFree) maxFree = c; }
  const tooBig: PlanInfeasible['rules'] = [];
  for (let r = 0; r < fp.count; r++) {
    demand += fp.x[r];
    if (fp.x[r] > maxFree && tooBig.length < 20) {
      tooBig.push({ id: inst.ruleIds[r], expectedSessions: fp.x[r], candidates: [] });
    }
  }
  if (tooBig.length === 0 && demand <= free) return undefined;
  const reason = tooBig.length > 0
    ? `rule ${tooBig.map((t) => `${t.id} (x_r = ${t.expectedSessions})`).join(', ')} needs more sessions than any switch has free (largest M_n − m_n = ${maxFree})`
    : `the rules need ${demand} sessions in total but the switches have ${free} free (Σ M_n − m_n)`;
  return { kind: 'infeasible', reason, rules: tooBig, freeSessions: free, demandSessions: demand };
}

function infeasible(inst: PlanInstance, finder: CandidateFinder, unplaced: number[]): PlanInfeasible {
  const { fp, clos, graph, capacity } = inst;
  let free = 0, demand = 0;
  for (const c of capacity) if (c > 0) free += c;
  for (let r = 0; r < fp.count; r++) demand += fp.x[r];
  const rules = unplaced.slice(0, 20).map(function describe(r) {
    const high = finder.high(r);
    const names = high >= 0 ? Array.from(clos.classes[high].slice(0, 8), (n) => graph.nameOf(n)) : [];
    return { id: inst.ruleIds[r], expectedSessions: fp.x[r], candidates: names };
  });
  const first = rules[0];
  const reason = `${unplaced.length} rule(s) fit on no switch: e.g. ${first.id} needs x_r = ${first.expectedSessions} sessions `
    + `but its candidates (${first.candidates.join(', ') || 'none'}${first.candidates.length === 8 ? ', …' : ''}) and every other reachable switch are full`;
  return { kind: 'infeasible', reason, rules, freeSessions: free, demandSessions: demand };
}

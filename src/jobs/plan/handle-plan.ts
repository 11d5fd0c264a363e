import { buildFabricGraph } from '../../core/fabric/graph';
import { plan, plannerRules, type PlanResult } from '../../core/planner';
import type { FabricGraph } from '../../core/fabric/fabric-graph';
import { loadFabric } from '../../db/fabric-store';
import { listRules } from '../../db/istio-store';
import { getPlanById, type PlanBody } from '../../db/plan-store';
import { failPlan, markPlanRunning, storePlanResult } from '../../db/plan-store-write';
import type { Job, JobDeps } from '../job';

/** A plan left `running` longer than this (a crashed delivery) is run again by a redelivery. */
export const STALE_RUNNING_MS = 10 * 60_000;
/** Wall-clock budget of the annealer inside one job (Workers: keep well inside the CPU limit). */
export const PLAN_ANNEAL_BUDGET_MS = 15_000;

/**
 * The `plan` job (paper §III-D): pending → running → ready | failed. Loads the fabric and its rules, runs the
 * offline planner (seeded by the plan id, so a rerun gives the same plan), and stores the result as an
 * immutable, versioned plan. Idempotent, keyed by planId: a plan that is not pending (ready, failed,
 * superseded, or running in another delivery) makes a redelivered message a no-op.
 *
 * @example
 * jobHandlers.plan = handlePlanJob;
 */
export async function handlePlanJob(job: Extract<Job, { type: 'plan' }>, deps: JobDeps): Promise<void> {
  const { db } = deps;
  const header = await getPlanById(db, job.planId);
  if (!header || header.fabric !== job.fabric) return; // unknown plan: nothing to do (acknowledge)
  const staleRunning = header.status === 'running' && header.startedAt !== null && deps.now() - header.startedAt > STALE_RUNNING_MS;
  if (header.status !== 'pending' && !staleRunning) return;
  const startedAt = deps.now();
  if (header.status === 'pending' && !(await markPlanRunning(db, job.planId, startedAt))) return;

  const doc = await loadFabric(db, job.fabric);
  if (!doc) {
    await failPlan(db, job.planId, `fabric ${job.fabric} does not exist`, {}, deps.now());
    return;
  }
  const rules = await listRules(db, job.fabric);
  const loadedAt = deps.now();
  const graph = buildFabricGraph(doc);
  const plannerInput = plannerRules(graph, rules);
  if (!Array.isArray(plannerInput)) {
    await failPlan(db, job.planId, `${plannerInput.field}: ${plannerInput.reason}`, { field: plannerInput.field }, deps.now());
    return;
  }
  const t0 = deps.now();
  const out = plan({ graph, rules: plannerInput }, {
    seed: seedOf(job.planId), now: deps.now, deadline: t0 + PLAN_ANNEAL_BUDGET_MS,
  });
  const plannedAt = deps.now();
  if (out.kind === 'invalid') {
    await failPlan(db, job.planId, `${out.field}: ${out.reason}`, { field: out.field }, plannedAt);
    return;
  }
  if (out.kind === 'infeasible') {
    await failPlan(db, job.planId, out.reason, {
      infeasibleRules: out.rules, freeSessions: out.freeSessions, demandSessions: out.demandSessions,
    }, plannedAt);
    return;
  }
  const body = planBody(graph, rules.map((r) => r.id), out);
  await storePlanResult(db, job.planId, body, {
    objectiveUs: out.objectiveUs,
    ruleCount: rules.length,
    switchCount: graph.switchCount,
    summary: {
      algorithm: 'piggycar-offline-planner (Algorithm 1 + simulated annealing)',
      seed: seedOf(job.planId),
      greedyObjectiveUs: out.stats.greedyObjectiveUs,
      annealIterations: out.stats.annealIterations,
      fallbackRules: out.stats.fallbackRules,
      overloads: out.overloads.slice(0, 50),
      maxLinkUtilization: maxOf(out.linkUtilization),
      timings: {
        loadMs: loadedAt - startedAt,
        planMs: plannedAt - t0,
        greedyMs: out.timings.greedyMs,
        annealMs: out.timings.annealMs,
        totalMs: deps.now() - startedAt,
      },
    },
  }, deps.now());
}

/** Packs owners, T(r) and x(n) by switch index (names once). */
function planBody(graph: FabricGraph, ruleIds: string[], out: PlanResult): PlanBody {
  const slot = new Map<number, number>();
  const switches: string[] = [];
  const index = (n: number): number => {
    let i = slot.get(n);
    if (i === undefined) { i = switches.length; switches.push(graph.nameOf(n)); slot.set(n, i); }
    return i;
  };
  const rules: [string, number, number][] = ruleIds.map((id, r) => [id, index(out.owners[r]), round(out.latencyUs[r])]);
  const loads: [number, number][] = [];
  for (let n = 0; n < out.switchLoad.length; n++) if (out.switchLoad[n] > 0) loads.push([index(n), out.switchLoad[n]]);
  return { switches, rules, loads };
}

function round(v: number): number {
  return Math.round(v * 1e6) / 1e6;
}

function maxOf(xs: Float64Array): number {
  let m = 0;
  for (const x of xs) if (x > m) m = x;
  return m;
}

/** A 32-bit seed from the plan id (FNV-1a), so a rerun of the same plan is the same plan. */
function seedOf(id: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < id.length; i++) h = Math.imul(h ^ id.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

import { planInstance } from '../../core/planner';
import { getPlanById } from '../../db/plan-store';
import { packPlanColumns } from '../../db/plan-store-pack';
import {
  failPlan, markPlanRunning, PLAN_CHUNK_CHARS, storePackedPlan, type PlanChunkRow, type PlanResultHeader,
} from '../../db/plan-store-write';
import type { Job, JobDeps } from '../job';
import { loadPlanInstance, type LoadedPlanInstance } from './load-plan-instance';

/** A plan left `running` longer than this (a crashed delivery) is run again by a redelivery. */
export const STALE_RUNNING_MS = 10 * 60_000;
/** Wall-clock budget of the annealer inside one job (Workers: keep well inside the CPU limit). */
export const PLAN_ANNEAL_BUDGET_MS = 15_000;

/**
 * The `plan` job (paper §III-D): pending → running → ready | failed. Loads the fabric (as a document-free
 * topology), m_n from the switches' latest telemetry and the rules page by page, each reduced to its
 * access-switch footprint at once (`loadPlanInstance`: memory stays bounded at the paper's large scale), runs
 * the offline planner (seeded by the plan id, so a rerun gives the same plan), and stores the result as an
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

  let loaded: Awaited<ReturnType<typeof loadPlanInstance>> | undefined = await loadPlanInstance(db, job.fabric, deps.now);
  if (loaded.kind === 'missing') {
    await failPlan(db, job.planId, `fabric ${job.fabric} does not exist`, {}, deps.now());
    return;
  }
  if (loaded.kind === 'invalid') {
    await failPlan(db, job.planId, `${loaded.field}: ${loaded.reason}`, { field: loaded.field }, deps.now());
    return;
  }
  const outcome = planAndPack(job.planId, loaded, deps.now, startedAt);
  // The topology and the instance (~50 MB at k = 90) are garbage from here on: only the packed rows are written.
  loaded = undefined;
  if (outcome.kind === 'failed') {
    await failPlan(db, job.planId, outcome.reason, outcome.summary, deps.now());
    return;
  }
  outcome.header.summary.timings = { ...outcome.timings, totalMs: deps.now() - startedAt };
  await storePackedPlan(db, job.planId, outcome.chunks, outcome.header, deps.now());
}

/** What {@link planAndPack} hands back: the packed plan with its header, or why the plan failed. */
type PackedOutcome =
  | { kind: 'packed'; chunks: PlanChunkRow[]; header: PlanResultHeader; timings: Record<string, number> }
  | { kind: 'failed'; reason: string; summary: Record<string, unknown> };

/**
 * Runs the planner on the loaded instance and packs the result into plan rows, synchronously, so that the
 * caller can drop the instance before it awaits the write (an async function keeps its locals alive across
 * awaits).
 */
function planAndPack(planId: string, loaded: LoadedPlanInstance, now: () => number, startedAt: number): PackedOutcome {
  const { inst, sram, timings: load } = loaded;
  const loadedAt = now();
  const t0 = now();
  const out = planInstance(inst, { seed: seedOf(planId), now, deadline: t0 + PLAN_ANNEAL_BUDGET_MS });
  const plannedAt = now();
  const sramUsed = {
    source: 'latest telemetry per switch: occupancy minus the sessions of rules being planned (m_n; 0 without a report)',
    switches: sram.switches, totalSessions: sram.totalSessions, plannedSessions: sram.plannedSessions,
    oldestReportAt: sram.oldestReportAt, ignoredReports: sram.ignored,
  };
  if (out.kind === 'invalid') return { kind: 'failed', reason: `${out.field}: ${out.reason}`, summary: { field: out.field } };
  if (out.kind === 'infeasible') {
    return {
      kind: 'failed', reason: out.reason,
      summary: { infeasibleRules: out.rules, freeSessions: out.freeSessions, demandSessions: out.demandSessions, sramUsed },
    };
  }
  // Packed straight from the planner's columns: no per-rule tuple, no whole-body string.
  const chunks = packPlanColumns(planId, {
    switchName: (n) => inst.graph.nameOf(n), switchCount: inst.clos.switchCount, ruleIds: inst.ruleIds,
    owners: out.owners, latencyUs: out.latencyUs, switchLoad: out.switchLoad,
  }, PLAN_CHUNK_CHARS);
  return {
    kind: 'packed',
    chunks,
    header: {
      objectiveUs: out.objectiveUs,
      ruleCount: inst.fp.count,
      switchCount: inst.clos.switchCount,
      summary: {
        algorithm: 'piggycar-offline-planner (Algorithm 1 + simulated annealing)',
        seed: seedOf(planId),
        greedyObjectiveUs: out.stats.greedyObjectiveUs,
        annealIterations: out.stats.annealIterations,
        fallbackRules: out.stats.fallbackRules,
        overloads: out.overloads.slice(0, 50),
        maxLinkUtilization: maxOf(out.linkUtilization),
        sramUsed,
      },
    },
    timings: {
      loadMs: loadedAt - startedAt,
      fabricMs: load.fabricMs,
      telemetryMs: load.telemetryMs,
      rulesMs: load.rulesMs,
      pages: load.pages,
      slowestPageMs: load.slowestPageMs,
      planMs: plannedAt - t0,
      greedyMs: out.timings.greedyMs,
      annealMs: out.timings.annealMs,
    },
  };
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

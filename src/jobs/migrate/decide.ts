import { buildFabricGraph } from '../../core/fabric/graph';
import { plannerRules } from '../../core/planner/from-rules';
import { buildSchedulerModel, migrate, resolveSchedulerSettings, type SchedulerSettings } from '../../core/scheduler';
import { loadFabric } from '../../db/fabric-store';
import { listRules } from '../../db/istio-store';
import { recentMoves, saveDecision, type MigrationRecord } from '../../db/migration-store';
import { getCurrentPlan } from '../../db/plan-store';
import { listSwitchStatuses } from '../../db/telemetry-store';
import type { JobDeps } from '../job';
import { ruleObservations, switchFigures } from './observe';

/**
 * The decision step of a pending migration: loads the fabric, rules, current plan, every switch's latest
 * telemetry and the recent moves, runs the pure scheduler (Algorithm 2) and stores the decision
 * (pending → running | no-move | failed, compare-and-set so a redelivery does nothing).
 *
 * @example
 * await decideMigration(rec, deps);
 */
export async function decideMigration(rec: MigrationRecord, deps: JobDeps, overrides: Partial<SchedulerSettings> = {}): Promise<void> {
  const { db } = deps;
  const fail = (note: string): Promise<boolean> =>
    saveDecision(db, rec.id, { status: 'failed', decision: null, basePlanVersion: null, decisionMs: 0, note, now: deps.now(), timings: rec.timings });
  const doc = await loadFabric(db, rec.fabric);
  if (!doc) { await fail(`fabric ${rec.fabric} no longer exists`); return; }
  const resolved = resolveSchedulerSettings(doc.settings, overrides);
  if (resolved.kind === 'invalid') { await fail(`${resolved.field}: ${resolved.reason}`); return; }
  const settings = resolved.settings;
  const [rules, plan, statuses] = await Promise.all([listRules(db, rec.fabric), getCurrentPlan(db, rec.fabric), listSwitchStatuses(db, rec.fabric)]);
  if (!plan) { await fail('the fabric has no ready plan'); return; }
  const history = await recentMoves(db, rec.fabric, deps.now() - settings.cooldownMs);
  const graph = buildFabricGraph(doc);
  const reduced = plannerRules(graph, rules);
  if (!Array.isArray(reduced)) { await fail(`${reduced.field}: ${reduced.reason}`); return; }
  const model = buildSchedulerModel({ graph, rules: reduced, owners: plan.owners, topK: settings.topK });
  if (model.kind === 'invalid') { await fail(`${model.field}: ${model.reason}`); return; }
  const status = statuses.find((s) => s.switchName === rec.switchName);
  const t0 = deps.now();
  const outcome = migrate(model, settings, {
    switchName: rec.switchName,
    observations: status ? ruleObservations(rules, status.lastReport) : [],
    switches: switchFigures(graph, rules, plan.owners, statuses),
    history,
    now: t0,
  });
  const decisionMs = deps.now() - t0;
  if (outcome.kind === 'invalid') { await fail(`${outcome.field}: ${outcome.reason}`); return; }
  await saveDecision(db, rec.id, {
    status: outcome.kind === 'decision' ? 'running' : 'no-move',
    decision: outcome,
    basePlanVersion: plan.version,
    decisionMs,
    note: outcome.kind === 'no-move' ? outcome.reason : undefined,
    now: deps.now(),
    timings: rec.timings,
  });
}

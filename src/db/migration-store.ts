import { and, desc, eq, gte, inArray } from 'drizzle-orm';
import type { Decision, NoMove, RecentMove, TriggerOutcome } from '../core/scheduler/types';
import { phasePlanReason, type ExecutionStep, type MigrationStatus, type PhasePlan, type PlanPhase } from '../core/scheduler/execution-types';
import type { MigrationOverlay } from '../core/scheduler/desired-state-overlay';
import type { SessionEntry } from '../core/reconcile/types';
import { atomic, type AppDatabase, type AtomicStatement } from './database';
import { signalDesiredStateChange } from './migration-store-events';
import { migrations, migrationSessions } from './schema/migrations';
import { plans } from './schema/plans';

/** Sessions per `migration_sessions` row (~80 characters each as JSON: ~160 KB per row). */
export const SESSIONS_PER_CHUNK = 2000;

/** A migration as the API and the job read it. */
export interface MigrationRecord {
  id: string;
  fabric: string;
  switchName: string;
  status: MigrationStatus;
  step: ExecutionStep | null;
  trigger: TriggerOutcome;
  decision: Decision | NoMove | null;
  eMigUs: number | null;
  eRerouteUs: number | null;
  objective: number | null;
  basePlanVersion: number | null;
  plans: Partial<Record<PlanPhase, PhasePlan>>;
  note: string | null;
  timings: {
    /** When the telemetry report that fired the trigger arrived (ms). */
    reportAt?: number;
    decisionMs?: number; steps?: Partial<Record<ExecutionStep | 'done', number>>; finishedAt?: number;
  };
  stepSince: number | null;
  createdAt: number;
  updatedAt: number;
}

type Row = typeof migrations.$inferSelect;

function toRecord(row: Row): MigrationRecord {
  return {
    id: row.id, fabric: row.fabric, switchName: row.switchName, status: row.status as MigrationStatus,
    step: (row.step as ExecutionStep | null) ?? null, trigger: JSON.parse(row.trigger) as TriggerOutcome,
    decision: row.decision ? (JSON.parse(row.decision) as Decision | NoMove) : null,
    eMigUs: row.eMigUs ?? null, eRerouteUs: row.eRerouteUs ?? null, objective: row.objective ?? null,
    basePlanVersion: row.basePlanVersion ?? null, plans: JSON.parse(row.plans) as MigrationRecord['plans'],
    note: row.note ?? null, timings: JSON.parse(row.timings) as MigrationRecord['timings'],
    stepSince: row.stepSince ?? null, createdAt: row.createdAt, updatedAt: row.updatedAt,
  };
}

/**
 * Records a fired trigger as a pending migration, unless the switch already has one pending or running
 * (trigger dedup: the partial unique index makes the check atomic). `created` says whether a job is due.
 *
 * @example
 * const { id, created } = await createMigration(db, { id: 'mig-1', fabric: 'testbed', switchName: 'access1', trigger, now });
 * if (created) await queue.send({ type: 'migrate', fabric: 'testbed', migrationId: id });
 */
export async function createMigration(
  db: AppDatabase, m: { id: string; fabric: string; switchName: string; trigger: TriggerOutcome; now: number; reportAt?: number },
): Promise<{ id: string; created: boolean }> {
  const rows = await db.insert(migrations).values({
    id: m.id, fabric: m.fabric, switchName: m.switchName, status: 'pending', trigger: JSON.stringify(m.trigger),
    createdAt: m.now, updatedAt: m.now, ...(m.reportAt !== undefined ? { timings: JSON.stringify({ reportAt: m.reportAt }) } : {}),
  }).onConflictDoNothing().returning({ id: migrations.id });
  if (rows.length > 0) return { id: m.id, created: true };
  const active = await activeMigrationOf(db, m.fabric, m.switchName);
  return { id: active?.id ?? m.id, created: false };
}

/** The pending or running migration of a switch, if any. */
export async function activeMigrationOf(db: AppDatabase, fabric: string, switchName: string): Promise<MigrationRecord | undefined> {
  const rows = await db.select().from(migrations).where(and(
    eq(migrations.fabric, fabric), eq(migrations.switchName, switchName), inArray(migrations.status, ['pending', 'running']),
  )).limit(1);
  return rows[0] ? toRecord(rows[0]) : undefined;
}

/**
 * One migration by id (and fabric, when given).
 *
 * @example
 * const m = await getMigration(db, 'mig-1', 'testbed');
 */
export async function getMigration(db: AppDatabase, id: string, fabric?: string): Promise<MigrationRecord | undefined> {
  const where = fabric === undefined ? eq(migrations.id, id) : and(eq(migrations.id, id), eq(migrations.fabric, fabric));
  const rows = await db.select().from(migrations).where(where).limit(1);
  return rows[0] ? toRecord(rows[0]) : undefined;
}

/**
 * A fabric's migrations, newest first.
 *
 * @example
 * const list = await listMigrations(db, 'testbed', { limit: 50 });
 */
export async function listMigrations(db: AppDatabase, fabric: string, options: { limit?: number; status?: MigrationStatus } = {}): Promise<MigrationRecord[]> {
  const where = options.status ? and(eq(migrations.fabric, fabric), eq(migrations.status, options.status)) : eq(migrations.fabric, fabric);
  const rows = await db.select().from(migrations).where(where).orderBy(desc(migrations.createdAt), desc(migrations.id)).limit(options.limit ?? 100);
  return rows.map(toRecord);
}

/**
 * pending → running | no-move | failed with the decision; a compare-and-set on `pending`, so a redelivered job
 * that lost the race does nothing (returns false).
 *
 * @example
 * await saveDecision(db, id, { status: 'running', step: 'prepare', decision, basePlanVersion: 3, decisionMs: 2, now });
 */
export async function saveDecision(db: AppDatabase, id: string, d: {
  status: 'running' | 'no-move' | 'failed'; decision: Decision | NoMove | null; basePlanVersion: number | null;
  decisionMs: number; note?: string; now: number;
  /** Timings recorded before the decision (the trigger's reportAt), kept. */
  timings?: MigrationRecord['timings'];
}): Promise<boolean> {
  const metrics = d.decision?.kind === 'decision' ? d.decision : undefined;
  const done = d.status !== 'running';
  const rows = await db.update(migrations).set({
    status: d.status, step: done ? null : 'prepare', decision: d.decision ? JSON.stringify(d.decision) : null,
    eMigUs: metrics?.eMigUs ?? null, eRerouteUs: metrics?.eRerouteUs ?? null, objective: metrics?.objective ?? null,
    basePlanVersion: d.basePlanVersion, note: d.note ?? null, stepSince: d.now, updatedAt: d.now,
    timings: JSON.stringify({ ...(d.timings ?? {}), ...(done ? { decisionMs: d.decisionMs, finishedAt: d.now } : { decisionMs: d.decisionMs, steps: { prepare: d.now } }) }),
  }).where(and(eq(migrations.id, id), eq(migrations.status, 'pending'))).returning({ id: migrations.id });
  return rows.length > 0;
}

/**
 * Compare-and-set of the step: `from` → `to` (or → status done). False when another delivery moved it first.
 *
 * @example
 * await advanceStep(db, rec, 'copy', now);
 */
export async function advanceStep(db: AppDatabase, rec: MigrationRecord, to: ExecutionStep | 'done', now: number): Promise<boolean> {
  const steps = { ...(rec.timings.steps ?? {}), [to]: now };
  const timings = JSON.stringify({ ...rec.timings, steps, ...(to === 'done' ? { finishedAt: now } : {}) });
  const rows = await db.update(migrations).set(to === 'done'
    ? { status: 'done', step: null, note: null, stepSince: now, updatedAt: now, timings }
    : { step: to, note: null, stepSince: now, updatedAt: now, timings },
  ).where(and(eq(migrations.id, rec.id), eq(migrations.status, 'running'), eq(migrations.step, rec.step ?? ''))).returning({ id: migrations.id });
  return rows.length > 0;
}

/** Records the plan written for a phase (idempotent: the same plan again changes nothing). */
export async function recordPhasePlan(db: AppDatabase, id: string, phase: PlanPhase, plan: PhasePlan, now: number): Promise<void> {
  const rec = await getMigration(db, id);
  if (!rec || rec.plans[phase]?.id === plan.id) return;
  await db.update(migrations).set({ plans: JSON.stringify({ ...rec.plans, [phase]: plan }), updatedAt: now }).where(eq(migrations.id, id));
  signalDesiredStateChange(db, rec.fabric);
}

/** Notes why a running migration waits (shown by the API). */
export async function noteMigration(db: AppDatabase, id: string, note: string, now: number): Promise<void> {
  await db.update(migrations).set({ note, updatedAt: now }).where(eq(migrations.id, id));
}

/** running → superseded | failed with the reason. */
export async function endMigration(db: AppDatabase, id: string, status: 'superseded' | 'failed', note: string, now: number): Promise<void> {
  const rec = await getMigration(db, id);
  const timings = JSON.stringify({ ...(rec?.timings ?? {}), finishedAt: now });
  await db.update(migrations).set({ status, step: null, note, updatedAt: now, timings })
    .where(and(eq(migrations.id, id), inArray(migrations.status, ['pending', 'running'])));
  if (rec) signalDesiredStateChange(db, rec.fabric);
}

/**
 * Stores the old owner's sessions of a moving rule (replacing an earlier upload of the same rule), atomically.
 *
 * @example
 * await storeExportedSessions(db, 'mig-1', 'r1', sessions);
 */
export async function storeExportedSessions(db: AppDatabase, migrationId: string, ruleId: string, sessions: readonly SessionEntry[]): Promise<void> {
  const statements: AtomicStatement[] = [
    db.delete(migrationSessions).where(and(eq(migrationSessions.migrationId, migrationId), eq(migrationSessions.ruleId, ruleId))),
  ];
  for (let seq = 0, at = 0; at < sessions.length || seq === 0; seq++, at += SESSIONS_PER_CHUNK) {
    statements.push(db.insert(migrationSessions).values({ migrationId, ruleId, seq, data: JSON.stringify(sessions.slice(at, at + SESSIONS_PER_CHUNK)) }));
  }
  await atomic(db, statements);
}

/** Rule id → the exported sessions, for the rules whose sessions arrived. */
export async function loadExportedSessions(db: AppDatabase, migrationId: string): Promise<Map<string, SessionEntry[]>> {
  const rows = await db.select().from(migrationSessions).where(eq(migrationSessions.migrationId, migrationId))
    .orderBy(migrationSessions.ruleId, migrationSessions.seq);
  const out = new Map<string, SessionEntry[]>();
  for (const r of rows) {
    const list = out.get(r.ruleId) ?? [];
    for (const s of JSON.parse(r.data) as SessionEntry[]) list.push(s);
    out.set(r.ruleId, list);
  }
  return out;
}

/**
 * Moves decided since `since` (hysteresis input), from running and finished migrations.
 *
 * @example
 * const history = await recentMoves(db, 'testbed', now - settings.cooldownMs);
 */
export async function recentMoves(db: AppDatabase, fabric: string, since: number): Promise<RecentMove[]> {
  const rows = await db.select({ decision: migrations.decision, createdAt: migrations.createdAt, updatedAt: migrations.updatedAt })
    .from(migrations)
    .where(and(eq(migrations.fabric, fabric), inArray(migrations.status, ['running', 'done']), gte(migrations.updatedAt, since)));
  const out: RecentMove[] = [];
  for (const r of rows) {
    const d = r.decision ? (JSON.parse(r.decision) as Decision | NoMove) : null;
    if (d?.kind !== 'decision') continue;
    for (const m of d.moves) out.push({ ruleId: m.ruleId, from: m.from, to: m.to, at: r.createdAt });
  }
  return out;
}

/**
 * The overlays of a fabric's running migrations for the desired-state compiler: one per move, in the phase of
 * the latest phase plan written (none before `prepare`'s plan or after `drain`'s), with the relayed sessions.
 * The phase also follows the fabric's current ready plan when that is one of the migration's phase plans not yet
 * recorded on the migration: a desired state compiled between the plan write and its recording then already has
 * the phase's overlay (an agent that applied the copy plan version always got the copied sessions with it).
 *
 * @example
 * const overlays = await migrationOverlays(db, 'testbed', (ruleId) => vniOf.get(ruleId));
 */
export async function migrationOverlays(
  db: AppDatabase, fabric: string, vniOf: (ruleId: string) => number | undefined,
): Promise<MigrationOverlay[]> {
  const running = await listMigrations(db, fabric, { status: 'running', limit: 1000 });
  if (running.length === 0) return [];
  const current = (await db.select({ reason: plans.reason }).from(plans)
    .where(and(eq(plans.fabric, fabric), eq(plans.status, 'ready'))).orderBy(desc(plans.version)).limit(1))[0];
  const out: MigrationOverlay[] = [];
  for (const rec of running) {
    if (rec.decision?.kind !== 'decision') continue;
    const phase = overlayPhase(rec, current?.reason);
    if (phase === undefined) continue;
    const sessions = phase === 'prepare' ? new Map<string, SessionEntry[]>() : await loadExportedSessions(db, rec.id);
    for (const m of rec.decision.moves) {
      const vni = vniOf(m.ruleId);
      if (vni === undefined) continue;
      out.push({ migrationId: rec.id, ruleId: m.ruleId, vni, from: m.from, to: m.to, phase, sessions: sessions.get(m.ruleId) ?? [] });
    }
  }
  return out;
}

const PHASES: readonly PlanPhase[] = ['prepare', 'copy', 'switch', 'drain'];

/** The latest phase of a migration: its recorded phase plans, or the current plan if that is a later one of its own. */
function overlayPhase(rec: MigrationRecord, currentReason: string | undefined): MigrationOverlay['phase'] | undefined {
  let latest = -1;
  PHASES.forEach(function recorded(p, i) { if (rec.plans[p]) latest = i; });
  const live = PHASES.findIndex((p) => currentReason === phasePlanReason(rec.id, p));
  latest = Math.max(latest, live);
  return latest < 0 || PHASES[latest] === 'drain' ? undefined : (PHASES[latest] as MigrationOverlay['phase']);
}

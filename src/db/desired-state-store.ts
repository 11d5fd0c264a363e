import { and, desc, eq, sql } from 'drizzle-orm';
import type { DesiredStateInput } from '../core/desired-state/types';
import type { AppDatabase } from './database';
import { loadFabric } from './fabric-store';
import { listRules } from './istio-store';
import { migrationOverlays } from './migration-store';
import { getCurrentPlan } from './plan-store';
import { fabrics } from './schema/fabric';
import { migrations } from './schema/migrations';
import { plans } from './schema/plans';

/**
 * A cheap fingerprint of everything a fabric's desired state is compiled from: the fabric document's
 * version, the current ready plan (a rule change always yields a new plan) and the last change of any
 * migration (a migration that ends superseded or failed drops its overlay without a new plan). Small indexed queries,
 * so that the 304 path of thousands of polling agents never loads the fabric, the rules or the plan body.
 * Undefined when the fabric does not exist.
 *
 * @example
 * const key = await desiredStateInputsKey(db, 'testbed'); // 'f7:p3:plan_abc:m0'
 */
export async function desiredStateInputsKey(db: AppDatabase, fabric: string): Promise<string | undefined> {
  const q = preparedKeyQueries(db);
  const fabricRows = await q.fabric.all({ fabric });
  if (fabricRows.length === 0) return undefined;
  const plan = (await q.plan.all({ fabric }))[0];
  const migration = (await q.migration.all({ fabric }))[0];
  return `f${fabricRows[0].version}:p${plan?.version ?? 0}:${plan?.id ?? '-'}:m${migration?.updatedAt ?? 0}`;
}

function buildKeyQueries(db: AppDatabase) {
  return {
    fabric: db.select({ version: fabrics.version }).from(fabrics)
      .where(eq(fabrics.name, sql.placeholder('fabric'))).limit(1).prepare(),
    // The plan header only (not getCurrentPlan, which loads the whole owner map).
    plan: db.select({ id: plans.id, version: plans.version }).from(plans)
      .where(and(eq(plans.fabric, sql.placeholder('fabric')), eq(plans.status, 'ready')))
      .orderBy(desc(plans.version)).limit(1).prepare(),
    migration: db.select({ updatedAt: sql<number | null>`max(${migrations.updatedAt})` }).from(migrations)
      .where(eq(migrations.fabric, sql.placeholder('fabric'))).prepare(),
  };
}

const keyQueries = new WeakMap<object, ReturnType<typeof buildKeyQueries>>();

/** The fingerprint queries, prepared once per database handle (the poll path runs them thousands of times a second). */
function preparedKeyQueries(db: AppDatabase): ReturnType<typeof buildKeyQueries> {
  let q = keyQueries.get(db);
  if (!q) keyQueries.set(db, (q = buildKeyQueries(db)));
  return q;
}

/**
 * Loads the compiler's input for a fabric: the document, its rules, the current ready plan's owners
 * (no plan yet → plan version 0 and no owners: the switches still get their routes) and the overlays of the
 * running migrations (make-before-break phases).
 * Undefined when the fabric does not exist.
 *
 * @example
 * const input = await loadDesiredStateInput(db, 'testbed');
 */
export async function loadDesiredStateInput(db: AppDatabase, fabric: string): Promise<DesiredStateInput | undefined> {
  const doc = await loadFabric(db, fabric);
  if (!doc) return undefined;
  const [rules, plan] = await Promise.all([listRules(db, fabric), getCurrentPlan(db, fabric)]);
  const vniOf = new Map(rules.map((r) => [r.id, r.vni] as const));
  return {
    fabric: doc,
    rules,
    owners: plan?.owners ?? new Map(),
    planVersion: plan?.version ?? 0,
    ...(plan ? { planId: plan.id } : {}),
    migrations: await migrationOverlays(db, fabric, (id) => vniOf.get(id)),
  };
}

import { and, asc, eq, sql } from 'drizzle-orm';
import type { IstioChangeOutcome, StoredIstioObject } from '../core/istio/apply-istio-change';
import { objectKey } from '../core/istio/istio-types';
import { validateObject } from '../core/istio/validate-object';
import type { Rule } from '../core/rules/types';
import type { VniRelease, VniState } from '../core/vni/vni-types';
import { chunkRows, type AppDatabase, type AtomicStatement } from './database';
import { writeGuards } from './schema/fabric';
import { istioObjects, istioRules, istioState } from './schema/istio';

/** A fabric's stored Istio configuration, as the apply path needs it. */
export interface IstioStoreState {
  /** In creation order. */
  objects: StoredIstioObject[];
  vniState: VniState;
  /** `istio_state.version`; 0 when the fabric has never had Istio objects. */
  version: number;
}

/**
 * Thrown when a stored object no longer validates (the stored data was changed behind the API's back).
 *
 * @example
 * throw new StoredIstioObjectError('stored object VirtualService/default/x of fabric testbed no longer validates');
 */
export class StoredIstioObjectError extends Error {}

/**
 * Loads a fabric's objects (re-validated into typed objects), its rules' VNIs and the VNI cool-down list.
 *
 * @example
 * const { objects, vniState, version } = await loadIstioState(db, 'testbed');
 */
export async function loadIstioState(db: AppDatabase, fabric: string): Promise<IstioStoreState> {
  const [rows, ruleRows, stateRows] = await Promise.all([
    db.select().from(istioObjects).where(eq(istioObjects.fabric, fabric)).orderBy(asc(istioObjects.createdAt), asc(istioObjects.key)),
    db.select({ id: istioRules.id, vni: istioRules.vni }).from(istioRules).where(eq(istioRules.fabric, fabric)),
    db.select().from(istioState).where(eq(istioState.fabric, fabric)),
  ]);
  const objects = rows.map(function revalidate(row): StoredIstioObject {
    const r = validateObject(JSON.parse(row.body), { defaultNamespace: row.namespace });
    if (!r.ok || r.value.length !== 1) throw new StoredIstioObjectError(`stored object ${row.key} of fabric ${fabric} no longer validates`);
    return { object: r.value[0].object, createdAt: row.createdAt };
  });
  const state = stateRows[0];
  return {
    objects,
    vniState: {
      inUse: new Map(ruleRows.map((r) => [r.id, r.vni])),
      released: state ? (JSON.parse(state.releasedVnis) as VniRelease[]) : [],
    },
    version: state?.version ?? 0,
  };
}

/**
 * The statements that store an accepted change, for one `atomic()` (with the fabric's pod
 * statements when Deployments moved pods): changed objects upserted, deleted ones removed, the
 * rule set rewritten, the state row bumped. Guarded: the batch fails (and writes nothing) if
 * another write bumped `istio_state.version` since `expectedVersion` was read.
 *
 * @example
 * await atomic(db, istioWriteStatements(db, 'testbed', outcome, state.version, now, guardId));
 */
export function istioWriteStatements(
  db: AppDatabase,
  fabric: string,
  outcome: IstioChangeOutcome,
  expectedVersion: number,
  now: number,
  guardId: string,
): AtomicStatement[] {
  const statements: AtomicStatement[] = [];
  const precondition = expectedVersion === 0
    ? sql`(select count(*) = 0 from ${istioState} where ${istioState.fabric} = ${fabric})`
    : sql`(select count(*) from ${istioState} where ${istioState.fabric} = ${fabric} and ${istioState.version} = ${expectedVersion})`;
  statements.push(db.insert(writeGuards).values({ id: guardId, ok: precondition }));
  const byKey = new Map(outcome.objects.map((s) => [objectKey(s.object), s]));
  for (const r of outcome.results) {
    if (r.action === 'deleted') {
      statements.push(db.delete(istioObjects).where(and(eq(istioObjects.fabric, fabric), eq(istioObjects.key, r.key))));
      continue;
    }
    if (r.action === 'unchanged') continue;
    const s = byKey.get(r.key)!;
    const o = s.object;
    const body = JSON.stringify(o.raw);
    statements.push(
      db.insert(istioObjects)
        .values({ fabric, key: r.key, kind: o.kind, namespace: o.metadata.namespace, name: o.metadata.name, apiVersion: o.apiVersion, body, createdAt: s.createdAt, updatedAt: now })
        .onConflictDoUpdate({ target: [istioObjects.fabric, istioObjects.key], set: { apiVersion: o.apiVersion, body, updatedAt: now } }),
    );
  }
  statements.push(db.delete(istioRules).where(eq(istioRules.fabric, fabric)));
  const rows = outcome.rules.map((r) => ({ fabric, id: r.id, priority: r.priority, vni: r.vni, body: JSON.stringify(r) }));
  for (const part of chunkRows(rows, 5)) statements.push(db.insert(istioRules).values(part));
  const released = JSON.stringify(outcome.vniState.released);
  statements.push(
    db.insert(istioState)
      .values({ fabric, version: 1, releasedVnis: released, updatedAt: now })
      .onConflictDoUpdate({ target: istioState.fabric, set: { version: sql`${istioState.version} + 1`, releasedVnis: released, updatedAt: now } }),
  );
  statements.push(db.delete(writeGuards).where(eq(writeGuards.id, guardId)));
  return statements;
}

/**
 * A fabric's rules, ordered by priority (first match first).
 *
 * @example
 * const rules = await listRules(db, 'testbed'); // [{ id: 'default/reviews/http/0', vni: 0x5a3c1e, ... }]
 */
export async function listRules(db: AppDatabase, fabric: string): Promise<Rule[]> {
  const rows = await db.select({ body: istioRules.body }).from(istioRules).where(eq(istioRules.fabric, fabric)).orderBy(asc(istioRules.priority));
  return rows.map((r) => JSON.parse(r.body) as Rule);
}

/**
 * One rule by id, or undefined.
 *
 * @example
 * const r = await getRule(db, 'testbed', 'default/reviews/http/0');
 */
export async function getRule(db: AppDatabase, fabric: string, id: string): Promise<Rule | undefined> {
  const rows = await db.select({ body: istioRules.body }).from(istioRules).where(and(eq(istioRules.fabric, fabric), eq(istioRules.id, id)));
  return rows[0] ? (JSON.parse(rows[0].body) as Rule) : undefined;
}

/**
 * The stored objects of a fabric (as received), in creation order.
 *
 * @example
 * const objs = await listIstioObjects(db, 'testbed'); // [{ key: 'VirtualService/default/reviews', object: {...} }]
 */
export async function listIstioObjects(db: AppDatabase, fabric: string): Promise<{ key: string; createdAt: number; updatedAt: number; object: unknown }[]> {
  const rows = await db.select().from(istioObjects).where(eq(istioObjects.fabric, fabric)).orderBy(asc(istioObjects.createdAt), asc(istioObjects.key));
  return rows.map((r) => ({ key: r.key, createdAt: r.createdAt, updatedAt: r.updatedAt, object: JSON.parse(r.body) }));
}

/**
 * The statements that delete all of a fabric's Istio data (for the fabric's own delete, if wanted).
 *
 * @example
 * await atomic(db, istioDeleteStatements(db, 'dc2'));
 */
export function istioDeleteStatements(db: AppDatabase, fabric: string): AtomicStatement[] {
  return [
    db.delete(istioObjects).where(eq(istioObjects.fabric, fabric)),
    db.delete(istioRules).where(eq(istioRules.fabric, fabric)),
    db.delete(istioState).where(eq(istioState.fabric, fabric)),
  ];
}

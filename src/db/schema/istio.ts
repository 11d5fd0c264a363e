import { index, integer, primaryKey, sqliteTable, text } from 'drizzle-orm/sqlite-core';

/**
 * Istio (and demo Service/Deployment) objects of a fabric, as applied: one row per
 * kind/namespace/name, the object verbatim as JSON. `created_at` keeps the first apply's time
 * (Istio merges DestinationRules in creation order).
 *
 * @example
 * await db.select().from(istioObjects).where(eq(istioObjects.fabric, 'testbed'));
 */
export const istioObjects = sqliteTable(
  'istio_objects',
  {
    fabric: text('fabric').notNull(),
    /** `Kind/namespace/name`. */
    key: text('key').notNull(),
    kind: text('kind').notNull(),
    namespace: text('namespace').notNull(),
    name: text('name').notNull(),
    apiVersion: text('api_version').notNull(),
    /** The object exactly as received, JSON. */
    body: text('body').notNull(),
    createdAt: integer('created_at').notNull(),
    updatedAt: integer('updated_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.fabric, t.key] })],
);

/**
 * The translated rules of a fabric (the complete set, rewritten on every accepted change), with
 * the columns readers filter on and the whole Rule as JSON.
 *
 * @example
 * await db.select().from(istioRules).where(eq(istioRules.fabric, 'testbed')).orderBy(istioRules.priority);
 */
export const istioRules = sqliteTable(
  'istio_rules',
  {
    fabric: text('fabric').notNull(),
    id: text('id').notNull(),
    priority: integer('priority').notNull(),
    vni: integer('vni').notNull(),
    /** The Rule, JSON. */
    body: text('body').notNull(),
  },
  (t) => [primaryKey({ columns: [t.fabric, t.id] }), index('istio_rules_priority').on(t.fabric, t.priority)],
);

/**
 * Per-fabric Istio state: a version (bumped by every write, the optimistic-concurrency guard) and
 * the VNIs released recently, which stay unusable for the cool-down.
 *
 * @example
 * await db.select().from(istioState).where(eq(istioState.fabric, 'testbed'));
 */
export const istioState = sqliteTable('istio_state', {
  fabric: text('fabric').primaryKey(),
  version: integer('version').notNull(),
  /** JSON of `{ vni, releasedAt }[]`. */
  releasedVnis: text('released_vnis').notNull(),
  updatedAt: integer('updated_at').notNull(),
});

import { sql } from 'drizzle-orm';
import { check, integer, primaryKey, sqliteTable, text } from 'drizzle-orm/sqlite-core';

/**
 * One row per fabric: its name, settings and counts. The entities themselves live in
 * `fabric_chunks` as JSON text fragments, so the paper's k = 90 fat-tree (10,125 switches,
 * ~89,000 servers, ~450,000 links) takes a few dozen rows instead of half a million
 * (D1: 100 bound parameters per statement, ~1,000 queries per invocation).
 *
 * @example
 * await db.select().from(fabrics).where(eq(fabrics.name, 'testbed'));
 */
export const fabrics = sqliteTable('fabrics', {
  name: text('name').primaryKey(),
  /** Incremented on every write of the fabric; served as the ETag. */
  version: integer('version').notNull(),
  /** Random id of the current set of chunks: readers take only chunks of this generation. */
  generation: text('generation').notNull(),
  /** JSON of FabricSettings, or null when the document has none. */
  settings: text('settings'),
  switchCount: integer('switch_count').notNull(),
  linkCount: integer('link_count').notNull(),
  serverCount: integer('server_count').notNull(),
  podCount: integer('pod_count').notNull(),
  chunkCount: integer('chunk_count').notNull(),
  createdAt: integer('created_at').notNull(),
  updatedAt: integer('updated_at').notNull(),
});

/**
 * A piece of one section of a fabric document: `body` is a comma-separated run of the section's
 * entities as JSON objects (no brackets), at most ~1 MB, so `[` + bodies + `]` is the section's
 * array and a whole document can be streamed out without parsing it.
 *
 * @example
 * await db.select().from(fabricChunks).where(eq(fabricChunks.fabric, 'testbed')).orderBy(fabricChunks.seq);
 */
export const fabricChunks = sqliteTable(
  'fabric_chunks',
  {
    fabric: text('fabric').notNull(),
    seq: integer('seq').notNull(),
    /** The `fabrics.generation` this chunk belongs to (a reader detects a concurrent rewrite). */
    generation: text('generation').notNull(),
    section: text('section', { enum: ['switches', 'links', 'servers', 'pods'] }).notNull(),
    /** Entities in this chunk. */
    count: integer('count').notNull(),
    body: text('body').notNull(),
  },
  // generation in the key: a large write stages its new chunk set beside the live one, then flips.
  (t) => [primaryKey({ columns: [t.fabric, t.generation, t.seq] })],
);

/**
 * Optimistic-concurrency guard for `atomic()` batches (D1 has no interactive transactions): a
 * batch inserts a row whose `ok` is a sub-select of the precondition and deletes it again at the
 * end; when the precondition fails, the CHECK fails and the whole batch rolls back. Always empty.
 *
 * @example
 * db.insert(writeGuards).values({ id, ok: sql`(select count(*) from fabrics where name = ${name})` });
 */
export const writeGuards = sqliteTable(
  'write_guards',
  {
    id: text('id').primaryKey(),
    ok: integer('ok').notNull(),
  },
  (t) => [check('write_guards_ok', sql`${t.ok} = 1`)],
);

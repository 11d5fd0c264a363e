import type { BatchItem } from 'drizzle-orm/batch';
import type { BaseSQLiteDatabase } from 'drizzle-orm/sqlite-core';
import type * as schema from './schema';

/**
 * The database every store and route is written against: drizzle over D1 (async) on Workers or
 * better-sqlite3 (sync) on Node. Always `await` queries; use `atomic()` for multi-statement writes.
 *
 * @example
 * const rows = await db.select().from(fabrics);
 */
// any: the driver's raw run-result type differs between D1 (D1Result) and better-sqlite3 (RunResult).
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AppDatabase = BaseSQLiteDatabase<'sync' | 'async', any, typeof schema>;

/** A drizzle query builder that `atomic()` can run (insert / update / delete / select). */
export type AtomicStatement = BatchItem<'sqlite'>;

/** The one bound-parameter limit that matters on D1. */
export const MAX_BOUND_PARAMETERS = 100;

interface BatchCapable {
  batch(items: readonly AtomicStatement[]): Promise<unknown>;
}

interface SyncRunnable {
  run(): unknown;
}

function isBatchCapable(db: unknown): db is BatchCapable {
  return typeof (db as { batch?: unknown }).batch === 'function';
}

/**
 * Runs drizzle query builders all-or-nothing: one `db.batch` (an implicit transaction) on D1, one
 * transaction on better-sqlite3. If any statement fails, none has taken effect and the error is
 * rethrown. Build each statement so it binds at most 100 parameters (see `chunkRows`).
 *
 * @example
 * await atomic(db, [
 *   db.delete(fabricChunks).where(eq(fabricChunks.fabric, 'testbed')),
 *   db.insert(fabricChunks).values(row),
 * ]);
 */
export async function atomic(db: AppDatabase, statements: AtomicStatement[]): Promise<void> {
  if (statements.length === 0) return;
  if (isBatchCapable(db)) {
    await db.batch(statements);
    return;
  }
  // better-sqlite3: a synchronous native transaction; builders made on `db` run on the same connection.
  db.transaction(() => {
    for (const statement of statements) (statement as unknown as SyncRunnable).run();
  });
}

/**
 * Splits rows for a multi-row insert so that no statement binds more than `MAX_BOUND_PARAMETERS`.
 *
 * @example
 * for (const part of chunkRows(rows, 4)) statements.push(db.insert(t).values(part));
 */
export function chunkRows<T>(rows: readonly T[], columnsPerRow: number): T[][] {
  const perStatement = Math.max(1, Math.floor(MAX_BOUND_PARAMETERS / Math.max(1, columnsPerRow)));
  const out: T[][] = [];
  for (let i = 0; i < rows.length; i += perStatement) out.push(rows.slice(i, i + perStatement));
  return out;
}

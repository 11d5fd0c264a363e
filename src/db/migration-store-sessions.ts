import { and, eq } from 'drizzle-orm';
import type { AppDatabase } from './database';
import { migrationSessions } from './schema/migrations';

/**
 * The rules of a migration whose sessions the old owner has exported (cheap: first chunks only).
 *
 * @example
 * const exported = await exportedRuleIds(db, 'mig-1'); // ['r1']
 */
export async function exportedRuleIds(db: AppDatabase, migrationId: string): Promise<string[]> {
  const rows = await db.select({ ruleId: migrationSessions.ruleId }).from(migrationSessions)
    .where(and(eq(migrationSessions.migrationId, migrationId), eq(migrationSessions.seq, 0)));
  return rows.map((r) => r.ruleId);
}

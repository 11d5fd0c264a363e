import { asc, eq } from 'drizzle-orm';
import type { FabricSettings } from '../core/fabric/types';
import type { AppDatabase } from './database';
import { fabrics } from './schema/fabric';

/** A fabric's header row: what `GET /v1/fabrics` lists. */
export interface FabricSummary {
  name: string;
  version: number;
  generation: string;
  settings?: FabricSettings;
  switchCount: number;
  linkCount: number;
  serverCount: number;
  podCount: number;
  chunkCount: number;
  createdAt: number;
  updatedAt: number;
}

function toSummary(row: typeof fabrics.$inferSelect): FabricSummary {
  return {
    name: row.name,
    version: row.version,
    generation: row.generation,
    ...(row.settings !== null ? { settings: JSON.parse(row.settings) as FabricSettings } : {}),
    switchCount: row.switchCount,
    linkCount: row.linkCount,
    serverCount: row.serverCount,
    podCount: row.podCount,
    chunkCount: row.chunkCount,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

/**
 * Every fabric's header row, by name.
 *
 * @example
 * const all = await listFabrics(db); // [{ name: 'testbed', version: 1, switchCount: 4, ... }]
 */
export async function listFabrics(db: AppDatabase): Promise<FabricSummary[]> {
  const rows = await db.select().from(fabrics).orderBy(asc(fabrics.name));
  return rows.map(toSummary);
}

/**
 * One fabric's header row, or undefined.
 *
 * @example
 * const s = await getFabricSummary(db, 'testbed');
 */
export async function getFabricSummary(db: AppDatabase, name: string): Promise<FabricSummary | undefined> {
  const rows = await db.select().from(fabrics).where(eq(fabrics.name, name)).limit(1);
  return rows[0] === undefined ? undefined : toSummary(rows[0]);
}

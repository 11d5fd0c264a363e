import { asc, eq } from 'drizzle-orm';
import type { AppDatabase } from './database';
import { apiTokens } from './schema/auth';

/** A stored token, without its secret (only the hash is ever stored). */
export interface StoredToken {
  id: string;
  name: string;
  role: 'admin' | 'ci' | 'viewer' | 'agent';
  fabric: string | null;
  switchName: string | null;
  createdAt: number;
}

/** The columns of a stored token that may leave the database (never the hash). */
const storedTokenColumns = {
  id: apiTokens.id,
  name: apiTokens.name,
  role: apiTokens.role,
  fabric: apiTokens.fabric,
  switchName: apiTokens.switchName,
  createdAt: apiTokens.createdAt,
};

/**
 * Finds the token whose SHA-256 hex is `tokenHash`.
 *
 * @example
 * const t = await findTokenByHash(db, await hashToken(bearer));
 */
export async function findTokenByHash(db: AppDatabase, tokenHash: string): Promise<StoredToken | undefined> {
  const rows = await db
    .select(storedTokenColumns)
    .from(apiTokens)
    .where(eq(apiTokens.tokenHash, tokenHash))
    .limit(1);
  return rows[0];
}

/**
 * Stores a new token by its hash.
 *
 * @example
 * await insertToken(db, { id, name: 'ci', role: 'ci', fabric: null, switchName: null, createdAt: now }, hash);
 */
export async function insertToken(db: AppDatabase, token: StoredToken, tokenHash: string): Promise<void> {
  await db.insert(apiTokens).values({ ...token, tokenHash });
}

/**
 * All tokens (no secrets), oldest first.
 *
 * @example
 * const tokens = await listTokens(db);
 */
export async function listTokens(db: AppDatabase): Promise<StoredToken[]> {
  return db
    .select(storedTokenColumns)
    .from(apiTokens)
    .orderBy(asc(apiTokens.createdAt), asc(apiTokens.id));
}

/**
 * Deletes a token; returns whether it existed.
 *
 * @example
 * if (!(await deleteToken(db, id))) return problem(c, 404, ...);
 */
export async function deleteToken(db: AppDatabase, id: string): Promise<boolean> {
  const rows = await db.delete(apiTokens).where(eq(apiTokens.id, id)).returning({ id: apiTokens.id });
  return rows.length > 0;
}

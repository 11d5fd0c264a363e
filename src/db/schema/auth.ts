import { index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';

/**
 * API bearer tokens. Only the SHA-256 hash (hex) of a token is stored; the token itself is
 * returned once, when it is created. Agent tokens are bound to one fabric and one switch.
 *
 * @example
 * await db.select().from(apiTokens).where(eq(apiTokens.tokenHash, hash));
 */
export const apiTokens = sqliteTable(
  'api_tokens',
  {
    id: text('id').primaryKey(),
    name: text('name').notNull(),
    role: text('role', { enum: ['admin', 'ci', 'viewer', 'agent'] }).notNull(),
    tokenHash: text('token_hash').notNull().unique(),
    fabric: text('fabric'),
    switchName: text('switch_name'),
    createdAt: integer('created_at').notNull(),
  },
  (t) => [index('api_tokens_fabric').on(t.fabric)],
);

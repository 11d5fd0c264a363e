import { defineConfig } from 'drizzle-kit';

/**
 * drizzle-kit: `npm run db:generate` writes SQL migrations into migrations/, which
 * `wrangler d1 migrations apply` and the Node shell (src/db/migrate-node.ts) both apply.
 */
export default defineConfig({
  dialect: 'sqlite',
  schema: './src/db/schema/index.ts',
  out: './migrations',
});

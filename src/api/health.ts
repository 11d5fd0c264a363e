import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import { sql } from 'drizzle-orm';
import type { AppEnv } from './app-env';

const selectOne = sql`select 1`;

const healthRoute = createRoute({
  method: 'get',
  path: '/healthz',
  tags: ['health'],
  summary: 'Liveness: the app answers and can reach its database',
  responses: {
    200: {
      description: 'healthy',
      content: { 'application/json': { schema: z.object({ status: z.literal('ok') }) } },
    },
  },
});

/**
 * `GET /healthz` (no auth): checks the database with a trivial query.
 *
 * @example
 * registerHealthRoutes(app);
 */
export function registerHealthRoutes(app: OpenAPIHono<AppEnv>): void {
  app.openapi(healthRoute, async function health(c) {
    await c.get('deps').db.run(selectOne);
    return c.json({ status: 'ok' as const }, 200);
  });
}

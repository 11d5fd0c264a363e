import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import { FabricGeneratorSpecSchema, generateFabric } from '../core/fabric/generators/generate-fabric';
import type { AppEnv } from './app-env';
import { requireRole } from './auth';
import { fabricEtag, ifMatchGeneration, replaceFabric } from './fabric-mutation';
import { FabricParamSchema, FabricSummarySchema, IfMatchHeaderSchema, WRITE_ROLES } from './fabric-openapi';
import { summaryJson } from './fabric-summary-json';
import { AUTH_PROBLEMS, BEARER, problemResponse } from './openapi-common';
import { problem, sendProblem } from './problem';

const generateRoute = createRoute({
  method: 'post',
  path: '/v1/fabrics/{fabric}/generate',
  tags: ['fabrics'],
  summary: 'Create or replace a fabric from a generator: testbed, leaf-spine or k-ary fat-tree',
  description:
    'The paper\'s large scale is `{"kind":"fat-tree","k":90,"serversPerEdge":22}` (10,125 switches, 89,100 servers). ' +
    'The fabric takes the name in the path. Replaces an existing fabric atomically (If-Match honoured).',
  security: BEARER,
  middleware: [requireRole(...WRITE_ROLES)] as const,
  request: {
    params: FabricParamSchema,
    headers: IfMatchHeaderSchema,
    body: { required: true, content: { 'application/json': { schema: FabricGeneratorSpecSchema } } },
  },
  responses: {
    200: { description: 'replaced', content: { 'application/json': { schema: FabricSummarySchema } } },
    201: { description: 'created', content: { 'application/json': { schema: FabricSummarySchema } } },
    400: problemResponse('invalid generator spec'),
    412: problemResponse('If-Match does not match'),
    422: problemResponse('the generated fabric breaks a fabric rule (a generator bug)'),
    ...AUTH_PROBLEMS,
  },
});

/**
 * `POST /v1/fabrics/{fabric}/generate`: so the k = 90 fat-tree can be created without a 45 MB upload.
 *
 * @example
 * registerFabricGenerateRoute(app);
 */
export function registerFabricGenerateRoute(app: OpenAPIHono<AppEnv>): void {
  app.openapi(generateRoute, async function generate(c) {
    const { fabric } = c.req.valid('param');
    const spec = c.req.valid('json');
    const generated = generateFabric({ ...spec, name: fabric });
    if (!generated.ok) {
      return problem(c, 400, {
        title: 'Invalid request',
        detail: 'the generator spec failed validation',
        invalidParams: generated.errors.map((e) => ({ name: e.path === '' ? 'body' : e.path, reason: e.reason })),
      });
    }
    const outcome = await replaceFabric(c.get('deps'), generated.fabric, ifMatchGeneration(c));
    if (!outcome.ok) return sendProblem(c, outcome.problem);
    const headers = { etag: fabricEtag(outcome.summary) };
    if (outcome.created) return c.json(summaryJson(outcome.summary), 201, headers);
    return c.json(summaryJson(outcome.summary), 200, headers);
  });
}

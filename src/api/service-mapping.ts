import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import { buildServiceMapping } from '../core/classifier/build-service-mapping';
import { hashBytes } from '../core/classifier/compile-classifier';
import { DnsLabelSchema } from '../core/fabric/schema';
import { loadFabric } from '../db/fabric-store';
import { listRules } from '../db/istio-store';
import type { AppEnv } from './app-env';
import { requireRole } from './auth';
import { IstioFabricParam } from './istio-schemas';
import { AUTH_PROBLEMS, BEARER, problemResponse } from './openapi-common';
import { problem } from './problem';

const EntrySchema = z
  .object({
    priority: z.number().int(),
    ruleId: z.string(),
    vni: z.number().int(),
    kind: z.enum(['http', 'tcp']),
    hosts: z.array(z.string()),
    match: z.array(z.record(z.string(), z.unknown())),
  })
  .openapi('ServiceMappingEntry');

const route = createRoute({
  method: 'get',
  path: '/v1/fabrics/{fabric}/servers/{server}/service-mapping',
  tags: ['rules'],
  summary: 'The server\'s service_mapping_table: ordered match → VNI entries for the rules its pods request (what the on-node proxy loads)',
  description: 'ETag / If-None-Match: a proxy polling an unchanged table gets 304.',
  security: BEARER,
  middleware: [requireRole('viewer', 'ci', 'agent')] as const,
  request: {
    params: IstioFabricParam.extend({ server: DnsLabelSchema.openapi({ param: { name: 'server', in: 'path' }, example: 'server1' }) }),
  },
  responses: {
    200: {
      description: 'the table',
      content: { 'application/json': { schema: z.object({ fabric: z.string(), server: z.string(), entries: z.array(EntrySchema) }) } },
    },
    304: { description: 'unchanged since If-None-Match' },
    404: problemResponse('no such fabric or server'),
    ...AUTH_PROBLEMS,
  },
});

/**
 * `GET /v1/fabrics/{fabric}/servers/{server}/service-mapping`.
 *
 * @example
 * registerServiceMappingRoutes(app);
 */
export function registerServiceMappingRoutes(app: OpenAPIHono<AppEnv>): void {
  app.openapi(route, async function serviceMapping(c) {
    const { fabric, server } = c.req.valid('param');
    const { db } = c.get('deps');
    const doc = await loadFabric(db, fabric);
    if (!doc) return problem(c, 404, { title: 'Fabric not found', detail: `no fabric named ${fabric}` });
    if (!doc.servers.some((s) => s.name === server)) {
      return problem(c, 404, { title: 'Server not found', detail: `fabric ${fabric} has no server ${server}` });
    }
    const table = { fabric, server, entries: buildServiceMapping(await listRules(db, fabric), doc.pods, server) };
    const text = JSON.stringify(table);
    const bytes = new TextEncoder().encode(text);
    const etag = `"${hashBytes(bytes, 0, bytes.length).toString(16)}-${bytes.length.toString(16)}"`;
    if (c.req.header('if-none-match') === etag) return c.body(null, 304, { etag });
    return c.body(text, 200, { 'content-type': 'application/json', etag });
  });
}

import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import type { FabricGraph } from '../core/fabric/fabric-graph';
import { buildFabricGraph } from '../core/fabric/graph';
import { resolveFabricNode } from '../core/fabric/resolve-node';
import type { AppDatabase } from '../db/database';
import { getFabricSummary, loadFabricWithSummary } from '../db/fabric-store';
import type { AppEnv } from './app-env';
import { requireRole } from './auth';
import { FabricParamSchema, READ_ROLES } from './fabric-openapi';
import { AUTH_PROBLEMS, BEARER, problemResponse } from './openapi-common';
import { problem, type InvalidParam } from './problem';

const PathQuerySchema = z.object({
  from: z.string().min(1).openapi({ param: { name: 'from', in: 'query' }, description: 'switch, server, or pod (namespace/name)', example: 'server1' }),
  to: z.string().min(1).openapi({ param: { name: 'to', in: 'query' }, example: 'server4' }),
});

const EndpointSchema = z.object({
  ref: z.string(),
  kind: z.enum(['switch', 'server', 'pod']),
  node: z.string().openapi({ description: 'the graph node: the pod\'s server for a pod' }),
});

const PathSchema = z
  .object({
    from: EndpointSchema,
    to: EndpointSchema,
    nodes: z.array(z.string()),
    links: z.array(z.object({ a: z.string(), b: z.string(), bandwidthGbps: z.number(), baseLatencyUs: z.number() })).openapi({ description: 'in path order, a → b' }),
    hops: z.number().int(),
    baseLatencyUs: z.number().openapi({ description: 'Σ T_base(e) over the path\'s links, µs' }),
  })
  .openapi('FabricPath');

const pathsRoute = createRoute({
  method: 'get',
  path: '/v1/fabrics/{fabric}/paths',
  tags: ['fabrics'],
  summary: 'p(s, t): the shortest path (deterministic tie-break) between two pods, servers or switches',
  security: BEARER,
  middleware: [requireRole(...READ_ROLES)] as const,
  request: { params: FabricParamSchema, query: PathQuerySchema },
  responses: {
    200: { description: 'the path', content: { 'application/json': { schema: PathSchema } } },
    400: problemResponse('from/to do not name a switch, server or pod'),
    404: problemResponse('no such fabric'),
    ...AUTH_PROBLEMS,
  },
});

/** Built graphs by fabric name, valid while the fabric's generation is unchanged (a k = 90 load + build takes seconds). */
const graphCache = new Map<string, { generation: string; graph: FabricGraph }>();
// One entry: a k = 90 graph with its document is ~50 MB, a good part of a Worker isolate's 128 MB.
const GRAPH_CACHE_SIZE = 1;

async function graphFor(db: AppDatabase, fabric: string): Promise<FabricGraph | undefined> {
  const summary = await getFabricSummary(db, fabric);
  if (summary === undefined) return undefined;
  const key = `${fabric}`;
  const cached = graphCache.get(key);
  if (cached !== undefined && cached.generation === summary.generation) return cached.graph;
  graphCache.delete(key); // let the old graph go before loading the new one
  const loaded = await loadFabricWithSummary(db, fabric);
  if (loaded === undefined) return undefined;
  const graph = buildFabricGraph(loaded.doc);
  graphCache.set(key, { generation: loaded.summary.generation, graph });
  while (graphCache.size > GRAPH_CACHE_SIZE) graphCache.delete(graphCache.keys().next().value as string);
  return graph;
}

/**
 * `GET /v1/fabrics/{fabric}/paths?from=&to=`: nodes, links, hop count and Σ T_base along p(s, t).
 *
 * @example
 * registerFabricPathRoute(app);
 */
export function registerFabricPathRoute(app: OpenAPIHono<AppEnv>): void {
  app.openapi(pathsRoute, async function path(c) {
    const { fabric } = c.req.valid('param');
    const { from, to } = c.req.valid('query');
    const graph = await graphFor(c.get('deps').db, fabric);
    if (graph === undefined) return problem(c, 404, { title: 'Fabric not found', detail: `no fabric named ${fabric}` });
    const s = resolveFabricNode(graph, from);
    const t = resolveFabricNode(graph, to);
    const invalid: InvalidParam[] = [];
    if (!s.ok) invalid.push({ name: 'from', reason: s.reason });
    if (!t.ok) invalid.push({ name: 'to', reason: t.reason });
    if (!s.ok || !t.ok) return problem(c, 400, { title: 'Invalid request', detail: 'unknown path endpoint', invalidParams: invalid });
    const p = graph.path(s.node, t.node);
    if (p.nodes.length === 0) {
      return problem(c, 400, { title: 'Invalid request', detail: `no path from ${from} to ${to}`, invalidParams: [{ name: 'to', reason: `not reachable from ${from}` }] });
    }
    // Oriented along the path (a = the hop's start), whatever order the document listed the endpoints in.
    const links = p.links.map(function linkJson(l, i) {
      const link = graph.link(l);
      return { a: graph.nameOf(p.nodes[i]), b: graph.nameOf(p.nodes[i + 1]), bandwidthGbps: link.bandwidthGbps, baseLatencyUs: link.baseLatencyUs };
    });
    return c.json(
      {
        from: { ref: from, kind: s.kind, node: graph.nameOf(s.node) },
        to: { ref: to, kind: t.kind, node: graph.nameOf(t.node) },
        nodes: p.nodes.map((n) => graph.nameOf(n)),
        links,
        hops: links.length,
        baseLatencyUs: links.reduce((sum, l) => sum + l.baseLatencyUs, 0),
      },
      200,
    );
  });
}

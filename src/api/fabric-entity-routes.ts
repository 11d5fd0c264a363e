import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import type { FabricDocument } from '../core/fabric/types';
import { loadFabricSection } from '../db/fabric-store';
import type { AppEnv } from './app-env';
import { requireRole } from './auth';
import { LINKS, PODS, SERVERS, SWITCHES, withSection, type EntityKind } from './fabric-entity-kinds';
import { fabricEtag, ifMatchGeneration, mutateFabric, type MutationStep } from './fabric-mutation';
import { FabricParamSchema, FabricSummarySchema, IfMatchHeaderSchema, READ_ROLES, WRITE_ROLES } from './fabric-openapi';
import { summaryJson } from './fabric-summary-json';
import { AUTH_PROBLEMS, BEARER, problemResponse } from './openapi-common';
import { problem, sendProblem } from './problem';

/** Largest page of a collection listing. */
export const MAX_PAGE = 10_000;

const PageQuerySchema = z.object({
  offset: z.coerce.number().int().min(0).default(0).openapi({ param: { name: 'offset', in: 'query' } }),
  limit: z.coerce.number().int().min(1).max(MAX_PAGE).default(1000).openapi({ param: { name: 'limit', in: 'query' } }),
});

const WRITE_PROBLEMS = {
  400: problemResponse('invalid request'),
  404: problemResponse('no such fabric or entity'),
  409: problemResponse('already exists, or concurrent writes kept conflicting'),
  412: problemResponse('If-Match does not match'),
  422: problemResponse('the change would break a fabric rule; nothing was written'),
  ...AUTH_PROBLEMS,
};

function notFound(kind: EntityKind<unknown>, fabric: string, key: string) {
  return { status: 404 as const, title: `${kind.singular[0].toUpperCase()}${kind.singular.slice(1)} not found`, detail: `fabric ${fabric} has no ${kind.describeKey(key)}` };
}

/**
 * Registers list / create / get / replace / delete for one entity collection of a fabric. Every
 * write is load → change → `validateFabric` → one atomic rewrite (or nothing, with the reason).
 *
 * @example
 * registerEntityRoutes(app, SWITCHES);
 */
export function registerEntityRoutes<T>(app: OpenAPIHono<AppEnv>, kind: EntityKind<T>): void {
  const base = `/v1/fabrics/{fabric}/${kind.collection}`;
  const itemParams = FabricParamSchema.extend(kind.itemParams.shape);
  const tags = [kind.collection];

  const listRoute = createRoute({
    method: 'get',
    path: base,
    tags,
    summary: `List the ${kind.collection} of a fabric (paged)`,
    security: BEARER,
    middleware: [requireRole(...READ_ROLES)] as const,
    request: { params: FabricParamSchema, query: PageQuerySchema },
    responses: {
      200: {
        description: kind.collection,
        content: {
          'application/json': {
            schema: z.object({ items: z.array(kind.itemSchema), total: z.number().int(), offset: z.number().int(), limit: z.number().int() }),
          },
        },
      },
      400: problemResponse('invalid query'),
      404: problemResponse('no such fabric'),
      ...AUTH_PROBLEMS,
    },
  });

  const createItemRoute = createRoute({
    method: 'post',
    path: base,
    tags,
    summary: `Add a ${kind.singular}`,
    security: BEARER,
    middleware: [requireRole(...WRITE_ROLES)] as const,
    request: {
      params: FabricParamSchema,
      headers: IfMatchHeaderSchema,
      body: { required: true, content: { 'application/json': { schema: kind.itemSchema } } },
    },
    responses: {
      201: { description: 'added; the fabric header after the write', content: { 'application/json': { schema: FabricSummarySchema } } },
      ...WRITE_PROBLEMS,
    },
  });

  const getItemRoute = createRoute({
    method: 'get',
    path: `${base}${kind.itemPath}`,
    tags,
    summary: `One ${kind.singular}`,
    security: BEARER,
    middleware: [requireRole(...READ_ROLES)] as const,
    request: { params: itemParams },
    responses: {
      200: { description: kind.singular, content: { 'application/json': { schema: kind.itemSchema } } },
      400: problemResponse('invalid path'),
      404: problemResponse('no such fabric or entity'),
      ...AUTH_PROBLEMS,
    },
  });

  const putItemRoute = createRoute({
    method: 'put',
    path: `${base}${kind.itemPath}`,
    tags,
    summary: `Create or replace a ${kind.singular}`,
    security: BEARER,
    middleware: [requireRole(...WRITE_ROLES)] as const,
    request: {
      params: itemParams,
      headers: IfMatchHeaderSchema,
      body: { required: true, content: { 'application/json': { schema: kind.itemSchema } } },
    },
    responses: {
      200: { description: 'replaced', content: { 'application/json': { schema: FabricSummarySchema } } },
      201: { description: 'created', content: { 'application/json': { schema: FabricSummarySchema } } },
      ...WRITE_PROBLEMS,
    },
  });

  const deleteItemRoute = createRoute({
    method: 'delete',
    path: `${base}${kind.itemPath}`,
    tags,
    summary: `Remove a ${kind.singular} (422 while other entities still refer to it)`,
    security: BEARER,
    middleware: [requireRole(...WRITE_ROLES)] as const,
    request: { params: itemParams, headers: IfMatchHeaderSchema },
    responses: {
      200: { description: 'removed; the fabric header after the write', content: { 'application/json': { schema: FabricSummarySchema } } },
      ...WRITE_PROBLEMS,
    },
  });

  app.openapi(listRoute, async function listItems(c) {
    const { fabric } = c.req.valid('param');
    const { offset, limit } = c.req.valid('query');
    const loaded = await loadFabricSection(c.get('deps').db, fabric, kind.section);
    if (loaded === undefined) return problem(c, 404, { title: 'Fabric not found', detail: `no fabric named ${fabric}` });
    const all = loaded.items as unknown as readonly T[];
    return c.json({ items: all.slice(offset, offset + limit), total: all.length, offset, limit }, 200, {
      etag: fabricEtag(loaded.summary),
    });
  });

  app.openapi(getItemRoute, async function getItem(c) {
    const params = c.req.valid('param') as Record<string, string>;
    const key = kind.keyFromParams(params);
    if (typeof key !== 'string') return problem(c, 400, { title: 'Invalid request', invalidParams: [key] });
    const loaded = await loadFabricSection(c.get('deps').db, params.fabric, kind.section);
    if (loaded === undefined) return problem(c, 404, { title: 'Fabric not found', detail: `no fabric named ${params.fabric}` });
    const item = (loaded.items as unknown as readonly T[]).find((i) => kind.keyOf(i) === key);
    if (item === undefined) return sendProblem(c, notFound(kind as EntityKind<unknown>, params.fabric, key));
    return c.json(item as never, 200);
  });

  app.openapi(createItemRoute, async function createItem(c) {
    const { fabric } = c.req.valid('param');
    const item = c.req.valid('json') as T;
    const key = kind.keyOf(item);
    const outcome = await mutateFabric(
      c.get('deps'),
      fabric,
      function addItem(doc): MutationStep {
        const items = doc[kind.section] as unknown as readonly T[];
        if (items.some((i) => kind.keyOf(i) === key)) {
          return { ok: false, problem: { status: 409, title: 'Conflict', detail: `fabric ${fabric} already has ${kind.describeKey(key)}` } };
        }
        return { ok: true, doc: withSection(doc, kind.section, [...items, item] as FabricDocument[typeof kind.section]), created: true };
      },
      ifMatchGeneration(c),
    );
    if (!outcome.ok) return sendProblem(c, outcome.problem);
    return c.json(summaryJson(outcome.summary), 201, { etag: fabricEtag(outcome.summary) });
  });

  app.openapi(putItemRoute, async function putItem(c) {
    const params = c.req.valid('param') as Record<string, string>;
    const item = c.req.valid('json') as T;
    const key = kind.keyFromParams(params);
    if (typeof key !== 'string') return problem(c, 400, { title: 'Invalid request', invalidParams: [key] });
    if (kind.keyOf(item) !== key) {
      return problem(c, 400, {
        title: 'Invalid request',
        detail: 'the body must describe the entity the path names',
        invalidParams: [{ name: 'body', reason: `describes ${kind.describeKey(kind.keyOf(item))}, but the path names ${kind.describeKey(key)}` }],
      });
    }
    const outcome = await mutateFabric(
      c.get('deps'),
      params.fabric,
      function replaceItem(doc): MutationStep {
        const items = doc[kind.section] as unknown as readonly T[];
        const at = items.findIndex((i) => kind.keyOf(i) === key);
        const next = at < 0 ? [...items, item] : items.map((i, n) => (n === at ? item : i));
        return { ok: true, doc: withSection(doc, kind.section, next as FabricDocument[typeof kind.section]), created: at < 0 };
      },
      ifMatchGeneration(c),
    );
    if (!outcome.ok) return sendProblem(c, outcome.problem);
    const headers = { etag: fabricEtag(outcome.summary) };
    if (outcome.created) return c.json(summaryJson(outcome.summary), 201, headers);
    return c.json(summaryJson(outcome.summary), 200, headers);
  });

  app.openapi(deleteItemRoute, async function deleteItem(c) {
    const params = c.req.valid('param') as Record<string, string>;
    const key = kind.keyFromParams(params);
    if (typeof key !== 'string') return problem(c, 400, { title: 'Invalid request', invalidParams: [key] });
    const outcome = await mutateFabric(
      c.get('deps'),
      params.fabric,
      function removeItem(doc): MutationStep {
        const items = doc[kind.section] as unknown as readonly T[];
        const next = items.filter((i) => kind.keyOf(i) !== key);
        if (next.length === items.length) return { ok: false, problem: notFound(kind as EntityKind<unknown>, params.fabric, key) };
        return { ok: true, doc: withSection(doc, kind.section, next as FabricDocument[typeof kind.section]) };
      },
      ifMatchGeneration(c),
    );
    if (!outcome.ok) return sendProblem(c, outcome.problem);
    return c.json(summaryJson(outcome.summary), 200, { etag: fabricEtag(outcome.summary) });
  });
}

/**
 * CRUD for switches, servers, links and pods of a fabric.
 *
 * @example
 * registerFabricEntityRoutes(app);
 */
export function registerFabricEntityRoutes(app: OpenAPIHono<AppEnv>): void {
  registerEntityRoutes(app, SWITCHES);
  registerEntityRoutes(app, SERVERS);
  registerEntityRoutes(app, LINKS);
  registerEntityRoutes(app, PODS);
}

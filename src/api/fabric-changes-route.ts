import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import { FabricLinkSchema, FabricPodSchema, FabricServerSchema, FabricSwitchSchema } from '../core/fabric/schema';
import type { FabricDocument } from '../core/fabric/types';
import type { AppEnv } from './app-env';
import { requireRole } from './auth';
import { LINKS, PODS, SERVERS, SWITCHES, withSection, type EntityKind } from './fabric-entity-kinds';
import { fabricEtag, ifMatchGeneration, mutateFabric, type MutationStep } from './fabric-mutation';
import { FabricParamSchema, FabricSummarySchema, IfMatchHeaderSchema, WRITE_ROLES } from './fabric-openapi';
import { summaryJson } from './fabric-summary-json';
import { AUTH_PROBLEMS, BEARER, problemResponse } from './openapi-common';
import { sendProblem, type InvalidParam } from './problem';

const MAX_CHANGES = 100_000;
const keys = (description: string) => z.array(z.string().min(1)).max(MAX_CHANGES).optional().openapi({ description });

const ChangesSchema = z
  .strictObject({
    remove: z
      .strictObject({
        switches: keys('switch names'),
        servers: keys('server names'),
        links: keys("links as 'a~b' (either order)"),
        pods: keys("pods as 'namespace/name'"),
      })
      .optional(),
    upsert: z
      .strictObject({
        switches: z.array(FabricSwitchSchema).max(MAX_CHANGES).optional(),
        servers: z.array(FabricServerSchema).max(MAX_CHANGES).optional(),
        links: z.array(FabricLinkSchema).max(MAX_CHANGES).optional(),
        pods: z.array(FabricPodSchema).max(MAX_CHANGES).optional(),
      })
      .optional(),
  })
  .openapi('FabricChanges', {
    example: {
      upsert: {
        switches: [{ name: 'access4', role: 'access', vtepIp: '10.0.0.14', sramCapacity: 65536, sramThreshold: 58982 }],
        links: [{ a: 'access4', b: 'core1', bandwidthGbps: 100, baseLatencyUs: 1 }],
      },
    },
  });

type Changes = z.infer<typeof ChangesSchema>;

const changesRoute = createRoute({
  method: 'patch',
  path: '/v1/fabrics/{fabric}',
  tags: ['fabrics'],
  summary: 'Apply several entity changes at once (removals, then upserts by key), validated together, one atomic write',
  description:
    'For changes that are only valid together, such as a new switch and its links (a fabric must stay connected).',
  security: BEARER,
  middleware: [requireRole(...WRITE_ROLES)] as const,
  request: {
    params: FabricParamSchema,
    headers: IfMatchHeaderSchema,
    body: { required: true, content: { 'application/json': { schema: ChangesSchema } } },
  },
  responses: {
    200: { description: 'applied; the fabric header after the write', content: { 'application/json': { schema: FabricSummarySchema } } },
    400: problemResponse('invalid change set'),
    404: problemResponse('no such fabric'),
    409: problemResponse('concurrent writes kept conflicting'),
    412: problemResponse('If-Match does not match'),
    422: problemResponse('a removal names nothing, or the result breaks a fabric rule; nothing was written'),
    ...AUTH_PROBLEMS,
  },
});

function applyKind<T>(
  doc: FabricDocument,
  kind: EntityKind<T>,
  remove: readonly string[] | undefined,
  upsert: readonly T[] | undefined,
  invalid: InvalidParam[],
): FabricDocument {
  let items = doc[kind.section] as unknown as readonly T[];
  if (remove !== undefined && remove.length > 0) {
    const wanted = new Map<string, number>();
    remove.forEach(function want(ref, i) {
      const key = kind.keyFromParams(kind === LINKS ? { link: ref } : kind === PODS ? splitPod(ref) : { name: ref });
      if (typeof key !== 'string') invalid.push({ name: `remove.${kind.collection}[${i}]`, reason: key.reason });
      else wanted.set(key, i);
    });
    const kept = items.filter((item) => !wanted.delete(kind.keyOf(item)));
    for (const [key, i] of wanted) invalid.push({ name: `remove.${kind.collection}[${i}]`, reason: `no ${kind.describeKey(key)}` });
    items = kept;
  }
  if (upsert !== undefined && upsert.length > 0) {
    const at = new Map<string, number>();
    const next = items.slice();
    next.forEach((item, i) => at.set(kind.keyOf(item), i));
    for (const item of upsert) {
      const key = kind.keyOf(item);
      const i = at.get(key);
      if (i === undefined) {
        at.set(key, next.length);
        next.push(item);
      } else next[i] = item;
    }
    items = next;
  }
  return withSection(doc, kind.section, items as unknown as FabricDocument[typeof kind.section]);
}

function splitPod(ref: string): Record<string, string> {
  const slash = ref.indexOf('/');
  return slash < 0 ? { namespace: '', name: ref } : { namespace: ref.slice(0, slash), name: ref.slice(slash + 1) };
}

function applyChanges(doc: FabricDocument, changes: Changes): MutationStep {
  const invalid: InvalidParam[] = [];
  let next = doc;
  next = applyKind(next, SWITCHES, changes.remove?.switches, changes.upsert?.switches, invalid);
  next = applyKind(next, SERVERS, changes.remove?.servers, changes.upsert?.servers, invalid);
  next = applyKind(next, LINKS, changes.remove?.links, changes.upsert?.links, invalid);
  next = applyKind(next, PODS, changes.remove?.pods, changes.upsert?.pods, invalid);
  if (invalid.length > 0) {
    return { ok: false, problem: { status: 422, title: 'Invalid changes', detail: 'some removals name nothing; nothing was written', invalidParams: invalid } };
  }
  return { ok: true, doc: next };
}

/**
 * `PATCH /v1/fabrics/{fabric}`: a change set (removals then upserts, per entity kind) applied as one
 * validated, atomic write.
 *
 * @example
 * registerFabricChangesRoute(app);
 */
export function registerFabricChangesRoute(app: OpenAPIHono<AppEnv>): void {
  app.openapi(changesRoute, async function patchFabric(c) {
    const { fabric } = c.req.valid('param');
    const changes = c.req.valid('json');
    const outcome = await mutateFabric(c.get('deps'), fabric, (doc) => applyChanges(doc, changes), ifMatchGeneration(c));
    if (!outcome.ok) return sendProblem(c, outcome.problem);
    return c.json(summaryJson(outcome.summary), 200, { etag: fabricEtag(outcome.summary) });
  });
}

import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { FabricDocumentSchema } from '../core/fabric/schema';
import type { FabricDocument } from '../core/fabric/types';
import { parseDocuments } from '../core/yaml/parse-documents';
import { deleteFabric, getFabricSummary, listFabrics } from '../db/fabric-store';
import { fabricJsonStream } from '../db/fabric-stream';
import type { AppEnv } from './app-env';
import { requireRole } from './auth';
import { fabricEtag, ifMatchGeneration, replaceFabric, type FabricProblem } from './fabric-mutation';
import { FabricParamSchema, FabricSummarySchema, IfMatchHeaderSchema, READ_ROLES, WRITE_ROLES } from './fabric-openapi';
import { summaryJson } from './fabric-summary-json';
import { AUTH_PROBLEMS, BEARER, problemResponse } from './openapi-common';
import { problem, sendProblem, zodInvalidParams } from './problem';

const YAML_TYPES = ['application/yaml', 'application/x-yaml', 'text/yaml', 'text/x-yaml'];

const listRoute = createRoute({
  method: 'get',
  path: '/v1/fabrics',
  tags: ['fabrics'],
  summary: 'List fabrics (headers and counts)',
  security: BEARER,
  middleware: [requireRole(...READ_ROLES)] as const,
  responses: {
    200: { description: 'fabrics', content: { 'application/json': { schema: z.object({ fabrics: z.array(FabricSummarySchema) }) } } },
    ...AUTH_PROBLEMS,
  },
});

const getRoute = createRoute({
  method: 'get',
  path: '/v1/fabrics/{fabric}',
  tags: ['fabrics'],
  summary: 'The whole fabric document (streamed)',
  security: BEARER,
  middleware: [requireRole(...READ_ROLES)] as const,
  request: { params: FabricParamSchema },
  responses: {
    200: { description: 'the document; ETag header = its generation', content: { 'application/json': { schema: FabricDocumentSchema } } },
    304: { description: 'unchanged since If-None-Match' },
    404: problemResponse('no such fabric'),
    ...AUTH_PROBLEMS,
  },
});

const putRoute = createRoute({
  method: 'put',
  path: '/v1/fabrics/{fabric}',
  tags: ['fabrics'],
  summary: 'Create or replace a whole fabric atomically (JSON or YAML)',
  description:
    'The document is checked against the schema (400) and the fabric rules (422: unique names and IPs, ' +
    'links only switch–switch or server–own-access-switch, no access–access or core–core link, capacities > 0, ' +
    'connected). On any error nothing is written. Bodies up to 64 MiB.',
  security: BEARER,
  middleware: [requireRole(...WRITE_ROLES)] as const,
  request: {
    params: FabricParamSchema,
    headers: IfMatchHeaderSchema,
    body: {
      content: {
        'application/json': { schema: FabricDocumentSchema },
        'application/yaml': { schema: FabricDocumentSchema },
      },
    },
  },
  responses: {
    200: { description: 'replaced', content: { 'application/json': { schema: FabricSummarySchema } } },
    201: { description: 'created', content: { 'application/json': { schema: FabricSummarySchema } } },
    400: problemResponse('malformed or schema-invalid document'),
    412: problemResponse('If-Match does not match'),
    413: problemResponse('body too large'),
    415: problemResponse('not JSON or YAML'),
    422: problemResponse('the fabric breaks a fabric rule'),
    ...AUTH_PROBLEMS,
  },
});

const deleteRoute = createRoute({
  method: 'delete',
  path: '/v1/fabrics/{fabric}',
  tags: ['fabrics'],
  summary: 'Delete a fabric',
  security: BEARER,
  middleware: [requireRole(...WRITE_ROLES)] as const,
  request: { params: FabricParamSchema },
  responses: { 204: { description: 'deleted' }, 404: problemResponse('no such fabric'), ...AUTH_PROBLEMS },
});

/** Reads a YAML (or JSON sent as YAML) body into a document, or a problem. */
async function readYamlDocument(c: Context): Promise<{ ok: true; doc: FabricDocument } | { ok: false; problem: FabricProblem }> {
  // Decoded explicitly: workerd warns when .text() reads a body whose type is not text/*.
  const parsed = parseDocuments(new TextDecoder().decode(await c.req.arrayBuffer()));
  if (!parsed.ok) {
    const e = parsed.error;
    const where = e.line !== undefined ? ` (line ${e.line}, column ${e.column ?? 0})` : '';
    return {
      ok: false,
      problem: {
        status: e.kind === 'too-large' ? 413 : 400,
        title: e.kind === 'too-large' ? 'Payload too large' : 'Invalid YAML',
        detail: `${e.reason}${where}`,
        invalidParams: [{ name: 'body', reason: `${e.reason}${where}` }],
      },
    };
  }
  if (parsed.documents.length !== 1) {
    return {
      ok: false,
      problem: {
        status: 400,
        title: 'Invalid request',
        detail: `expected exactly one fabric document, got ${parsed.documents.length}`,
        invalidParams: [{ name: 'body', reason: `expected one document, got ${parsed.documents.length}` }],
      },
    };
  }
  const result = FabricDocumentSchema.safeParse(parsed.documents[0]);
  if (!result.success) {
    return {
      ok: false,
      problem: {
        status: 400,
        title: 'Invalid request',
        detail: 'the fabric document failed validation',
        invalidParams: zodInvalidParams(result.error.issues),
      },
    };
  }
  return { ok: true, doc: result.data };
}

/**
 * `/v1/fabrics` and `/v1/fabrics/{fabric}`: list, read (streamed, ETag), replace (JSON or YAML,
 * validated, atomic, If-Match), delete.
 *
 * @example
 * registerFabricDocumentRoutes(app);
 */
export function registerFabricDocumentRoutes(app: OpenAPIHono<AppEnv>): void {
  app.openapi(listRoute, async function listAll(c) {
    const fabrics = await listFabrics(c.get('deps').db);
    return c.json({ fabrics: fabrics.map(summaryJson) }, 200);
  });

  app.openapi(getRoute, async function getDocument(c) {
    const { fabric } = c.req.valid('param');
    const { db } = c.get('deps');
    const summary = await getFabricSummary(db, fabric);
    if (summary === undefined) return problem(c, 404, { title: 'Fabric not found', detail: `no fabric named ${fabric}` });
    const etag = fabricEtag(summary);
    if (c.req.header('if-none-match') === etag) return c.body(null, 304, { etag });
    return c.body(fabricJsonStream(db, summary), 200, { 'content-type': 'application/json', etag });
  });

  app.openapi(putRoute, async function putDocument(c) {
    const { fabric } = c.req.valid('param');
    const contentType = (c.req.header('content-type') ?? '').split(';')[0].trim().toLowerCase();
    let doc: FabricDocument;
    if (contentType === 'application/json' || contentType.endsWith('+json')) {
      doc = c.req.valid('json') as FabricDocument;
    } else if (YAML_TYPES.includes(contentType)) {
      const read = await readYamlDocument(c);
      if (!read.ok) return sendProblem(c, read.problem);
      doc = read.doc;
    } else {
      return problem(c, 415, {
        title: 'Unsupported media type',
        detail: `send the fabric as application/json or application/yaml, not ${contentType || 'no content type'}`,
      });
    }
    if (doc.name !== fabric) {
      return problem(c, 400, {
        title: 'Invalid request',
        detail: 'the document name must match the fabric in the path',
        invalidParams: [{ name: 'name', reason: `must be ${JSON.stringify(fabric)} (the fabric in the path)` }],
      });
    }
    const outcome = await replaceFabric(c.get('deps'), doc, ifMatchGeneration(c));
    if (!outcome.ok) return sendProblem(c, outcome.problem);
    const headers = { etag: fabricEtag(outcome.summary) };
    if (outcome.created) return c.json(summaryJson(outcome.summary), 201, headers);
    return c.json(summaryJson(outcome.summary), 200, headers);
  });

  app.openapi(deleteRoute, async function deleteDocument(c) {
    const { fabric } = c.req.valid('param');
    if (!(await deleteFabric(c.get('deps').db, fabric))) {
      return problem(c, 404, { title: 'Fabric not found', detail: `no fabric named ${fabric}` });
    }
    return c.body(null, 204);
  });
}

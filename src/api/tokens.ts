import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import { deleteToken, insertToken, listTokens, type StoredToken } from '../db/token-store';
import type { AppEnv } from './app-env';
import { requireRole } from './auth';
import { AUTH_PROBLEMS, BEARER, problemResponse } from './openapi-common';
import { forgetPrincipals } from './principal-cache';
import { problem } from './problem';
import { hashToken, newToken, toHex } from './token-hash';

const RoleSchema = z.enum(['admin', 'ci', 'viewer', 'agent']);

const CreateTokenSchema = z
  .object({
    name: z.string().min(1).max(200),
    role: RoleSchema,
    fabric: z.string().min(1).max(200).optional().openapi({ description: 'agent tokens only: the fabric' }),
    switch: z.string().min(1).max(200).optional().openapi({ description: 'agent tokens only: the switch' }),
  })
  .superRefine(function agentBinding(v, ctx) {
    if (v.role === 'agent') {
      if (v.fabric === undefined) ctx.addIssue({ code: 'custom', path: ['fabric'], message: 'required for an agent token' });
      if (v.switch === undefined) ctx.addIssue({ code: 'custom', path: ['switch'], message: 'required for an agent token' });
    } else {
      if (v.fabric !== undefined) ctx.addIssue({ code: 'custom', path: ['fabric'], message: 'only agent tokens are bound to a fabric' });
      if (v.switch !== undefined) ctx.addIssue({ code: 'custom', path: ['switch'], message: 'only agent tokens are bound to a switch' });
    }
  })
  .openapi('CreateToken');

const TokenInfoSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    role: RoleSchema,
    fabric: z.string().optional(),
    switch: z.string().optional(),
    createdAt: z.number().int(),
  })
  .openapi('TokenInfo');

const CreatedTokenSchema = TokenInfoSchema.extend({
  token: z.string().openapi({ description: 'the bearer token; shown only in this response' }),
}).openapi('CreatedToken');

const createTokenRoute = createRoute({
  method: 'post',
  path: '/v1/tokens',
  tags: ['tokens'],
  summary: 'Create an API token (returned once; only its hash is stored)',
  security: BEARER,
  middleware: [requireRole('admin')] as const,
  request: { body: { required: true, content: { 'application/json': { schema: CreateTokenSchema } } } },
  responses: {
    201: { description: 'created', content: { 'application/json': { schema: CreatedTokenSchema } } },
    400: problemResponse('invalid token request'),
    ...AUTH_PROBLEMS,
  },
});

const listTokensRoute = createRoute({
  method: 'get',
  path: '/v1/tokens',
  tags: ['tokens'],
  summary: 'List API tokens (no secrets)',
  security: BEARER,
  middleware: [requireRole('admin')] as const,
  responses: {
    200: { description: 'tokens', content: { 'application/json': { schema: z.object({ tokens: z.array(TokenInfoSchema) }) } } },
    ...AUTH_PROBLEMS,
  },
});

const deleteTokenRoute = createRoute({
  method: 'delete',
  path: '/v1/tokens/{id}',
  tags: ['tokens'],
  summary: 'Revoke an API token',
  security: BEARER,
  middleware: [requireRole('admin')] as const,
  request: { params: z.object({ id: z.string().min(1) }) },
  responses: {
    204: { description: 'revoked' },
    404: problemResponse('no such token'),
    ...AUTH_PROBLEMS,
  },
});

function toInfo(t: StoredToken): z.infer<typeof TokenInfoSchema> {
  return {
    id: t.id,
    name: t.name,
    role: t.role,
    ...(t.fabric !== null ? { fabric: t.fabric } : {}),
    ...(t.switchName !== null ? { switch: t.switchName } : {}),
    createdAt: t.createdAt,
  };
}

/**
 * `/v1/tokens`: create (admin; the secret is returned once), list (no secrets), revoke.
 *
 * @example
 * registerTokenRoutes(app);
 */
export function registerTokenRoutes(app: OpenAPIHono<AppEnv>): void {
  app.openapi(createTokenRoute, async function createToken(c) {
    const deps = c.get('deps');
    const body = c.req.valid('json');
    const token = newToken(deps.randomBytes);
    const stored: StoredToken = {
      id: `tok_${toHex(deps.randomBytes(8))}`,
      name: body.name,
      role: body.role,
      fabric: body.fabric ?? null,
      switchName: body.switch ?? null,
      createdAt: deps.now(),
    };
    await insertToken(deps.db, stored, await hashToken(token));
    return c.json({ ...toInfo(stored), token }, 201);
  });

  app.openapi(listTokensRoute, async function listAllTokens(c) {
    const tokens = await listTokens(c.get('deps').db);
    return c.json({ tokens: tokens.map(toInfo) }, 200);
  });

  app.openapi(deleteTokenRoute, async function revokeToken(c) {
    const { id } = c.req.valid('param');
    const revoked = await deleteToken(c.get('deps').db, id);
    forgetPrincipals(c.get('deps').db);
    if (!revoked) {
      return problem(c, 404, { title: 'Token not found', detail: `no token with id ${id}` });
    }
    return c.body(null, 204);
  });
}

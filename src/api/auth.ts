import type { MiddlewareHandler } from 'hono';
import { findTokenByHash } from '../db/token-store';
import type { AppEnv } from './app-env';
import type { Principal, Role } from './principal';
import { cachedPrincipal, rememberPrincipal } from './principal-cache';
import { problem } from './problem';
import { hashToken } from './token-hash';

export type { Principal, Role } from './principal';

/**
 * Route middleware: authenticates the bearer token and requires one of `roles` (admin always
 * passes). No or unknown token → 401, wrong role → 403, both as problem+json. An agent token is
 * further limited to its own fabric (and switch): a `{fabric}` or `{switch}` path parameter that
 * differs from the token's binding → 403.
 *
 * @example
 * app.openapi(createRoute({ method: 'get', path: '/v1/fabrics', middleware: [requireRole('viewer', 'ci')], ... }), handler);
 */
export function requireRole(...roles: Role[]): MiddlewareHandler<AppEnv> {
  return async function requireRoleMiddleware(c, next) {
    const principal = await authenticate(c.req.header('authorization'), c.get('deps'));
    if (principal === undefined) {
      return problem(
        c,
        401,
        { title: 'Unauthorized', detail: 'a valid bearer token is required (Authorization: Bearer <token>)' },
        { 'www-authenticate': 'Bearer' },
      );
    }
    if (principal.role !== 'admin' && !roles.includes(principal.role)) {
      return problem(c, 403, {
        title: 'Forbidden',
        detail: `this route needs role ${['admin', ...roles].join(' or ')}; the token has role ${principal.role}`,
      });
    }
    if (principal.role === 'agent') {
      const fabric = c.req.param('fabric');
      const sw = c.req.param('switch');
      if ((fabric !== undefined && fabric !== principal.fabric) || (sw !== undefined && sw !== principal.switch)) {
        return problem(c, 403, {
          title: 'Forbidden',
          detail: `this agent token is bound to switch ${principal.switch} of fabric ${principal.fabric}`,
        });
      }
    }
    c.set('principal', principal);
    await next();
  };
}

/**
 * Resolves an Authorization header to a principal, or undefined when missing or unknown. A known token's
 * principal is cached per database for PRINCIPAL_CACHE_TTL_MS (10 s; ./principal-cache): a revocation through
 * this process applies at once, one made by another process or isolate over the same database within 10 s.
 *
 * @example
 * const p = await authenticate('Bearer pc_...', deps);
 */
export async function authenticate(
  header: string | undefined,
  deps: { db: AppEnv['Variables']['deps']['db']; bootstrapAdminTokenHash?: string; now?: () => number },
): Promise<Principal | undefined> {
  const match = header === undefined ? null : /^Bearer\s+(\S+)\s*$/i.exec(header);
  if (match === null) return undefined;
  const token = match[1];
  const now = deps.now?.();
  if (now !== undefined) {
    const hit = cachedPrincipal(deps.db, token, now, deps.bootstrapAdminTokenHash);
    if (hit !== undefined) return hit;
  }
  const principal = await resolvePrincipal(token, deps);
  if (principal !== undefined && now !== undefined) rememberPrincipal(deps.db, token, principal, now, deps.bootstrapAdminTokenHash);
  return principal;
}

async function resolvePrincipal(
  token: string, deps: { db: AppEnv['Variables']['deps']['db']; bootstrapAdminTokenHash?: string },
): Promise<Principal | undefined> {
  const hash = await hashToken(token);
  if (deps.bootstrapAdminTokenHash !== undefined && timingSafeEqual(hash, deps.bootstrapAdminTokenHash.toLowerCase())) {
    return { role: 'admin', tokenId: 'bootstrap' };
  }
  const stored = await findTokenByHash(deps.db, hash);
  if (stored === undefined) return undefined;
  if (stored.role === 'agent') {
    return { role: 'agent', tokenId: stored.id, fabric: stored.fabric ?? '', switch: stored.switchName ?? '' };
  }
  return { role: stored.role, tokenId: stored.id };
}

function timingSafeEqual(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return diff === 0;
}

import type { Principal } from './principal';

/**
 * How long a resolved principal answers for its token without re-hashing and re-reading it, ms. Why 10 s: agents
 * poll about once a second, so a 1 s entry was gone by each agent's next poll and every poll paid a SHA-256 and
 * a query; 10 s is also the longest a revocation made elsewhere (another isolate or process) goes unseen here.
 */
export const PRINCIPAL_CACHE_TTL_MS = 10_000;
/** Most tokens remembered per database; the oldest is dropped first. */
export const PRINCIPAL_CACHE_MAX = 4096;

interface CachedPrincipal {
  principal: Principal;
  expiresAt: number;
  /** The bootstrap admin hash the entry was resolved under (apps over one database may differ in it). */
  bootstrapHash: string | undefined;
}

/**
 * One cache per database handle (a WeakMap, so it goes with the app's database and never leaks across apps
 * or tests over different databases). Keyed by the bearer token itself: the point is to skip its SHA-256 as
 * well as the lookup; the token is in this process's memory for the request anyway, and an entry lives at
 * most PRINCIPAL_CACHE_TTL_MS. Only known tokens are cached (an unknown token is re-checked every time, so a
 * newly created token works at once).
 */
const caches = new WeakMap<object, Map<string, CachedPrincipal>>();

/**
 * The cached principal of a token, if resolved less than PRINCIPAL_CACHE_TTL_MS ago under the same bootstrap
 * admin hash.
 *
 * @example
 * const p = cachedPrincipal(deps.db, token, deps.now(), deps.bootstrapAdminTokenHash);
 */
export function cachedPrincipal(db: object, token: string, now: number, bootstrapHash: string | undefined): Principal | undefined {
  const perDb = caches.get(db);
  const hit = perDb?.get(token);
  if (hit === undefined) return undefined;
  if (hit.expiresAt <= now || hit.bootstrapHash !== bootstrapHash) {
    perDb!.delete(token);
    return undefined;
  }
  return hit.principal;
}

/**
 * Remembers a token's principal for PRINCIPAL_CACHE_TTL_MS (bounded: the oldest entry goes when full).
 *
 * @example
 * rememberPrincipal(deps.db, token, principal, deps.now(), deps.bootstrapAdminTokenHash);
 */
export function rememberPrincipal(db: object, token: string, principal: Principal, now: number, bootstrapHash: string | undefined): void {
  let perDb = caches.get(db);
  if (!perDb) caches.set(db, (perDb = new Map()));
  perDb.delete(token);
  if (perDb.size >= PRINCIPAL_CACHE_MAX) perDb.delete(perDb.keys().next().value!);
  perDb.set(token, { principal, expiresAt: now + PRINCIPAL_CACHE_TTL_MS, bootstrapHash });
}

/**
 * Forgets every cached principal of a database: called when a token is revoked through this process, so a
 * revocation here takes effect at once (other processes or isolates over the same database see it within
 * PRINCIPAL_CACHE_TTL_MS).
 *
 * @example
 * forgetPrincipals(deps.db);
 */
export function forgetPrincipals(db: object): void {
  caches.delete(db);
}

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { createApp } from '../../src/api/app';
import { PRINCIPAL_CACHE_MAX, PRINCIPAL_CACHE_TTL_MS, cachedPrincipal, rememberPrincipal } from '../../src/api/principal-cache';
import { hashToken } from '../../src/api/token-hash';
import { openSqliteDatabase } from '../../src/db/open-sqlite';
import { SqliteJobQueue } from '../../src/jobs/queue-sqlite';
import { DEFAULT_MIGRATIONS_DIR } from '../../src/server/start';
import { randomAdminToken, randomBytes } from '../helpers/harness';

// Real SQLite and the real app; the clock is an injected number so the TTL is exercised without waiting.
describe('principal cache', () => {
  const cleanups: (() => void)[] = [];
  afterEach(() => {
    for (const c of cleanups.splice(0)) c();
  });

  async function makeApp() {
    const dir = mkdtempSync(join(tmpdir(), 'piggycar-principal-cache-'));
    const handle = openSqliteDatabase(join(dir, 'p.db'), DEFAULT_MIGRATIONS_DIR);
    cleanups.push(() => {
      handle.close();
      rmSync(dir, { recursive: true, force: true });
    });
    const clock = { now: 1_000_000 };
    const admin = randomAdminToken();
    const deps = {
      db: handle.db, queue: new SqliteJobQueue(handle.db, { now: () => clock.now, randomBytes }),
      now: () => clock.now, randomBytes, bootstrapAdminTokenHash: await hashToken(admin),
    };
    const app = createApp(deps);
    const call = (method: string, path: string, token: string) =>
      app.fetch(new Request(`http://x${path}`, { method, headers: { authorization: `Bearer ${token}` } }));
    const created = await app.fetch(new Request('http://x/v1/tokens', {
      method: 'POST', headers: { authorization: `Bearer ${admin}`, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'v', role: 'viewer' }),
    }));
    const token = ((await created.json()) as { id: string; token: string });
    return { handle, clock, admin, app, call, token };
  }

  it('a token deleted behind the app (another process) is refused once the TTL has passed', async () => {
    const { handle, clock, call, token } = await makeApp();
    expect((await call('GET', '/v1/fabrics', token.token)).status).toBe(200);
    await handle.db.run(sql`delete from api_tokens where id = ${token.id}`);
    // Within the TTL the cached principal still answers: the documented lag of a revocation made elsewhere.
    clock.now += PRINCIPAL_CACHE_TTL_MS - 1;
    expect((await call('GET', '/v1/fabrics', token.token)).status).toBe(200);
    clock.now += 1;
    expect((await call('GET', '/v1/fabrics', token.token)).status).toBe(401);
  });

  it('a revocation through the app applies at once, and unknown tokens are not cached', async () => {
    const { call, token, admin } = await makeApp();
    expect((await call('GET', '/v1/fabrics', token.token)).status).toBe(200);
    expect((await call('DELETE', `/v1/tokens/${token.id}`, admin)).status).toBe(204);
    expect((await call('GET', '/v1/fabrics', token.token)).status).toBe(401);
    expect((await call('GET', '/v1/fabrics', 'pc_unknown')).status).toBe(401);
  });

  it('is bounded: the oldest entry goes first', () => {
    const db = {};
    const p = { role: 'viewer' as const, tokenId: 't' };
    for (let i = 0; i <= PRINCIPAL_CACHE_MAX; i++) rememberPrincipal(db, `tok${i}`, p, 0, undefined);
    expect(cachedPrincipal(db, 'tok0', 1, undefined)).toBeUndefined();
    expect(cachedPrincipal(db, 'tok1', 1, undefined)).toEqual(p);
    expect(cachedPrincipal(db, `tok${PRINCIPAL_CACHE_MAX}`, 1, undefined)).toEqual(p);
    // Another bootstrap admin hash (another app over the same database) does not see the entry.
    expect(cachedPrincipal(db, 'tok1', 1, 'other')).toBeUndefined();
  });
});

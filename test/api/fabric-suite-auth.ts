import { expect, it } from 'vitest';
import { call, createToken } from '../helpers/harness';
import { expectProblem, paramNames, type Scenarios } from './fabric-suite';

/** Auth, tokens, health, OpenAPI, 404/405. */
export const fabricAuthScenarios: Scenarios = (h) => {
  it('GET /healthz answers without a token', async () => {
    const res = await call(h(), 'GET', '/healthz', { token: null });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'ok' });
  });

  it('serves OpenAPI 3.1 describing the fabric and token routes', async () => {
    const res = await call(h(), 'GET', '/openapi.json', { token: null });
    expect(res.status).toBe(200);
    const doc = (await res.json()) as { openapi: string; paths: Record<string, Record<string, unknown>> };
    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining(['/v1/fabrics', '/v1/fabrics/{fabric}', '/v1/fabrics/{fabric}/paths', '/v1/tokens', '/v1/fabrics/{fabric}/links/{link}']),
    );
    expect(Object.keys(doc.paths['/v1/fabrics/{fabric}'])).toEqual(expect.arrayContaining(['get', 'put', 'patch', 'delete']));
  });

  it('unknown routes are 404 and known paths with another method 405, as problem+json', async () => {
    const missing = await expectProblem(await call(h(), 'GET', '/v1/nothing-here'), 404);
    expect(missing.detail).toContain('/v1/nothing-here');
    const res = await call(h(), 'POST', '/v1/fabrics', { json: {} });
    await expectProblem(res, 405);
    expect(res.headers.get('allow')).toBe('GET');
  });

  it('no token or an unknown token is 401 with WWW-Authenticate', async () => {
    const none = await call(h(), 'GET', '/v1/fabrics', { token: null });
    await expectProblem(none, 401);
    expect(none.headers.get('www-authenticate')).toBe('Bearer');
    await expectProblem(await call(h(), 'GET', '/v1/fabrics', { token: 'pc_not_a_real_token' }), 401);
    await expectProblem(await call(h(), 'GET', '/v1/fabrics', { headers: { authorization: 'Basic abc' }, token: null }), 401);
  });

  it('roles: viewer reads but cannot write; ci writes; agent and non-admins cannot manage tokens', async () => {
    const viewer = await createToken(h(), 'viewer');
    const ci = await createToken(h(), 'ci');
    const agent = await createToken(h(), 'agent', { fabric: 'testbed', switch: 'core1' });
    expect((await call(h(), 'GET', '/v1/fabrics', { token: viewer })).status).toBe(200);
    const denied = await expectProblem(await call(h(), 'DELETE', '/v1/fabrics/nope', { token: viewer }), 403);
    expect(denied.detail).toContain('viewer');
    expect((await call(h(), 'DELETE', '/v1/fabrics/nope', { token: ci })).status).toBe(404);
    await expectProblem(await call(h(), 'GET', '/v1/fabrics', { token: agent }), 403);
    await expectProblem(await call(h(), 'GET', '/v1/tokens', { token: ci }), 403);
    await expectProblem(await call(h(), 'POST', '/v1/tokens', { token: viewer, json: { name: 'x', role: 'admin' } }), 403);
  });

  it('tokens: created once with the secret, listed without it, revoked', async () => {
    const created = await call(h(), 'POST', '/v1/tokens', { json: { name: 'deploy', role: 'ci' } });
    expect(created.status).toBe(201);
    const body = (await created.json()) as { id: string; token: string; role: string };
    expect(body.role).toBe('ci');
    expect(body.token).toMatch(/^pc_[A-Za-z0-9_-]{43}$/);

    const listed = (await (await call(h(), 'GET', '/v1/tokens')).json()) as { tokens: Record<string, unknown>[] };
    const mine = listed.tokens.find((t) => t.id === body.id);
    expect(mine).toMatchObject({ id: body.id, name: 'deploy', role: 'ci' });
    expect(JSON.stringify(listed)).not.toContain(body.token);
    expect(Object.keys(mine ?? {})).not.toContain('tokenHash');

    expect((await call(h(), 'GET', '/v1/fabrics', { token: body.token })).status).toBe(200);
    expect((await call(h(), 'DELETE', `/v1/tokens/${body.id}`)).status).toBe(204);
    await expectProblem(await call(h(), 'GET', '/v1/fabrics', { token: body.token }), 401);
    await expectProblem(await call(h(), 'DELETE', `/v1/tokens/${body.id}`), 404);
  });

  it('tokens: the secret is stored only as a SHA-256 hash', async () => {
    const res = await call(h(), 'POST', '/v1/tokens', { json: { name: 'hash-check', role: 'viewer' } });
    const { token } = (await res.json()) as { token: string };
    const { sql } = await import('drizzle-orm');
    const rows = (await h().deps.db.all(sql`select token_hash from api_tokens`)) as { token_hash: string }[];
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) {
      expect(row.token_hash).toMatch(/^[0-9a-f]{64}$/);
      expect(row.token_hash).not.toBe(token);
    }
  });

  it('tokens: invalid requests name the field', async () => {
    const p = await expectProblem(await call(h(), 'POST', '/v1/tokens', { json: { name: 'a', role: 'agent' } }), 400);
    expect(paramNames(p)).toEqual(expect.arrayContaining(['fabric', 'switch']));
    const q = await expectProblem(await call(h(), 'POST', '/v1/tokens', { json: { name: '', role: 'root' } }), 400);
    expect(paramNames(q)).toEqual(expect.arrayContaining(['name', 'role']));
    const r = await expectProblem(await call(h(), 'POST', '/v1/tokens', { json: { name: 'v', role: 'viewer', fabric: 'testbed' } }), 400);
    expect(paramNames(r)).toEqual(['fabric']);
    const bad = await call(h(), 'POST', '/v1/tokens', { body: '{not json', contentType: 'application/json' });
    await expectProblem(bad, 400);
  });
};

import { expect, it } from 'vitest';
import { stringify } from 'yaml';
import { testbedFabric } from '../../src/core/fabric/generators/testbed-fabric';
import type { FabricDocument } from '../../src/core/fabric/types';
import { call, createToken } from '../helpers/harness';
import { expectProblem, paramNames, type Scenarios } from './fabric-suite';

async function getDoc(h: Parameters<Scenarios>[0], name: string): Promise<{ res: Response; doc: FabricDocument }> {
  const res = await call(h(), 'GET', `/v1/fabrics/${name}`);
  const text = await res.text();
  expect(res.status, text).toBe(200);
  return { res, doc: JSON.parse(text) as FabricDocument };
}

/** Whole documents: PUT (JSON/YAML), GET, list, DELETE, generate, paths; validation and atomicity. */
export const fabricDocumentScenarios: Scenarios = (h) => {
  const testbed = testbedFabric({ podsPerServer: 1 });

  it('PUT creates a fabric from JSON (201), GET returns it unchanged, PUT again replaces it (200)', async () => {
    const created = await call(h(), 'PUT', '/v1/fabrics/testbed', { json: testbed });
    expect(created.status, await created.clone().text()).toBe(201);
    const summary = (await created.json()) as { version: number; switchCount: number; serverCount: number; linkCount: number; podCount: number; etag: string };
    expect(summary).toMatchObject({ version: 1, switchCount: 4, serverCount: 5, linkCount: 8, podCount: 4 });
    expect(created.headers.get('etag')).toBe(summary.etag);

    const { res, doc } = await getDoc(h, 'testbed');
    expect(doc).toEqual(testbed);
    expect(res.headers.get('etag')).toBe(summary.etag);
    const notModified = await call(h(), 'GET', '/v1/fabrics/testbed', { headers: { 'if-none-match': summary.etag } });
    expect(notModified.status).toBe(304);

    const again = await call(h(), 'PUT', '/v1/fabrics/testbed', { json: { ...testbed, settings: { strict: true } } });
    expect(again.status).toBe(200);
    expect(((await again.json()) as { version: number }).version).toBe(2);
    expect((await getDoc(h, 'testbed')).doc.settings).toEqual({ strict: true });
  });

  it('GET /v1/fabrics lists fabrics with counts', async () => {
    const res = await call(h(), 'GET', '/v1/fabrics');
    expect(res.status).toBe(200);
    const { fabrics } = (await res.json()) as { fabrics: { name: string; switchCount: number }[] };
    expect(fabrics.find((f) => f.name === 'testbed')).toMatchObject({ name: 'testbed', switchCount: 4 });
  });

  it('PUT accepts YAML', async () => {
    const yamlDoc = stringify({ ...testbed, name: 'yamlfab' });
    const res = await call(h(), 'PUT', '/v1/fabrics/yamlfab', { body: yamlDoc, contentType: 'application/yaml' });
    expect(res.status, await res.clone().text()).toBe(201);
    expect((await getDoc(h, 'yamlfab')).doc).toEqual({ ...testbed, name: 'yamlfab' });
  });

  it('PUT rejects bad YAML, several documents, unknown media types and a name mismatch', async () => {
    const syntax = await expectProblem(await call(h(), 'PUT', '/v1/fabrics/y2', { body: 'name: y2\nswitches: [a, b\n', contentType: 'application/yaml' }), 400);
    expect(syntax.detail).toMatch(/line \d+/);
    const two = await expectProblem(await call(h(), 'PUT', '/v1/fabrics/y2', { body: 'name: a\n---\nname: b\n', contentType: 'application/yaml' }), 400);
    expect(two.detail).toContain('exactly one');
    await expectProblem(await call(h(), 'PUT', '/v1/fabrics/y2', { body: 'hello', contentType: 'text/plain' }), 415);
    const mismatch = await expectProblem(await call(h(), 'PUT', '/v1/fabrics/other', { json: testbed }), 400);
    expect(paramNames(mismatch)).toEqual(['name']);
  });

  it('PUT rejects schema violations with their field paths (400)', async () => {
    const bad = structuredClone(testbed);
    bad.switches[0].vtepIp = '10.0.0.300';
    (bad.links[1] as { bandwidthGbps: number }).bandwidthGbps = -5;
    const p = await expectProblem(await call(h(), 'PUT', '/v1/fabrics/testbed', { json: bad }), 400);
    expect(paramNames(p)).toEqual(expect.arrayContaining(['switches[0].vtepIp', 'links[1].bandwidthGbps']));
    const yamlBad = await expectProblem(
      await call(h(), 'PUT', '/v1/fabrics/testbed', { body: stringify(bad), contentType: 'application/yaml' }),
      400,
    );
    expect(paramNames(yamlBad)).toEqual(expect.arrayContaining(['switches[0].vtepIp']));
  });

  it('PUT rejects fabric-rule violations (422) and leaves the previous fabric intact', async () => {
    const before = await getDoc(h, 'testbed');
    const cases: Array<{ doc: FabricDocument; name: string }> = [];
    const accessAccess = structuredClone(testbed);
    accessAccess.links.push({ a: 'access1', b: 'access2', bandwidthGbps: 100, baseLatencyUs: 1 });
    cases.push({ doc: accessAccess, name: `links[${accessAccess.links.length - 1}]` });
    const duplicate = structuredClone(testbed);
    duplicate.switches[2].name = 'access1';
    cases.push({ doc: duplicate, name: 'switches[2].name' });
    const sameIp = structuredClone(testbed);
    sameIp.servers[1].vtepIp = sameIp.servers[0].vtepIp;
    cases.push({ doc: sameIp, name: 'servers[1].vtepIp' });
    const disconnected = structuredClone(testbed);
    disconnected.links = disconnected.links.filter((l) => !(l.a === 'access3' || l.b === 'access3') || l.a === 'gateway1' || l.b === 'gateway1');
    cases.push({ doc: disconnected, name: 'switches[3]' });
    const overThreshold = structuredClone(testbed);
    overThreshold.switches[0].sramThreshold = overThreshold.switches[0].sramCapacity + 1;
    cases.push({ doc: overThreshold, name: 'switches[0].sramThreshold' });

    for (const c of cases) {
      const p = await expectProblem(await call(h(), 'PUT', '/v1/fabrics/testbed', { json: c.doc }), 422);
      expect(paramNames(p).join(' '), JSON.stringify(p.invalidParams)).toContain(c.name);
    }
    const after = await getDoc(h, 'testbed');
    expect(after.doc).toEqual(before.doc);
    expect(after.res.headers.get('etag')).toBe(before.res.headers.get('etag'));
  });

  it('If-Match makes writes conditional (412 on a stale ETag)', async () => {
    const { res } = await getDoc(h, 'testbed');
    const etag = res.headers.get('etag') ?? '';
    const stale = '"0000"';
    await expectProblem(await call(h(), 'PUT', '/v1/fabrics/testbed', { json: testbed, headers: { 'if-match': stale } }), 412);
    const ok = await call(h(), 'PUT', '/v1/fabrics/testbed', { json: testbed, headers: { 'if-match': etag } });
    expect(ok.status).toBe(200);
    await expectProblem(await call(h(), 'PUT', '/v1/fabrics/testbed', { json: testbed, headers: { 'if-match': etag } }), 412);
    await expectProblem(await call(h(), 'PUT', '/v1/fabrics/newone', { json: { ...testbed, name: 'newone' }, headers: { 'if-match': '*' } }), 412);
  });

  it('bodies over the route limit are 413; the fabric PUT takes more than 1 MB', async () => {
    const huge = 'x'.repeat(1024 * 1024 + 10);
    await expectProblem(await call(h(), 'POST', '/v1/tokens', { json: { name: huge, role: 'ci' } }), 413);
    await expectProblem(
      await call(h(), 'POST', '/v1/fabrics/testbed/switches', { json: { name: huge, role: 'core', vtepIp: '1.1.1.1', sramCapacity: 1, sramThreshold: 1 } }),
      413,
    );
    const gen = await call(h(), 'POST', '/v1/fabrics/big/generate', { json: { kind: 'leaf-spine', spines: 4, leaves: 128, serversPerLeaf: 64, podsPerServer: 1 } });
    expect(gen.status).toBe(201);
    const { doc } = await getDoc(h, 'big');
    const text = JSON.stringify(doc);
    expect(text.length).toBeGreaterThan(1024 * 1024);
    const put = await call(h(), 'PUT', '/v1/fabrics/big', { body: text, contentType: 'application/json' });
    expect(put.status, await put.clone().text()).toBe(200);
    expect((await getDoc(h, 'big')).doc).toEqual(doc);
    const { sql } = await import('drizzle-orm');
    const rows = (await h().deps.db.all(sql`select count(*) as n from fabric_chunks where fabric = 'big'`)) as { n: number }[];
    expect(rows[0].n).toBeGreaterThan(1); // stored as several ≤ 1 MB chunks, streamed back as one document
  });

  it('POST generate builds testbed, leaf-spine and fat-tree fabrics and validates the spec', async () => {
    const tb = await call(h(), 'POST', '/v1/fabrics/gen-testbed/generate', { json: { kind: 'testbed' } });
    expect(tb.status).toBe(201);
    expect(await tb.json()).toMatchObject({ name: 'gen-testbed', switchCount: 4, serverCount: 5 });
    const ft = await call(h(), 'POST', '/v1/fabrics/ft4/generate', { json: { kind: 'fat-tree', k: 4, serversPerEdge: 2 } });
    expect(ft.status).toBe(201);
    expect(await ft.json()).toMatchObject({ switchCount: 20, serverCount: 16 });
    const again = await call(h(), 'POST', '/v1/fabrics/ft4/generate', { json: { kind: 'fat-tree', k: 4, serversPerEdge: 1 } });
    expect(again.status).toBe(200);
    const odd = await expectProblem(await call(h(), 'POST', '/v1/fabrics/ft3/generate', { json: { kind: 'fat-tree', k: 3, serversPerEdge: 1 } }), 400);
    expect(paramNames(odd)).toContain('k');
    await expectProblem(await call(h(), 'POST', '/v1/fabrics/ft3/generate', { json: { kind: 'torus' } }), 400);
    await expectProblem(await call(h(), 'GET', '/v1/fabrics/ft3'), 404);
  });

  it('GET paths: p(s, t) between servers, switches and pods with hops and Σ T_base', async () => {
    const res = await call(h(), 'GET', '/v1/fabrics/testbed/paths?from=server1&to=server4');
    expect(res.status).toBe(200);
    const p = (await res.json()) as { nodes: string[]; hops: number; baseLatencyUs: number; links: { a: string; b: string }[] };
    expect(p.nodes).toEqual(['server1', 'access1', 'core1', 'access2', 'server4']);
    expect(p.hops).toBe(4);
    expect(p.baseLatencyUs).toBe(2 + 1 + 1 + 2);
    expect(p.links.map((l) => `${l.a}>${l.b}`)).toEqual(['server1>access1', 'access1>core1', 'core1>access2', 'access2>server4']);

    const pod = testbed.pods[0];
    const viaPod = await call(h(), 'GET', `/v1/fabrics/testbed/paths?from=${pod.namespace}/${pod.name}&to=core1`);
    expect(viaPod.status).toBe(200);
    expect(await viaPod.json()).toMatchObject({ from: { kind: 'pod', node: pod.server }, to: { kind: 'switch' } });

    const self = (await (await call(h(), 'GET', '/v1/fabrics/testbed/paths?from=core1&to=core1')).json()) as { nodes: string[]; hops: number };
    expect(self).toMatchObject({ nodes: ['core1'], hops: 0 });

    const unknown = await expectProblem(await call(h(), 'GET', '/v1/fabrics/testbed/paths?from=nope&to=server1'), 400);
    expect(paramNames(unknown)).toEqual(['from']);
    const missing = await expectProblem(await call(h(), 'GET', '/v1/fabrics/testbed/paths?from=server1'), 400);
    expect(paramNames(missing)).toContain('to');
    await expectProblem(await call(h(), 'GET', '/v1/fabrics/nofabric/paths?from=a&to=b'), 404);
  });

  it('DELETE removes a fabric (204), then it is 404; a viewer token cannot delete', async () => {
    const viewer = await createToken(h(), 'viewer');
    await expectProblem(await call(h(), 'DELETE', '/v1/fabrics/yamlfab', { token: viewer }), 403);
    expect((await call(h(), 'DELETE', '/v1/fabrics/yamlfab')).status).toBe(204);
    await expectProblem(await call(h(), 'GET', '/v1/fabrics/yamlfab'), 404);
    await expectProblem(await call(h(), 'DELETE', '/v1/fabrics/yamlfab'), 404);
    const bad = await expectProblem(await call(h(), 'GET', '/v1/fabrics/Not_A_Label'), 400);
    expect(paramNames(bad)).toEqual(['fabric']);
  });
};

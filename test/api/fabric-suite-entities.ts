import { expect, it } from 'vitest';
import { testbedFabric } from '../../src/core/fabric/generators/testbed-fabric';
import type { FabricDocument } from '../../src/core/fabric/types';
import { call, createToken } from '../helpers/harness';
import { expectProblem, paramNames, type Scenarios } from './fabric-suite';

const F = '/v1/fabrics/ent';

async function doc(h: Parameters<Scenarios>[0]): Promise<FabricDocument> {
  return (await (await call(h(), 'GET', F)).json()) as FabricDocument;
}

/** Entity CRUD (switches, servers, links, pods) and PATCH change sets. */
export const fabricEntityScenarios: Scenarios = (h) => {
  const base = testbedFabric({ name: 'ent' });

  it('lists, pages and reads entities of each kind', async () => {
    expect((await call(h(), 'PUT', F, { json: base })).status).toBe(201);
    const sw = (await (await call(h(), 'GET', `${F}/switches`)).json()) as { items: unknown[]; total: number };
    expect(sw).toMatchObject({ total: 4, offset: 0 });
    expect(sw.items).toEqual(base.switches);
    const page = (await (await call(h(), 'GET', `${F}/servers?offset=1&limit=2`)).json()) as { items: { name: string }[]; total: number };
    expect(page.total).toBe(5);
    expect(page.items.map((s) => s.name)).toEqual(['server2', 'server3']);
    const bad = await expectProblem(await call(h(), 'GET', `${F}/servers?limit=0`), 400);
    expect(paramNames(bad)).toEqual(['limit']);

    expect(await (await call(h(), 'GET', `${F}/switches/core1`)).json()).toEqual(base.switches[0]);
    expect(await (await call(h(), 'GET', `${F}/servers/gateway1`)).json()).toMatchObject({ kind: 'gateway' });
    expect(await (await call(h(), 'GET', `${F}/links/core1~access2`)).json()).toMatchObject({ bandwidthGbps: 100 });
    expect((await call(h(), 'GET', `${F}/links/access2~core1`)).status).toBe(200);
    await expectProblem(await call(h(), 'GET', `${F}/switches/nope`), 404);
    await expectProblem(await call(h(), 'GET', `/v1/fabrics/none/switches`), 404);
    const badLink = await expectProblem(await call(h(), 'GET', `${F}/links/core1-access2`), 400);
    expect(paramNames(badLink)).toEqual(['link']);
  });

  it('pods: create (201), read, replace, delete; a duplicate is 409, a pod on an unknown server 422', async () => {
    const pod = { name: 'reviews-v1', namespace: 'bookinfo', ip: '100.64.9.1', server: 'server1', labels: { app: 'reviews', version: 'v1' } };
    const created = await call(h(), 'POST', `${F}/pods`, { json: pod });
    expect(created.status, await created.clone().text()).toBe(201);
    expect(await created.json()).toMatchObject({ podCount: 1, version: 2 });
    expect(await (await call(h(), 'GET', `${F}/pods/bookinfo/reviews-v1`)).json()).toEqual(pod);
    await expectProblem(await call(h(), 'POST', `${F}/pods`, { json: pod }), 409);
    const orphan = await expectProblem(await call(h(), 'POST', `${F}/pods`, { json: { ...pod, name: 'x', ip: '100.64.9.2', server: 'ghost' } }), 422);
    expect(paramNames(orphan).join(' ')).toContain('pods[1].server');

    const moved = { ...pod, server: 'server3' };
    expect((await call(h(), 'PUT', `${F}/pods/bookinfo/reviews-v1`, { json: moved })).status).toBe(200);
    expect((await doc(h)).pods).toEqual([moved]);
    const wrongPath = await expectProblem(await call(h(), 'PUT', `${F}/pods/bookinfo/other`, { json: moved }), 400);
    expect(paramNames(wrongPath)).toEqual(['body']);
    const invalid = await expectProblem(await call(h(), 'POST', `${F}/pods`, { json: { ...pod, ip: 'nope', labels: { 'bad key!': 'v' } } }), 400);
    expect(paramNames(invalid)).toEqual(expect.arrayContaining(['ip']));

    expect((await call(h(), 'DELETE', `${F}/pods/bookinfo/reviews-v1`)).status).toBe(200);
    await expectProblem(await call(h(), 'DELETE', `${F}/pods/bookinfo/reviews-v1`), 404);
    expect((await doc(h)).pods).toEqual([]);
  });

  it('switches and links: single writes that keep the fabric valid succeed, the rest are 422 with nothing written', async () => {
    const before = await doc(h);
    const lonely = { name: 'access4', role: 'access', vtepIp: '10.0.0.14', sramCapacity: 65536, sramThreshold: 1000 };
    const p = await expectProblem(await call(h(), 'POST', `${F}/switches`, { json: lonely }), 422);
    expect(p.invalidParams?.[0].reason).toContain('not connected');
    expect(await doc(h)).toEqual(before);

    const bigger = { ...base.switches[0], sramCapacity: 131072 };
    expect((await call(h(), 'PUT', `${F}/switches/core1`, { json: bigger })).status).toBe(200);
    expect(await (await call(h(), 'GET', `${F}/switches/core1`)).json()).toEqual(bigger);

    const link = { a: 'core1', b: 'access1', bandwidthGbps: 400, baseLatencyUs: 0.5 };
    expect((await call(h(), 'PUT', `${F}/links/access1~core1`, { json: link })).status).toBe(200);
    expect(await (await call(h(), 'GET', `${F}/links/access1~core1`)).json()).toEqual(link);
    const cut = await expectProblem(await call(h(), 'DELETE', `${F}/links/access3~core1`), 422);
    expect(cut.detail).toContain('nothing was written');
    const accessPair = await expectProblem(
      await call(h(), 'POST', `${F}/links`, { json: { a: 'access1', b: 'access2', bandwidthGbps: 100, baseLatencyUs: 1 } }),
      422,
    );
    expect(accessPair.invalidParams?.[0].reason).toContain('access');
    await expectProblem(await call(h(), 'POST', `${F}/links`, { json: { ...link } }), 409);
    await expectProblem(await call(h(), 'DELETE', `${F}/switches/access1`), 422);
    await expectProblem(await call(h(), 'DELETE', `${F}/servers/nope`), 404);
  });

  it('PATCH applies a change set atomically: a new switch with its link and server', async () => {
    const changes = {
      upsert: {
        switches: [{ name: 'access4', role: 'access', vtepIp: '10.0.0.14', sramCapacity: 65536, sramThreshold: 1000 }],
        servers: [{ name: 'server5', vtepIp: '10.1.0.6', accessSwitch: 'access4' }],
        links: [
          { a: 'access4', b: 'core1', bandwidthGbps: 100, baseLatencyUs: 1 },
          { a: 'server5', b: 'access4', bandwidthGbps: 100, baseLatencyUs: 2 },
        ],
      },
    };
    const res = await call(h(), 'PATCH', F, { json: changes });
    expect(res.status, await res.clone().text()).toBe(200);
    expect(await res.json()).toMatchObject({ switchCount: 5, serverCount: 6 });
    const path = (await (await call(h(), 'GET', `${F}/paths?from=server5&to=server1`)).json()) as { hops: number };
    expect(path.hops).toBe(4);

    const before = await doc(h);
    const broken = { remove: { links: ['access4~core1'] }, upsert: { pods: [{ name: 'p', namespace: 'default', ip: '100.64.50.1', server: 'server5', labels: {} }] } };
    await expectProblem(await call(h(), 'PATCH', F, { json: broken }), 422);
    const unknown = await expectProblem(await call(h(), 'PATCH', F, { json: { remove: { switches: ['ghost'] } } }), 422);
    expect(paramNames(unknown)).toEqual(['remove.switches[0]']);
    await expectProblem(await call(h(), 'PATCH', F, { json: { upsert: { switches: [{ name: 'x' }] } } }), 400);
    expect(await doc(h)).toEqual(before);

    const removeAll = { remove: { switches: ['access4'], servers: ['server5'], links: ['core1~access4', 'access4~server5'] } };
    expect((await call(h(), 'PATCH', F, { json: removeAll })).status).toBe(200);
    expect((await doc(h)).switches.map((s) => s.name)).toEqual(['core1', 'access1', 'access2', 'access3']);
  });

  it('entity writes need the ci role; viewers get 403 and nothing changes', async () => {
    const viewer = await createToken(h(), 'viewer');
    const before = await doc(h);
    await expectProblem(await call(h(), 'PUT', `${F}/switches/core1`, { token: viewer, json: base.switches[0] }), 403);
    await expectProblem(await call(h(), 'PATCH', F, { token: viewer, json: {} }), 403);
    await expectProblem(await call(h(), 'POST', `${F}/pods`, { token: null, json: {} }), 401);
    expect(await doc(h)).toEqual(before);
    const ci = await createToken(h(), 'ci');
    expect((await call(h(), 'PUT', `${F}/switches/core1`, { token: ci, json: base.switches[0] })).status).toBe(200);
  });
};

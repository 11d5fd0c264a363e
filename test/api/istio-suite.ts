import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testbedFabric } from '../../src/core/fabric/generators/testbed-fabric';
import { call, createToken, type Harness } from '../helpers/harness';

import { BOOKINFO_FILES } from './istio-bookinfo-files';

function file(f: string): string {
  const text = BOOKINFO_FILES[f];
  if (text === undefined) throw new Error(`bookinfo file ${f} is not bundled in istio-bookinfo-files.ts`);
  return text;
}
const YAML = 'application/yaml';

async function apply(h: Harness, body: string, opts: { method?: string; query?: string; token?: string; fabric?: string } = {}) {
  return call(h, opts.method ?? 'POST', `/v1/fabrics/${opts.fabric ?? 'testbed'}/istio${opts.query ?? ''}`, { body, contentType: YAML, token: opts.token });
}

async function rules(h: Harness, fabric = 'testbed') {
  const res = await call(h, 'GET', `/v1/fabrics/${fabric}/rules`);
  expect(res.status).toBe(200);
  return ((await res.json()) as { rules: { id: string; vni: number; backends: { pod: string; weight: number }[]; match: unknown[]; warnings: string[] }[] }).rules;
}

function review(uid: string, operation: string, object: unknown, extra: Record<string, unknown> = {}) {
  const o = object as { kind: string; metadata: { name: string } };
  return {
    apiVersion: 'admission.k8s.io/v1',
    kind: 'AdmissionReview',
    request: {
      uid, kind: { group: 'networking.istio.io', version: 'v1', kind: o.kind }, resource: { group: 'networking.istio.io', version: 'v1', resource: 'virtualservices' },
      name: o.metadata.name, namespace: 'default', operation, userInfo: { username: 'kubernetes-admin' },
      object: operation === 'DELETE' ? null : object, oldObject: operation === 'DELETE' ? object : null, dryRun: false, ...extra,
    },
  };
}

const VS_8020 = {
  apiVersion: 'networking.istio.io/v1', kind: 'VirtualService', metadata: { name: 'reviews', namespace: 'default' },
  spec: { hosts: ['reviews'], http: [{ route: [{ destination: { host: 'reviews', subset: 'v1' }, weight: 80 }, { destination: { host: 'reviews', subset: 'v2' }, weight: 20 }] }] },
};

/**
 * The Istio API suite (apply, replace, delete, rules, service mapping, admission webhook), run on a
 * harness: real database, real app, bookinfo samples unchanged.
 *
 * @example
 * istioApiSuite('node', makeNodeHarness);
 */
export function istioApiSuite(label: string, make: () => Promise<Harness>): void {
  describe(`Istio API (${label})`, () => {
    let harness: Harness | undefined;
    const h = (): Harness => harness!;
    beforeAll(async () => {
      harness = await make();
      expect((await call(h(), 'PUT', '/v1/fabrics/testbed', { json: testbedFabric() })).status).toBe(201);
      expect((await call(h(), 'PUT', '/v1/fabrics/strict', { json: { ...testbedFabric({ name: 'strict' }), settings: { strict: true } } })).status).toBe(201);
    });
    afterAll(async () => {
      await harness?.close();
    });

    it('applies bookinfo.yaml: Deployments become pods spread over the servers, in one write', async () => {
      const res = await apply(h(), file('bookinfo.yaml'));
      expect(res.status).toBe(200);
      const body = (await res.json()) as { results: { key: string; action: string }[]; warnings: { message: string }[]; planId?: string };
      expect(body.results.filter((r) => r.action === 'created')).toHaveLength(14);
      expect(body.warnings.some((w) => w.message.includes('ServiceAccount accepted and ignored'))).toBe(true);
      const fabric = (await (await call(h(), 'GET', '/v1/fabrics/testbed')).json()) as { pods: { name: string; server: string }[] };
      expect(fabric.pods.map((p) => p.name).sort()).toEqual(['details-v1-0', 'productpage-v1-0', 'ratings-v1-0', 'reviews-v1-0', 'reviews-v2-0', 'reviews-v3-0']);
      expect(new Set(fabric.pods.map((p) => p.server)).size).toBe(4);
    });

    it('applies DestinationRules and the 80-20 VirtualService; GET rules shows K(r) with weights; a plan is requested', async () => {
      expect((await apply(h(), file('destination-rule-all.yaml'))).status).toBe(200);
      const res = await apply(h(), file('virtual-service-reviews-80-20.yaml'));
      expect(res.status).toBe(200);
      const body = (await res.json()) as { planId?: string; rules: { id: string }[] };
      expect(body.rules.map((r) => r.id)).toEqual(['default/reviews/http/0']);
      expect(typeof body.planId).toBe('string');
      const list = await rules(h());
      expect(list.map((r) => r.backends.map((b) => `${b.pod}@${b.weight}`))).toEqual([['reviews-v1-0@80', 'reviews-v2-0@20']]);
      const one = await call(h(), 'GET', '/v1/fabrics/testbed/rules/default%2Freviews%2Fhttp%2F0');
      expect(one.status).toBe(200);
      const parts = (await (await call(h(), 'GET', '/v1/fabrics/testbed/rules/default/reviews/http/0')).json()) as { vni: number; sourceObject: { kind: string } };
      expect(parts.vni).toBe(list[0].vni);
      expect(parts.sourceObject.kind).toBe('VirtualService');
      expect((await call(h(), 'GET', '/v1/fabrics/testbed/rules/default/reviews/http/9')).status).toBe(404);
    });

    it('dryRun validates and reports without writing', async () => {
      const vniBefore = (await rules(h()))[0].vni;
      const res = await apply(h(), file('virtual-service-reviews-90-10.yaml'), { query: '?dryRun=true' });
      expect(res.status).toBe(200);
      const body = (await res.json()) as { dryRun: boolean; results: { action: string }[]; rules: { vni: number }[] };
      expect(body.dryRun).toBe(true);
      expect(body.results[0].action).toBe('configured');
      expect(body.rules[0].vni).toBe(vniBefore);
      expect((await rules(h()))[0].backends.map((b) => b.weight)).toEqual([80, 20]);
    });

    it('re-applying the same file is unchanged; a new version keeps the rule\'s VNI', async () => {
      const vni = (await rules(h()))[0].vni;
      const same = (await (await apply(h(), file('virtual-service-reviews-80-20.yaml'))).json()) as { changed: boolean; planId?: string };
      expect(same.changed).toBe(false);
      expect(same.planId).toBeUndefined();
      expect((await apply(h(), file('virtual-service-reviews-90-10.yaml'))).status).toBe(200);
      const after = await rules(h());
      expect(after[0].vni).toBe(vni);
      expect(after[0].backends.map((b) => b.weight)).toEqual([90, 10]);
    });

    it('bad input: problem+json naming the document and field, nothing written', async () => {
      const cases: [string, number, string][] = [
        ['a: [1, 2\n', 400, 'documents[0]'],
        [file('virtual-service-reviews-80-20.yaml').replace('weight: 20', 'weight: 30'), 400, 'documents[0].spec.http[0].route'],
        [file('virtual-service-reviews-v3.yaml').replace('subset: v3', 'subset: v7'), 400, 'documents[0].spec.http[0].route[0].destination.subset'],
        [file('virtual-service-reviews-v3.yaml').replace(/host: reviews$/m, 'host: nosuch'), 400, 'documents[0].spec.http[0].route[0].destination.host'],
        ['apiVersion: networking.istio.io/v1\nkind: Sidecar\nmetadata: {name: x}\nspec: {}\n', 400, 'documents[0].kind'],
        ['apiVersion: networking.istio.io/v9\nkind: VirtualService\nmetadata: {name: x}\nspec: {}\n', 400, 'documents[0].apiVersion'],
        [`${file('virtual-service-reviews-v3.yaml')}\n---\n${file('virtual-service-reviews-v3.yaml')}`, 400, 'documents[1].metadata.name'],
        [file('virtual-service-reviews-v3.yaml').replace("subset: v3", "subset: v3\n  - match:\n    - uri:\n        regex: '(a)\\1'\n    route:\n    - destination:\n        host: reviews"), 400, 'documents[0].spec.http[1].match[0].uri.regex'],
        [`${file('virtual-service-ratings-test-abort.yaml')}\n---\napiVersion: networking.istio.io/v1\nkind: VirtualService\nmetadata: {name: bad}\nspec: {hosts: [], http: []}\n`, 400, 'documents[1].spec.hosts'],
      ];
      const before = JSON.stringify(await rules(h()));
      for (const [body, status, name] of cases) {
        const res = await apply(h(), body);
        expect(res.status, name).toBe(status);
        expect(res.headers.get('content-type')).toContain('application/problem+json');
        const p = (await res.json()) as { invalidParams: { name: string; reason: string }[] };
        expect(p.invalidParams.map((x) => x.name), body.slice(0, 80)).toContain(name);
      }
      const bomb = ['a: &a [x,x,x,x,x,x,x,x,x,x]', ...Array.from({ length: 8 }, (_, i) => `${'bcdefghi'[i]}: &${'bcdefghi'[i]} [${Array(10).fill(`*${'abcdefgh'[i]}`).join(',')}]`)].join('\n');
      expect((await apply(h(), bomb)).status).toBe(400);
      expect((await apply(h(), `# ${'x'.repeat(1_100_000)}\n`)).status).toBe(413);
      expect(JSON.stringify(await rules(h()))).toBe(before);
      const objects = (await (await call(h(), 'GET', '/v1/fabrics/testbed/istio')).json()) as { items: { key: string }[] };
      expect(objects.items.some((o) => o.key === 'VirtualService/default/ratings')).toBe(false);
    });

    it('roles: viewers read, only admin and ci write', async () => {
      const viewer = await createToken(h(), 'viewer');
      const ci = await createToken(h(), 'ci');
      expect((await apply(h(), file('virtual-service-reviews-v3.yaml'), { token: viewer })).status).toBe(403);
      expect((await call(h(), 'GET', '/v1/fabrics/testbed/rules', { token: viewer })).status).toBe(200);
      expect((await call(h(), 'GET', '/v1/fabrics/testbed/rules', { token: null })).status).toBe(401);
      expect((await apply(h(), file('virtual-service-reviews-90-10.yaml'), { token: ci })).status).toBe(200);
    });

    it('service-mapping: the ordered match → VNI entries of the rules a server\'s pods request, with an ETag', async () => {
      expect((await apply(h(), file('virtual-service-reviews-jason-v2-v3.yaml'))).status).toBe(200);
      const res = await call(h(), 'GET', '/v1/fabrics/testbed/servers/server2/service-mapping');
      expect(res.status).toBe(200);
      const table = (await res.json()) as { entries: { ruleId: string; vni: number; match: unknown[]; hosts: string[] }[] };
      expect(table.entries.map((e) => [e.ruleId, e.match])).toEqual([
        ['default/reviews/http/0', [{ headers: { 'end-user': { exact: 'jason' } } }]],
        ['default/reviews/http/1', []],
      ]);
      expect(table.entries[0].hosts).toContain('reviews');
      const etag = res.headers.get('etag')!;
      expect((await call(h(), 'GET', '/v1/fabrics/testbed/servers/server2/service-mapping', { headers: { 'if-none-match': etag } })).status).toBe(304);
      expect((await call(h(), 'GET', '/v1/fabrics/testbed/servers/nosuch/service-mapping')).status).toBe(404);
    });

    it('DELETE one object; PUT replaces the complete set', async () => {
      const del = await call(h(), 'DELETE', '/v1/fabrics/testbed/istio/VirtualService/default/reviews');
      expect(del.status).toBe(200);
      expect(await rules(h())).toEqual([]);
      expect((await call(h(), 'DELETE', '/v1/fabrics/testbed/istio/VirtualService/default/reviews')).status).toBe(404);
      const set = [file('bookinfo.yaml'), file('destination-rule-all.yaml'), file('virtual-service-all-v1.yaml')].join('\n---\n');
      const put = await apply(h(), set, { method: 'PUT' });
      expect(put.status).toBe(200);
      expect((await rules(h())).map((r) => r.id)).toEqual(['default/details/http/0', 'default/productpage/http/0', 'default/ratings/http/0', 'default/reviews/http/0']);
      const only = await apply(h(), [file('bookinfo.yaml'), file('destination-rule-all.yaml'), file('virtual-service-reviews-v3.yaml')].join('\n---\n'), { method: 'PUT' });
      const body = (await only.json()) as { results: { key: string; action: string }[] };
      expect(body.results.filter((r) => r.action === 'deleted').map((r) => r.key).sort()).toEqual(['VirtualService/default/details', 'VirtualService/default/productpage', 'VirtualService/default/ratings']);
      expect((await rules(h())).map((r) => r.id)).toEqual(['default/reviews/http/0']);
    });

    it('admission: CREATE allowed with uid echoed; invalid denied naming the field; dryRun writes nothing; warnings for proxy features', async () => {
      const ok = await call(h(), 'POST', '/v1/fabrics/testbed/admission', { json: review('uid-1', 'CREATE', VS_8020) });
      expect(ok.status).toBe(200);
      const okBody = (await ok.json()) as { apiVersion: string; kind: string; response: { uid: string; allowed: boolean } };
      expect(okBody).toEqual({ apiVersion: 'admission.k8s.io/v1', kind: 'AdmissionReview', response: { uid: 'uid-1', allowed: true } });
      expect((await rules(h()))[0].backends.map((b) => b.weight)).toEqual([80, 20]);

      const bad = structuredClone(VS_8020);
      bad.spec.http[0].route[1].weight = 10;
      const denied = (await (await call(h(), 'POST', '/v1/fabrics/testbed/admission', { json: review('uid-2', 'UPDATE', bad) })).json()) as { response: { uid: string; allowed: boolean; status: { code: number; message: string } } };
      expect(denied.response.uid).toBe('uid-2');
      expect(denied.response.allowed).toBe(false);
      expect(denied.response.status.code).toBe(400);
      expect(denied.response.status.message).toContain('spec.http[0].route: total destination weight 90 != 100');

      const missingSubset = structuredClone(VS_8020);
      missingSubset.spec.http[0].route[0].destination.subset = 'v9';
      const d2 = (await (await call(h(), 'POST', '/v1/fabrics/testbed/admission', { json: review('uid-3', 'UPDATE', missingSubset) })).json()) as { response: { allowed: boolean; status: { message: string } } };
      expect(d2.response.allowed).toBe(false);
      expect(d2.response.status.message).toContain('spec.http[0].route[0].destination.subset');

      const abort = { apiVersion: 'networking.istio.io/v1', kind: 'VirtualService', metadata: { name: 'ratings' }, spec: { hosts: ['ratings'], http: [{ fault: { abort: { httpStatus: 500, percentage: { value: 100 } } }, route: [{ destination: { host: 'ratings', subset: 'v1' } }] }] } };
      const dry = (await (await call(h(), 'POST', '/v1/fabrics/testbed/admission', { json: review('uid-4', 'CREATE', abort, { dryRun: true }) })).json()) as { response: { allowed: boolean; warnings: string[] } };
      expect(dry.response.allowed).toBe(true);
      expect(dry.response.warnings).toEqual(['VirtualService/default/ratings: spec.http[0].fault: fault injection is applied by the on-node proxy, not the switch']);
      expect((await rules(h())).some((r) => r.id.startsWith('default/ratings/'))).toBe(false);

      const del = (await (await call(h(), 'POST', '/v1/fabrics/testbed/admission', { json: review('uid-5', 'DELETE', VS_8020) })).json()) as { response: { allowed: boolean } };
      expect(del.response.allowed).toBe(true);
      expect((await rules(h())).some((r) => r.id.startsWith('default/reviews/'))).toBe(false);

      const malformed = await call(h(), 'POST', '/v1/fabrics/testbed/admission', { json: { apiVersion: 'admission.k8s.io/v1', kind: 'AdmissionReview' } });
      expect(malformed.status).toBe(400);
    });

    it('strict fabric: unenforced features are denied (REST 422, admission denial)', async () => {
      expect((await apply(h(), [file('bookinfo.yaml'), file('destination-rule-all.yaml')].join('\n---\n'), { fabric: 'strict' })).status).toBe(200);
      const res = await apply(h(), file('virtual-service-ratings-test-abort.yaml'), { fabric: 'strict' });
      expect(res.status).toBe(422);
      expect(((await res.json()) as { invalidParams: { name: string }[] }).invalidParams.map((p) => p.name)).toEqual(['documents[0].spec.http[0].fault']);
      const abort = { apiVersion: 'networking.istio.io/v1', kind: 'VirtualService', metadata: { name: 'ratings' }, spec: { hosts: ['ratings'], http: [{ fault: { delay: { fixedDelay: '7s', percentage: { value: 100 } } }, route: [{ destination: { host: 'ratings' } }] }] } };
      const r = (await (await call(h(), 'POST', '/v1/fabrics/strict/admission', { json: review('uid-9', 'CREATE', abort) })).json()) as { response: { allowed: boolean; status: { code: number; message: string } } };
      expect(r.response.allowed).toBe(false);
      expect(r.response.status.code).toBe(422);
      expect(r.response.status.message).toContain('spec.http[0].fault');
      expect((await apply(h(), file('virtual-service-reviews-v3.yaml'), { fabric: 'strict' })).status).toBe(200);
    });

    it('unknown fabric → 404', async () => {
      expect((await apply(h(), file('virtual-service-reviews-v3.yaml'), { fabric: 'nosuch' })).status).toBe(404);
      expect((await call(h(), 'GET', '/v1/fabrics/nosuch/rules')).status).toBe(404);
    });
  });
}

import { describe, expect, it } from 'vitest';
import { testbedFabric } from '../../../src/core/fabric/generators/testbed-fabric';
import { applyIstioChange } from '../../../src/core/istio/apply-istio-change';
import { parseIstioDocuments } from '../../../src/core/istio/parse-istio-documents';
import { applyFiles, bookinfoText, parseBookinfo, seededBytes } from './bookinfo-fixture';

function parse(text: string) {
  return parseIstioDocuments(text, { defaultNamespace: 'default' });
}

function errorsOf(text: string): string[] {
  const r = parse(text);
  if (r.ok) return [];
  return r.errors.map((e) => `${e.document}:${e.path}: ${e.message}`);
}

const vs = (spec: string, name = 'reviews') =>
  `apiVersion: networking.istio.io/v1\nkind: VirtualService\nmetadata:\n  name: ${name}\nspec:\n${spec}`;

describe('parse and validation errors name the document and the field', () => {
  it('malformed YAML and JSON', () => {
    expect(errorsOf('a: [1, 2\n')[0]).toMatch(/^0:: .*\(line \d+, column \d+\)$/);
    const json = parse('{"apiVersion": "networking.istio.io/v1", "kind": ');
    expect(json.ok).toBe(false);
  });

  it('alias bombs and oversize documents', () => {
    const bomb = ['a: &a ["x","x","x","x","x","x","x","x","x","x"]'];
    for (let i = 1; i < 9; i++) bomb.push(`${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${Array(10).fill(`*${String.fromCharCode(96 + i)}`).join(',')}]`);
    const r = parse(bomb.join('\n'));
    expect(r.ok).toBe(false);
    expect(!r.ok && r.parseError?.kind).toBe('expansion');
    const big = parseIstioDocuments(`# ${'x'.repeat(2000)}\n`, { defaultNamespace: 'default', maxBytes: 1000 });
    expect(!big.ok && big.parseError?.kind).toBe('too-large');
  });

  it('unknown kind or apiVersion', () => {
    expect(errorsOf('apiVersion: networking.istio.io/v1\nkind: Gateway\nmetadata: {name: g}\nspec: {}')).toEqual([
      '0:kind: unknown kind Gateway (supported: VirtualService, DestinationRule, Service, Deployment, ServiceAccount, List)',
    ]);
    expect(errorsOf('apiVersion: networking.istio.io/v2\nkind: VirtualService\nmetadata: {name: g}\nspec: {}')).toEqual([
      '0:apiVersion: unknown apiVersion networking.istio.io/v2 for kind VirtualService (supported: networking.istio.io/v1, networking.istio.io/v1beta1, networking.istio.io/v1alpha3)',
    ]);
  });

  it('accepts v1beta1 and v1alpha3 as well as v1', () => {
    for (const v of ['v1beta1', 'v1alpha3']) {
      expect(parse(bookinfoText('virtual-service-reviews-80-20.yaml').replace('networking.istio.io/v1', `networking.istio.io/${v}`)).ok).toBe(true);
    }
  });

  it('weights that do not sum to 100, negative weights', () => {
    const text = bookinfoText('virtual-service-reviews-80-20.yaml').replace('weight: 20', 'weight: 10');
    expect(errorsOf(text)).toEqual(['0:spec.http[0].route: total destination weight 90 != 100']);
    const neg = bookinfoText('virtual-service-reviews-80-20.yaml').replace('weight: 20', 'weight: -20');
    expect(errorsOf(neg)).toContain('0:spec.http[0].route[1].weight: weight -20 < 0');
  });

  it('unsafe and invalid regexes', () => {
    const spec = (re: string) => vs(`  hosts: [reviews]\n  http:\n  - match:\n    - uri:\n        regex: '${re}'\n    route:\n    - destination: {host: reviews}\n`);
    expect(errorsOf(spec('(a)\\1'))[0]).toBe('0:spec.http[0].match[0].uri.regex: "(a)\\1" is not a safe regex: backreference \\1 is not allowed (RE2 syntax)');
    expect(errorsOf(spec('/a(?=b)'))[0]).toMatch(/uri\.regex: .*lookahead/);
    expect(errorsOf(spec('/a(?<!b)'))[0]).toMatch(/uri\.regex: .*negative lookbehind/);
    expect(errorsOf(spec('/a[b'))[0]).toMatch(/uri\.regex: .*(invalid regex|missing closing)/);
    expect(parse(spec('/api/v[0-9]+/(?P<id>[a-z]+)')).ok).toBe(true);
  });

  it('duplicate names in one request', () => {
    const text = `${bookinfoText('virtual-service-reviews-v3.yaml')}\n---\n${bookinfoText('virtual-service-reviews-80-20.yaml')}`;
    expect(errorsOf(text)).toEqual(['1:metadata.name: duplicate VirtualService/default/reviews in one request (first in document 0)']);
  });

  it('a later invalid document rejects the whole request', () => {
    const text = `${bookinfoText('virtual-service-reviews-v3.yaml')}\n---\n${vs('  hosts: []\n  http: []\n', 'ratings')}`;
    const r = parse(text);
    expect(r.ok).toBe(false);
    expect(!r.ok && r.errors.map((e) => [e.document, e.path])).toEqual([[1, 'spec.hosts'], [1, 'spec']]);
  });

  it('unknown fields, wrong types and missing destinations name the field', () => {
    expect(errorsOf(vs('  hosts: [reviews]\n  http:\n  - rout:\n    - destination: {host: reviews}\n'))).toEqual([
      '0:spec.http[0].rout: unknown field',
      '0:spec.http[0]: HTTP route, redirect, directResponse or delegate is required',
    ]);
    expect(errorsOf(vs('  hosts: reviews\n  http:\n  - route:\n    - destination: {host: reviews, subset: V_1}\n'))).toEqual([
      '0:spec.hosts: must be a list of strings',
      '0:spec.http[0].route[0].destination.subset: "V_1" is not a valid subset name',
    ]);
    expect(errorsOf(vs('  hosts: [reviews]\n  http:\n  - route:\n    - weight: 100\n'))).toEqual(['0:spec.http[0].route[0].destination: destination is required']);
  });

  it('bad piggycar.io annotations', () => {
    const text = bookinfoText('virtual-service-reviews-v3.yaml').replace('  name: reviews', "  name: reviews\n  annotations:\n    piggycar.io/expected-sessions: 'lots'");
    expect(errorsOf(text)).toEqual(['0:metadata.annotations[piggycar.io/expected-sessions]: "lots" must be a positive integer']);
  });

  it('kind: List is flattened; an invalid item is named by its index', () => {
    const list = JSON.stringify({ apiVersion: 'v1', kind: 'List', items: [parseBookinfo('virtual-service-reviews-v3.yaml')[0].raw, { apiVersion: 'networking.istio.io/v1', kind: 'DestinationRule', metadata: { name: 'x' }, spec: {} }] });
    expect(errorsOf(list)).toEqual(['0:items[1].spec.host: host is required']);
  });
});

describe('reference errors reject the change (nothing is applied)', () => {
  const base = () => applyFiles(['bookinfo.yaml', 'destination-rule-all.yaml']);
  function applyText(text: string) {
    const a = base();
    const r = parse(text);
    if (!r.ok) throw new Error(JSON.stringify(r.errors));
    return applyIstioChange({ fabric: a.fabric, stored: a.stored, change: { mode: 'apply', objects: r.objects.map((o) => o.object) }, vniState: a.vniState, now: 5, randomBytes: seededBytes(3) });
  }

  it('a subset missing from the DestinationRule', () => {
    const r = applyText(bookinfoText('virtual-service-reviews-v3.yaml').replace('subset: v3', 'subset: v9'));
    expect(r.ok).toBe(false);
    expect(!r.ok && r.errors).toEqual([{
      object: 'VirtualService/default/reviews', path: 'spec.http[0].route[0].destination.subset',
      message: 'subset "v9" is not defined in DestinationRule DestinationRule/default/reviews for host reviews.default.svc.cluster.local',
    }]);
  });

  it('an unknown host', () => {
    const r = applyText(bookinfoText('virtual-service-reviews-v3.yaml').replace(/host: reviews/, 'host: reviewz'));
    expect(!r.ok && r.errors.map((e) => `${e.path}: ${e.message}`)).toEqual([
      'spec.http[0].route[0].destination.host: unknown host "reviewz" (no Service of that name in namespace default or as written)',
    ]);
  });

  it('a subset without any DestinationRule for the host', () => {
    const a = applyFiles(['bookinfo.yaml']);
    const r = applyIstioChange({ fabric: a.fabric, stored: a.stored, change: { mode: 'apply', objects: parseBookinfo('virtual-service-reviews-v3.yaml') }, vniState: a.vniState, now: 5, randomBytes: seededBytes(3) });
    expect(!r.ok && r.errors[0].message).toBe('subset "v3" needs a DestinationRule for host reviews.default.svc.cluster.local, and there is none');
  });

  it('an empty fabric (no mesh servers) cannot place Deployment pods', () => {
    const fabric = { ...testbedFabric(), servers: [] };
    const r = applyIstioChange({ fabric, stored: [], change: { mode: 'apply', objects: parseBookinfo('bookinfo.yaml') }, vniState: { inUse: new Map(), released: [] }, now: 1, randomBytes: seededBytes(1) });
    expect(!r.ok && r.errors[0].message).toBe('the fabric has no mesh servers to place Deployment pods on');
  });
});

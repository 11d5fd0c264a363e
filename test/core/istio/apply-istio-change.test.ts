import { describe, expect, it } from 'vitest';
import { applyIstioChange } from '../../../src/core/istio/apply-istio-change';
import { parseIstioDocuments } from '../../../src/core/istio/parse-istio-documents';
import type { IstioObject } from '../../../src/core/istio/istio-types';
import { applyFiles, parseBookinfo, seededBytes, type Applied } from './bookinfo-fixture';

function objects(text: string): IstioObject[] {
  const r = parseIstioDocuments(text, { defaultNamespace: 'default' });
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return r.objects.map((o) => o.object);
}

function change(a: Applied, c: Parameters<typeof applyIstioChange>[0]['change'], now = 10_000) {
  return applyIstioChange({ fabric: a.fabric, stored: a.stored, change: c, vniState: a.vniState, now, randomBytes: seededBytes(11) });
}

const BASE = ['bookinfo.yaml', 'destination-rule-all.yaml'];

describe('kubectl apply / PUT / DELETE semantics', () => {
  it('apply creates, re-apply is unchanged, a change is configured', () => {
    const a = applyFiles([...BASE, 'virtual-service-reviews-v3.yaml']);
    expect(a.outcome.results).toEqual([{ key: 'VirtualService/default/reviews', action: 'created' }]);
    const same = change(a, { mode: 'apply', objects: parseBookinfo('virtual-service-reviews-v3.yaml') });
    expect(same.ok && same.value.results[0].action).toBe('unchanged');
    expect(same.ok && same.value.changed).toBe(false);
  });

  it('PUT replaces the complete set: absent objects are deleted, their pods removed and VNIs released', () => {
    const a = applyFiles([...BASE, 'virtual-service-all-v1.yaml']);
    const before = new Map(a.outcome.rules.map((r) => [r.id, r.vni]));
    const keep = [...parseBookinfo('bookinfo.yaml').filter((o) => o.metadata.name !== 'reviews-v3'), ...parseBookinfo('destination-rule-all.yaml'), ...parseBookinfo('virtual-service-reviews-80-20.yaml')];
    const r = change(a, { mode: 'replace', objects: keep });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value.results.filter((x) => x.action === 'deleted').map((x) => x.key).sort()).toEqual([
      'Deployment/default/reviews-v3', 'VirtualService/default/details', 'VirtualService/default/productpage', 'VirtualService/default/ratings',
    ]);
    expect(r.value.pods?.some((p) => p.name === 'reviews-v3-0')).toBe(false);
    expect(r.value.rules.map((x) => x.id)).toEqual(['default/reviews/http/0']);
    expect(r.value.rules[0].vni).toBe(before.get('default/reviews/http/0'));
    expect(r.value.releasedVnis.sort()).toEqual(['default/details/http/0', 'default/productpage/http/0', 'default/ratings/http/0'].map((id) => before.get(id)).sort());
    expect(r.value.vniState.released.map((x) => x.releasedAt)).toEqual([10_000, 10_000, 10_000]);
  });

  it('DELETE removes one object; deleting an unknown one is an error', () => {
    const a = applyFiles([...BASE, 'virtual-service-reviews-80-20.yaml']);
    const r = change(a, { mode: 'delete', key: 'VirtualService/default/reviews' });
    expect(r.ok && r.value.rules).toEqual([]);
    const missing = change(a, { mode: 'delete', key: 'VirtualService/default/nope' });
    expect(!missing.ok && missing.errors[0].message).toBe('VirtualService/default/nope not found');
  });

  it('deleting a DestinationRule withdraws the rules of the VirtualService that needed it, with a warning', () => {
    const a = applyFiles([...BASE, 'virtual-service-reviews-80-20.yaml']);
    const r = change(a, { mode: 'delete', key: 'DestinationRule/default/reviews' });
    expect(r.ok).toBe(true);
    expect(r.ok && r.value.rules).toEqual([]);
    expect(r.ok && r.value.warnings.map((w) => w.object)).toContain('VirtualService/default/reviews');
  });
});

describe('translation details', () => {
  const extraDr = `apiVersion: networking.istio.io/v1beta1
kind: DestinationRule
metadata:
  name: reviews-extra
spec:
  host: reviews.default.svc.cluster.local
  trafficPolicy:
    loadBalancer:
      simple: ROUND_ROBIN
  subsets:
  - name: v1
    labels: {version: v3}
  - name: canary
    labels: {version: v2}
`;

  it('several DestinationRules for one host merge as Istio merges them (first subset and first trafficPolicy win)', () => {
    const a = applyFiles(['bookinfo.yaml', 'destination-rule-reviews.yaml']);
    const b = change(a, { mode: 'apply', objects: objects(`${extraDr}---\n${`apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: reviews}
spec:
  hosts: [reviews]
  http:
  - route:
    - destination: {host: reviews, subset: v1}
      weight: 50
    - destination: {host: reviews, subset: canary}
      weight: 50
`}`) });
    expect(b.ok).toBe(true);
    if (!b.ok) return;
    expect(b.value.rules[0].backends.map((x) => `${x.pod}@${x.weight}`)).toEqual(['reviews-v1-0@50', 'reviews-v2-0@50']);
    expect(b.value.rules[0].lbPolicy).toEqual({ kind: 'RANDOM' });
  });

  it('Q(r): sourceLabels select requesters; the annotation names requester services; x_r and y_r come from annotations', () => {
    const a = applyFiles(BASE);
    const text = `apiVersion: networking.istio.io/v1
kind: VirtualService
metadata:
  name: reviews
  annotations:
    piggycar.io/requesters: productpage
    piggycar.io/expected-sessions: "5000"
    piggycar.io/expected-gbps: "2.5"
spec:
  hosts: [reviews.default.svc.cluster.local]
  http:
  - match:
    - sourceLabels: {app: ratings}
      uri: {prefix: /api}
    route:
    - destination: {host: reviews, subset: v2}
  - match:
    - headers: {End-User: {regex: "j.*"}}
      method: {exact: GET}
    route:
    - destination: {host: reviews, subset: v1}
      weight: 34
    - destination: {host: reviews}
      weight: 66
  tcp:
  - match:
    - port: 9080
    route:
    - destination: {host: reviews, subset: v3}
`;
    const r = change(a, { mode: 'apply', objects: objects(text) });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const [r0, r1, t0] = r.value.rules;
    expect(r0.requesters.map((q) => q.pod)).toEqual(['ratings-v1-0']);
    expect(r1.requesters.map((q) => q.pod)).toEqual(['productpage-v1-0']);
    expect(r1.match).toEqual([{ headers: { 'end-user': { regex: 'j.*' } }, method: { exact: 'GET' } }]);
    // 34 to subset v1's one pod, 66 split over the three reviews pods (22 each): v1 gets both shares.
    expect(r1.backends.map((b) => `${b.pod}@${b.weight}`)).toEqual(['reviews-v1-0@56', 'reviews-v2-0@22', 'reviews-v3-0@22']);
    expect([r0.expectedSessions, r0.expectedGbps]).toEqual([5000, 2.5]);
    expect(t0).toMatchObject({ id: 'default/reviews/tcp/0', kind: 'tcp', priority: 2, match: [{ port: 9080 }] });
    expect(t0.backends.map((b) => b.pod)).toEqual(['reviews-v3-0']);
    expect(new Set(r.value.rules.map((x) => x.vni)).size).toBe(3);
  });

  it('a VirtualService bound only to an ingress gateway yields no rules, with a warning', () => {
    const a = applyFiles(BASE);
    const r = change(a, { mode: 'apply', objects: objects(`apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: bookinfo}
spec:
  hosts: ["*"]
  gateways: [bookinfo-gateway]
  http:
  - route:
    - destination: {host: productpage}
`) });
    expect(r.ok && r.value.rules).toEqual([]);
    expect(r.ok && r.value.warnings[0].path).toBe('spec.gateways');
  });
});

import { describe, expect, it } from 'vitest';
import { readdirSync } from 'node:fs';
import { parseIstioDocuments } from '../../../src/core/istio/parse-istio-documents';
import { applyFiles, BOOKINFO_DIR, bookinfoText, parseBookinfo } from './bookinfo-fixture';

/** Compact view of a rule: id, match blocks, and K(r) as `pod@weight`. */
function summary(files: string[], only: string) {
  const a = applyFiles(files);
  const touched = new Set(parseBookinfo(only).filter((o) => o.kind === 'VirtualService').map((o) => o.metadata.name));
  return a.outcome.rules
    .filter((r) => touched.has(r.source.name))
    .map((r) => ({ id: r.id, match: r.match, backends: r.backends.map((b) => `${b.pod}@${b.weight}`), proxy: Object.keys(r.proxyActions) }));
}

const BASE = ['bookinfo.yaml', 'destination-rule-all.yaml'];
const jason = [{ headers: { 'end-user': { exact: 'jason' } } }];

/** Expected rules for every VirtualService sample, applied after bookinfo.yaml and destination-rule-all.yaml. */
const GOLDEN: Record<string, ReturnType<typeof summary>> = {
  'virtual-service-reviews-80-20.yaml': [{ id: 'default/reviews/http/0', match: [], backends: ['reviews-v1-0@80', 'reviews-v2-0@20'], proxy: [] }],
  'virtual-service-reviews-90-10.yaml': [{ id: 'default/reviews/http/0', match: [], backends: ['reviews-v1-0@90', 'reviews-v2-0@10'], proxy: [] }],
  'virtual-service-reviews-50-v3.yaml': [{ id: 'default/reviews/http/0', match: [], backends: ['reviews-v1-0@50', 'reviews-v3-0@50'], proxy: [] }],
  'virtual-service-reviews-v2-v3.yaml': [{ id: 'default/reviews/http/0', match: [], backends: ['reviews-v2-0@50', 'reviews-v3-0@50'], proxy: [] }],
  'virtual-service-reviews-v3.yaml': [{ id: 'default/reviews/http/0', match: [], backends: ['reviews-v3-0@100'], proxy: [] }],
  'virtual-service-reviews-jason-v2-v3.yaml': [
    { id: 'default/reviews/http/0', match: jason, backends: ['reviews-v2-0@100'], proxy: [] },
    { id: 'default/reviews/http/1', match: [], backends: ['reviews-v3-0@100'], proxy: [] },
  ],
  'virtual-service-reviews-test-v2.yaml': [
    { id: 'default/reviews/http/0', match: jason, backends: ['reviews-v2-0@100'], proxy: [] },
    { id: 'default/reviews/http/1', match: [], backends: ['reviews-v1-0@100'], proxy: [] },
  ],
  'virtual-service-all-v1.yaml': [
    { id: 'default/details/http/0', match: [], backends: ['details-v1-0@100'], proxy: [] },
    { id: 'default/productpage/http/0', match: [], backends: ['productpage-v1-0@100'], proxy: [] },
    { id: 'default/ratings/http/0', match: [], backends: ['ratings-v1-0@100'], proxy: [] },
    { id: 'default/reviews/http/0', match: [], backends: ['reviews-v1-0@100'], proxy: [] },
  ],
  // bookinfo.yaml deploys no details-v2 / ratings-v2*: the subsets exist but select no pods (a warning, not an error).
  'virtual-service-details-v2.yaml': [{ id: 'default/details/http/0', match: [], backends: [], proxy: [] }],
  'virtual-service-ratings-db.yaml': [
    { id: 'default/ratings/http/0', match: [], backends: [], proxy: [] },
    { id: 'default/reviews/http/0', match: [], backends: ['reviews-v3-0@100'], proxy: [] },
  ],
  'virtual-service-ratings-mysql.yaml': [
    { id: 'default/ratings/http/0', match: [], backends: [], proxy: [] },
    { id: 'default/reviews/http/0', match: [], backends: ['reviews-v3-0@100'], proxy: [] },
  ],
  'virtual-service-ratings-mysql-vm.yaml': [
    { id: 'default/ratings/http/0', match: [], backends: [], proxy: [] },
    { id: 'default/reviews/http/0', match: [], backends: ['reviews-v3-0@100'], proxy: [] },
  ],
  'virtual-service-ratings-test-abort.yaml': [
    { id: 'default/ratings/http/0', match: jason, backends: ['ratings-v1-0@100'], proxy: ['fault'] },
    { id: 'default/ratings/http/1', match: [], backends: ['ratings-v1-0@100'], proxy: [] },
  ],
  'virtual-service-ratings-test-delay.yaml': [
    { id: 'default/ratings/http/0', match: jason, backends: ['ratings-v1-0@100'], proxy: ['fault'] },
    { id: 'default/ratings/http/1', match: [], backends: ['ratings-v1-0@100'], proxy: [] },
  ],
  'fault-injection-details-v1.yaml': [
    { id: 'default/details/http/0', match: [], backends: ['details-v1-0@100'], proxy: ['fault'] },
    { id: 'default/details/http/1', match: [], backends: ['details-v1-0@100'], proxy: [] },
  ],
};

describe('bookinfo samples, unchanged', () => {
  it('every sample file parses and validates', () => {
    for (const f of readdirSync(BOOKINFO_DIR)) {
      const r = parseIstioDocuments(bookinfoText(f), { defaultNamespace: 'default' });
      expect(r.ok, f).toBe(true);
    }
  });

  it('has a golden expectation for every VirtualService sample', () => {
    const files = readdirSync(BOOKINFO_DIR).filter((f) => parseBookinfo(f).some((o) => o.kind === 'VirtualService'));
    expect(files.sort()).toEqual(Object.keys(GOLDEN).sort());
  });

  for (const [file, expected] of Object.entries(GOLDEN)) {
    it(`${file} → its rules, in order`, () => {
      expect(summary([...BASE, file], file)).toEqual(expected);
    });
  }

  it('bookinfo.yaml places its six Deployments as pods spread evenly over the four mesh servers', () => {
    const a = applyFiles(['bookinfo.yaml']);
    expect(a.fabric.pods.map((p) => [p.name, p.server])).toEqual([
      ['details-v1-0', 'server1'], ['productpage-v1-0', 'server2'], ['ratings-v1-0', 'server3'],
      ['reviews-v1-0', 'server4'], ['reviews-v2-0', 'server1'], ['reviews-v3-0', 'server2'],
    ]);
    expect(new Set(a.fabric.pods.map((p) => p.ip)).size).toBe(6);
    expect(a.fabric.pods.find((p) => p.name === 'reviews-v2-0')?.labels).toMatchObject({ app: 'reviews', version: 'v2' });
    // Re-applying the same file moves nothing.
    const again = applyFiles(['bookinfo.yaml'], a);
    expect(again.outcome.pods).toBeUndefined();
    expect(again.outcome.changed).toBe(false);
  });

  it('80-20: K(r) carries node VTEP IPs and subsets; Q(r) is every pod of the namespace; x_r, y_r are the fabric defaults', () => {
    const a = applyFiles([...BASE, 'virtual-service-reviews-80-20.yaml']);
    const r = a.outcome.rules.find((x) => x.id === 'default/reviews/http/0')!;
    expect(r.hosts).toEqual(['reviews.default.svc.cluster.local']);
    expect(r.backends).toEqual([
      { pod: 'reviews-v1-0', ip: a.fabric.pods.find((p) => p.name === 'reviews-v1-0')!.ip, server: 'server4', nodeVtepIp: '10.1.0.4', weight: 80, subset: 'v1' },
      { pod: 'reviews-v2-0', ip: a.fabric.pods.find((p) => p.name === 'reviews-v2-0')!.ip, server: 'server1', nodeVtepIp: '10.1.0.1', weight: 20, subset: 'v2' },
    ]);
    expect(r.requesters.map((q) => q.pod)).toEqual(a.fabric.pods.map((p) => p.name).sort());
    expect([r.expectedSessions, r.expectedGbps]).toEqual([1000, 0.1]);
    expect(r.vni).toBeGreaterThanOrEqual(4096);
    expect(r.vni).toBeLessThanOrEqual(0xffffff);
  });

  it('fault injection is kept as a proxy action and listed as a warning', () => {
    const a = applyFiles([...BASE, 'virtual-service-ratings-test-abort.yaml']);
    const r = a.outcome.rules.find((x) => x.id === 'default/ratings/http/0')!;
    expect(r.proxyActions.fault).toEqual({ abort: { percentage: { value: 100 }, httpStatus: 500 } });
    expect(r.warnings).toEqual(['spec.http[0].fault: fault injection is applied by the on-node proxy, not the switch']);
    expect(a.outcome.warnings.some((w) => w.unenforced && w.path === 'spec.http[0].fault')).toBe(true);
  });

  it('destination-rule-reviews.yaml: loadBalancer RANDOM is recorded for the switch', () => {
    const a = applyFiles(['bookinfo.yaml', 'destination-rule-reviews.yaml', 'virtual-service-reviews-jason-v2-v3.yaml']);
    expect(a.outcome.rules.map((r) => r.lbPolicy)).toEqual([{ kind: 'RANDOM' }, { kind: 'RANDOM' }]);
  });

  it('destination-rule-all-mtls.yaml: tls is listed as a proxy-side warning', () => {
    const r = parseIstioDocuments(bookinfoText('destination-rule-all-mtls.yaml'), { defaultNamespace: 'default' });
    expect(r.ok && r.warnings.filter((w) => w.unenforced).map((w) => `${w.object} ${w.path}`)).toEqual([
      'DestinationRule/default/productpage spec.trafficPolicy.tls',
      'DestinationRule/default/reviews spec.trafficPolicy.tls',
      'DestinationRule/default/ratings spec.trafficPolicy.tls',
      'DestinationRule/default/details spec.trafficPolicy.tls',
    ]);
  });

  it('a rule id keeps its VNI when its VirtualService is re-applied with new weights', () => {
    const a = applyFiles([...BASE, 'virtual-service-reviews-80-20.yaml']);
    const b = applyFiles(['virtual-service-reviews-90-10.yaml'], a);
    expect(b.outcome.results).toEqual([{ key: 'VirtualService/default/reviews', action: 'configured' }]);
    expect(b.outcome.rules[0].vni).toBe(a.outcome.rules[0].vni);
    expect(b.outcome.rules[0].backends.map((x) => x.weight)).toEqual([90, 10]);
  });
});

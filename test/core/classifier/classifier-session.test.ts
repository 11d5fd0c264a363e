import { describe, expect, it } from 'vitest';
import { buildServiceMapping } from '../../../src/core/classifier/build-service-mapping';
import { ClassifierSession, classifyHead } from '../../../src/core/classifier/classifier-session';
import { compileClassifier } from '../../../src/core/classifier/compile-classifier';
import type { CompiledClassifier, Decision } from '../../../src/core/classifier/compiled-classifier';
import { compileNaiveClassifier } from '../../../src/core/classifier/naive-classifier';
import type { ServiceMappingEntry } from '../../../src/core/classifier/service-mapping-types';
import { manyHostsCase, oneHostCase } from '../../../bench/classifier/workload';
import { applyIstioChange } from '../../../src/core/istio/apply-istio-change';
import { parseIstioDocuments } from '../../../src/core/istio/parse-istio-documents';
import { applyFiles, seededBytes } from '../istio/bookinfo-fixture';

const enc = new TextEncoder();

/** A request head as productpage's Python client sends it to reviews (captured shape). */
const JASON = 'GET /reviews/0 HTTP/1.1\r\nHost: reviews:9080\r\nuser-agent: python-requests/2.31.0\r\nAccept-Encoding: gzip, deflate\r\nAccept: */*\r\nConnection: keep-alive\r\nend-user: jason\r\nx-request-id: 5d2d8bd8-4b5e-9c4a-8f7e-0b3a1c1d2e3f\r\n\r\n';
const ANON = JASON.replace('end-user: jason\r\n', '');

function compile(entries: ServiceMappingEntry[]): CompiledClassifier {
  const c = compileClassifier(entries);
  if (!c.ok) throw new Error(JSON.stringify(c.errors));
  return c.value;
}

function ruleOf(d: Decision | undefined): string {
  return d === undefined ? 'undecided' : d.kind === 'match' ? d.ruleId : d.kind;
}

/** Feeds `bytes` in chunks cut at the given offsets. */
function feed(c: CompiledClassifier, bytes: Uint8Array, cuts: number[]): Decision {
  const s = new ClassifierSession(c);
  let from = 0;
  for (const cut of [...cuts, bytes.length]) {
    const d = s.push(bytes.subarray(from, cut));
    if (d) return d;
    from = cut;
  }
  return s.finish();
}

function bookinfoTable(server: string) {
  const a = applyFiles(['bookinfo.yaml', 'destination-rule-all.yaml', 'virtual-service-reviews-jason-v2-v3.yaml', 'virtual-service-ratings-test-abort.yaml']);
  return { a, entries: buildServiceMapping(a.outcome.rules, a.fabric.pods, server) };
}

describe('streaming classifier on real request heads', () => {
  const { a, entries } = bookinfoTable('server2'); // productpage-v1-0 lives on server2
  const c = compile(entries);
  const vniOf = (id: string) => a.outcome.rules.find((r) => r.id === id)!.vni;

  it('jason goes to the first reviews rule, everyone else to the second, with the rules\' VNIs', () => {
    expect(classifyHead(c, enc.encode(JASON))).toEqual({ kind: 'match', ruleId: 'default/reviews/http/0', vni: vniOf('default/reviews/http/0'), priority: 0 + a.outcome.rules.find((r) => r.id === 'default/reviews/http/0')!.priority });
    expect(ruleOf(classifyHead(c, enc.encode(ANON)))).toBe('default/reviews/http/1');
    expect(ruleOf(classifyHead(c, enc.encode(JASON.replace('Host: reviews:9080', 'Host: ratings'))))).toBe('default/ratings/http/0');
    expect(ruleOf(classifyHead(c, enc.encode(JASON.replace('Host: reviews:9080', 'Host: REVIEWS.default.svc.cluster.local:9080'))))).toBe('default/reviews/http/0');
    expect(ruleOf(classifyHead(c, enc.encode(JASON.replace('Host: reviews:9080', 'Host: unknown'))))).toBe('no-match');
  });

  it('the same decision whatever byte boundary splits the head (two chunks, every cut)', () => {
    for (const text of [JASON, ANON]) {
      const bytes = enc.encode(text);
      const whole = ruleOf(classifyHead(c, bytes));
      for (let cut = 0; cut <= bytes.length; cut++) expect(ruleOf(feed(c, bytes, [cut])), `cut at ${cut}`).toBe(whole);
    }
  });

  it('the same decision one byte at a time, and cut at every pair of boundaries', () => {
    const bytes = enc.encode(JASON);
    expect(ruleOf(feed(c, bytes, Array.from({ length: bytes.length }, (_, i) => i)))).toBe('default/reviews/http/0');
    for (let i = 1; i < bytes.length; i += 3) {
      for (let j = i; j < bytes.length; j += 5) expect(ruleOf(feed(c, bytes, [i, j]))).toBe('default/reviews/http/0');
    }
  });

  it('decides as soon as the fields it needs are seen, before the head ends', () => {
    const s = new ClassifierSession(c);
    const upToUser = JASON.slice(0, JASON.indexOf('x-request-id'));
    expect(ruleOf(s.push(enc.encode(upToUser)))).toBe('default/reviews/http/0');
    // Without end-user the second rule needs proof that no end-user header follows: the blank line.
    const s2 = new ClassifierSession(c);
    expect(s2.push(enc.encode(ANON.slice(0, ANON.length - 2)))).toBeUndefined();
    expect(ruleOf(s2.push(enc.encode('\r\n')))).toBe('default/reviews/http/1');
  });

  it('malformed heads are reported, not matched', () => {
    expect(classifyHead(c, enc.encode('GARBAGE\r\n\r\n')).kind).toBe('malformed');
    expect(classifyHead(c, enc.encode('GET / HTTP/1.1\r\nHost : reviews\r\n\r\n')).kind).toBe('malformed');
    expect(classifyHead(c, enc.encode('GET / HTTP/1.1\r\nX: a\r\n folded\r\n\r\n')).kind).toBe('malformed');
    expect(classifyHead(c, enc.encode('GET / HTTP/1.1\r\nHost: reviews\r\n')).kind).toBe('malformed');
    const small = compileClassifier(entries, { maxHeadBytes: 64 });
    expect(small.ok && classifyHead(small.value, enc.encode(`GET / HTTP/1.1\r\nX-Long: ${'a'.repeat(100)}`)).kind).toBe('malformed');
  });
});

describe('match semantics', () => {
  const hosts = ['api'];
  const entries: ServiceMappingEntry[] = [
    { priority: 0, ruleId: 'p0', vni: 5000, kind: 'http', hosts, match: [{ uri: { exact: '/exact' }, method: { exact: 'POST' } }] },
    { priority: 1, ruleId: 'p1', vni: 5001, kind: 'http', hosts, match: [{ uri: { prefix: '/CaSe' }, ignoreUriCase: true }] },
    { priority: 2, ruleId: 'p2', vni: 5002, kind: 'http', hosts, match: [{ uri: { regex: '/items/[0-9]+' } }] },
    { priority: 3, ruleId: 'p3', vni: 5003, kind: 'http', hosts, match: [{ queryParams: { debug: { exact: '1' } } }] },
    { priority: 4, ruleId: 'p4', vni: 5004, kind: 'http', hosts, match: [{ port: 8443 }, { authority: { prefix: 'api:7' } }] },
    { priority: 5, ruleId: 'p5', vni: 5005, kind: 'http', hosts, match: [{ withoutHeaders: { 'x-canary': { exact: 'no' } }, headers: { 'x-canary': {prefix: ''} } }] },
    { priority: 6, ruleId: 'p6', vni: 5006, kind: 'http', hosts: ['*.example.com'], match: [] },
    { priority: 7, ruleId: 'p7', vni: 5007, kind: 'tcp', hosts, match: [] },
  ];
  const c = compile(entries);
  const naive = compileNaiveClassifier(entries);
  const cases: [string, string][] = [
    ['POST /exact?x=1 HTTP/1.1\r\nHost: api\r\n\r\n', 'p0'],
    ['GET /exact HTTP/1.1\r\nHost: api\r\n\r\n', 'no-match'],
    ['GET /case/x HTTP/1.1\r\nHost: api\r\n\r\n', 'p1'],
    ['GET /items/42 HTTP/1.1\r\nHost: api\r\n\r\n', 'p2'],
    ['GET /items/42?a=b HTTP/1.1\r\nHost: api\r\n\r\n', 'p2'],
    ['GET /items/4x HTTP/1.1\r\nHost: api\r\n\r\n', 'no-match'],
    ['GET /q?a=2&debug=1 HTTP/1.1\r\nHost: api\r\n\r\n', 'p3'],
    ['GET / HTTP/1.1\r\nHost: api:8443\r\n\r\n', 'p4'],
    ['GET / HTTP/1.1\r\nHost: api:7070\r\n\r\n', 'p4'],
    ['GET / HTTP/1.1\r\nHost: api\r\nX-Canary: yes\r\n\r\n', 'p5'],
    ['GET / HTTP/1.1\r\nHost: api\r\nX-Canary: no\r\n\r\n', 'no-match'],
    ['GET / HTTP/1.1\r\nHost: shop.example.com\r\n\r\n', 'p6'],
    ['GET http://api/items/7 HTTP/1.1\r\nHost: api\r\n\r\n', 'p2'],
  ];
  for (const [head, want] of cases) {
    it(`${JSON.stringify(head.split('\r\n').slice(0, 3).join(' | '))} → ${want} (and the baseline agrees)`, () => {
      const bytes = enc.encode(head);
      expect(ruleOf(classifyHead(c, bytes))).toBe(want);
      expect(ruleOf(naive.classify(bytes))).toBe(want);
      for (let cut = 0; cut <= bytes.length; cut++) expect(ruleOf(feed(c, bytes, [cut]))).toBe(want);
    });
  }
});

describe('agreement with the parse-everything baseline', () => {
  it('on the benchmark workloads (1,000 rules), whole and split in two', () => {
    for (const wl of [manyHostsCase(1000, 100, 300), oneHostCase(1000, 300)]) {
      const c = compile(wl.entries);
      const naive = compileNaiveClassifier(wl.entries);
      for (const h of wl.heads) {
        const want = ruleOf(naive.classify(h));
        expect(ruleOf(classifyHead(c, h))).toBe(want);
        expect(ruleOf(feed(c, h, [h.length >> 1]))).toBe(want);
      }
    }
  });
});

describe('buildServiceMapping', () => {
  it('a server holds the entries its pods request; sourceLabels are resolved per server', () => {
    const base = applyFiles(['bookinfo.yaml', 'destination-rule-all.yaml']);
    const parsed = parseIstioDocuments(`apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: reviews}
spec:
  hosts: [reviews]
  http:
  - match:
    - sourceLabels: {app: productpage}
    route:
    - destination: {host: reviews, subset: v2}
  - match:
    - sourceLabels: {app: productpage}
      headers: {end-user: {exact: jason}}
    - uri: {prefix: /health}
    route:
    - destination: {host: reviews, subset: v3}
`, { defaultNamespace: 'default' });
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
    const r = applyIstioChange({ fabric: base.fabric, stored: base.stored, change: { mode: 'apply', objects: parsed.objects.map((o) => o.object) }, vniState: base.vniState, now: 1, randomBytes: seededBytes(5) });
    if (!r.ok) throw new Error(JSON.stringify(r.errors));
    const pods = base.fabric.pods;
    const server2 = buildServiceMapping(r.value.rules, pods, 'server2'); // productpage-v1-0, reviews-v3-0
    const server3 = buildServiceMapping(r.value.rules, pods, 'server3'); // ratings-v1-0
    expect(server2.map((e) => [e.ruleId, e.match])).toEqual([
      ['default/reviews/http/0', [{}]],
      ['default/reviews/http/1', [{ headers: { 'end-user': { exact: 'jason' } } }, { uri: { prefix: '/health' } }]],
    ]);
    expect(server3.map((e) => [e.ruleId, e.match])).toEqual([['default/reviews/http/1', [{ uri: { prefix: '/health' } }]]]);
    expect(server2[0].hosts).toEqual(['reviews.default.svc.cluster.local', 'reviews', 'reviews.default', 'reviews.default.svc', 'reviews.default.svc.cluster']);
    expect(server2[0].vni).toBe(r.value.rules[0].vni);
  });
});

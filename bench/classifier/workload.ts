import type { ServiceMappingEntry } from '../../src/core/classifier/service-mapping-types';

/** A benchmark case: a service_mapping_table and the request heads run against it. */
export interface ClassifierCase {
  name: string;
  entries: ServiceMappingEntry[];
  heads: Uint8Array[];
}

const enc = new TextEncoder();

function aliases(svc: string): string[] {
  return [`${svc}.default.svc.cluster.local`, svc, `${svc}.default`, `${svc}.default.svc`, `${svc}.default.svc.cluster`];
}

/** A deterministic PRNG for the workload (not for VNIs). */
function prng(seed: number): () => number {
  let x = seed >>> 0;
  return () => {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    return x / 0x100000000;
  };
}

/** A realistic head as a sidecar sees it (~350 bytes: the usual headers, Envoy's x-request-id, B3 ids). */
function head(method: string, target: string, host: string, user: string | undefined, rnd: () => number): Uint8Array {
  const id = Math.floor(rnd() * 0xffffffff).toString(16).padStart(8, '0');
  const lines = [
    `${method} ${target} HTTP/1.1`,
    `Host: ${host}`,
    'User-Agent: python-requests/2.31.0',
    'Accept-Encoding: gzip, deflate',
    'Accept: */*',
    'Connection: keep-alive',
    `X-Request-Id: ${id}-3f1c-4b7a-9e55-${id}0c1d`,
    `X-B3-Traceid: ${id}${id}`,
    `X-B3-Spanid: ${id}`,
    'X-B3-Sampled: 1',
  ];
  if (user !== undefined) lines.push(`end-user: ${user}`);
  lines.push('Cookie: session=abc123; theme=light', '', '');
  return enc.encode(lines.join('\r\n'));
}

/**
 * 1,000 rules over 100 services (10 per host): 9 per host match header end-user exact, a uri
 * prefix, or method + uri regex; the 10th is the host's catch-all (as bookinfo's VirtualServices
 * end). Requests spread over all hosts; a third carry a matching end-user.
 */
export function manyHostsCase(rules = 1000, hostCount = 100, headCount = 2048): ClassifierCase {
  const entries: ServiceMappingEntry[] = [];
  const perHost = Math.max(1, Math.floor(rules / hostCount));
  let p = 0;
  for (let h = 0; h < hostCount; h++) {
    const svc = `svc${h}`;
    for (let k = 0; k < perHost; k++) {
      const last = k === perHost - 1;
      const kind = k % 3;
      const match = last
        ? []
        : kind === 0
          ? [{ headers: { 'end-user': { exact: `user${k}` } } }]
          : kind === 1
            ? [{ uri: { prefix: `/api/v${k}/` } }]
            : [{ method: { exact: 'POST' }, uri: { regex: `/items/[0-9]+/k${k}` } }];
      entries.push({ priority: p, ruleId: `default/${svc}/http/${k}`, vni: 4096 + p, kind: 'http', hosts: aliases(svc), match });
      p++;
    }
  }
  const rnd = prng(42);
  const heads: Uint8Array[] = [];
  for (let i = 0; i < headCount; i++) {
    const svc = `svc${Math.floor(rnd() * hostCount)}`;
    const k = Math.floor(rnd() * perHost);
    const r = rnd();
    const target = r < 0.33 ? `/api/v${k}/products/${i}?page=2` : r < 0.5 ? `/items/${i}/k${k}` : `/reviews/${i}`;
    heads.push(head(r < 0.4 ? 'GET' : r < 0.5 ? 'POST' : 'GET', target, `${svc}:9080`, rnd() < 0.33 ? `user${k}` : undefined, rnd));
  }
  return { name: `${rules} rules / ${hostCount} hosts`, entries, heads };
}

/**
 * 1,000 rules on one host, each `end-user: userK` exact (the paper's per-user steering), then a
 * catch-all: the worst case for a rule-by-rule matcher.
 */
export function oneHostCase(rules = 1000, headCount = 2048): ClassifierCase {
  const entries: ServiceMappingEntry[] = [];
  for (let k = 0; k < rules - 1; k++) {
    entries.push({ priority: k, ruleId: `default/reviews/http/${k}`, vni: 4096 + k, kind: 'http', hosts: aliases('reviews'), match: [{ headers: { 'end-user': { exact: `user${k}` } } }] });
  }
  entries.push({ priority: rules - 1, ruleId: `default/reviews/http/${rules - 1}`, vni: 4096 + rules - 1, kind: 'http', hosts: aliases('reviews'), match: [] });
  const rnd = prng(7);
  const heads: Uint8Array[] = [];
  for (let i = 0; i < headCount; i++) {
    heads.push(head('GET', `/reviews/${i}`, 'reviews:9080', rnd() < 0.8 ? `user${Math.floor(rnd() * rules * 1.2)}` : undefined, rnd));
  }
  return { name: `${rules} rules / 1 host (end-user)`, entries, heads };
}

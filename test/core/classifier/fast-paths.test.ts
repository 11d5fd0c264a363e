import { describe, expect, it } from 'vitest';
import { ClassifierSession, classifyHead } from '../../../src/core/classifier/classifier-session';
import { compileClassifier } from '../../../src/core/classifier/compile-classifier';
import type { CompiledClassifier, Decision } from '../../../src/core/classifier/compiled-classifier';
import { findLineFeed } from '../../../src/core/classifier/head-bytes';
import { buildHostTable, findHostGroup } from '../../../src/core/classifier/host-table';
import { compileNaiveClassifier } from '../../../src/core/classifier/naive-classifier';
import { regexLiterals } from '../../../src/core/classifier/regex-literals';
import type { ServiceMappingEntry } from '../../../src/core/classifier/service-mapping-types';
import { compileStringMatch, mayMatchRegex } from '../../../src/core/classifier/string-matcher';

const enc = new TextEncoder();

function compile(entries: ServiceMappingEntry[]): CompiledClassifier {
  const c = compileClassifier(entries);
  if (!c.ok) throw new Error(JSON.stringify(c.errors));
  return c.value;
}

function ruleOf(d: Decision | undefined): string {
  return d === undefined ? 'undecided' : d.kind === 'match' ? d.ruleId : d.kind;
}

/** Deterministic bytes for the word-at-a-time scan (not a security source). */
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

describe('findLineFeed (four bytes at a time)', () => {
  it('agrees with a byte-by-byte search for every start and end, LFs at every alignment', () => {
    const rnd = prng(3);
    for (let trial = 0; trial < 20; trial++) {
      const b = new Uint8Array(64);
      // Bytes near 10 too (9, 11, 0x0a + 0x100 borrow patterns) so the zero-byte trick is exercised.
      for (let i = 0; i < b.length; i++) b[i] = [9, 10, 11, 0, 255, 0x8a, 65][Math.floor(rnd() * 7)] ?? 65;
      if (trial % 2 === 0) for (let i = 0; i < b.length; i++) if (b[i] === 10 && rnd() < 0.8) b[i] = 66;
      const words = new Int32Array(b.buffer);
      for (let from = 0; from < b.length; from++) {
        for (let end = from; end <= b.length; end++) {
          let want = from;
          while (want < end && b[want] !== 10) want++;
          expect(findLineFeed(b, words, from, end)).toBe(want);
        }
      }
    }
  });
});

describe('regex literal prefilter', () => {
  it('extracts the literals every match must start and end with, and none when unsure', () => {
    expect(regexLiterals('\\/items\\/[0-9]+\\/k2', '')).toEqual({ prefix: '/items/', suffix: '/k2' });
    expect(regexLiterals('ab?c', '')).toEqual({ prefix: 'a', suffix: 'c' });
    expect(regexLiterals('abc*', '')).toEqual({ prefix: 'ab', suffix: '' });
    expect(regexLiterals('a|b', '')).toEqual({ prefix: '', suffix: '' });
    expect(regexLiterals('\\u0041bc', '')).toEqual({ prefix: '', suffix: '' });
    expect(regexLiterals('abc', 'i')).toEqual({ prefix: '', suffix: '' });
    expect(regexLiterals('[a\\]b]c', '')).toEqual({ prefix: '', suffix: 'c' });
  });

  it('never rejects a value the regex accepts (sound on generated values)', () => {
    const patterns = ['/items/[0-9]+/k2', '/api/v[0-9]+/.*', 'ab?c', '(ab)+c', 'x{2}y', '[a-c]+z', 'a.c', '\\.dot', 'é+x', 'a*', '/(v1|v2)/x'];
    const alphabet = ['a', 'b', 'c', 'x', 'y', 'z', '/', '.', '1', '2', 'é', 'k', 'v'];
    const rnd = prng(11);
    for (const p of patterns) {
      const r = compileStringMatch({ regex: p }, false);
      if (!r.ok) throw new Error(r.reason);
      const values = ['/items/12/k2', '/items/12/k5', '/api/v1/x', 'abc', 'ac', 'ababc', 'xxy', 'abz', 'a.c', '.dot', 'éx', '', 'aaa', '/v1/x'];
      for (let i = 0; i < 300; i++) values.push(Array.from({ length: Math.floor(rnd() * 8) }, () => alphabet[Math.floor(rnd() * alphabet.length)]).join(''));
      for (const v of values) {
        const bytes = enc.encode(`#${v}#`);
        if (r.matcher.regex!.test(v)) expect(mayMatchRegex(r.matcher, bytes, 1, bytes.length - 2), `${p} on ${v}`).toBe(true);
      }
      expect(values.some((v) => r.matcher.regex!.test(v))).toBe(true);
    }
  });
});

describe('host table', () => {
  it('finds exact names case-insensitively (ASCII) among many, and misses unknown names', () => {
    const groups = new Map(Array.from({ length: 500 }, (_, i) => [`svc${i}.default.svc.cluster.local`, { segments: [], needsQuery: false }]));
    const t = buildHostTable(groups);
    for (const [name, g] of groups) {
      const upper = enc.encode(`xx${name.toUpperCase()}`);
      expect(findHostGroup(t, upper, 2, upper.length - 2)).toBe(g);
    }
    const miss = enc.encode('svc500.default.svc.cluster.local');
    expect(findHostGroup(t, miss, 0, miss.length)).toBeUndefined();
  });
});

describe('session fast paths agree with the baseline', () => {
  const entries: ServiceMappingEntry[] = [
    { priority: 0, ruleId: 'r0', vni: 6000, kind: 'http', hosts: ['api'], match: [{ method: { exact: 'POST' }, uri: { regex: '/items/[0-9]+/k2' } }] },
    { priority: 1, ruleId: 'r1', vni: 6001, kind: 'http', hosts: ['api'], match: [{ uri: { regex: '/items/[0-9]+/k5' } }] },
    { priority: 2, ruleId: 'r2', vni: 6002, kind: 'http', hosts: ['api'], match: [{ authority: { exact: 'API:9080' } }] },
    { priority: 3, ruleId: 'r3', vni: 6003, kind: 'http', hosts: ['api'], match: [{ headers: { 'end-user': { regex: 'j.*n' } } }] },
    { priority: 4, ruleId: 'r4', vni: 6004, kind: 'http', hosts: ['api', '*.example.com'], match: [{ uri: { exact: '/' } }] },
  ];
  const c = compile(entries);
  const naive = compileNaiveClassifier(entries);
  const long = `Cookie: ${'c'.repeat(3000)}\r\n`; // longer than the session's first buffer: it must grow
  const heads = [
    'POST /items/7/k2 HTTP/1.1\r\nHost: api\r\n\r\n',
    'POST /items/7/k5 HTTP/1.1\r\nHost: api\r\n\r\n',
    'GET /items/é/k5 HTTP/1.1\r\nHost: api\r\n\r\n',
    'GET /x HTTP/1.1\r\nHost: API:9080\r\n\r\n',
    'GET /x HTTP/1.1\r\nHost: api:9080\r\n\r\n',
    `GET /x HTTP/1.1\r\nHost: api\r\n${long}end-user: jason\r\n\r\n`,
    `GET / HTTP/1.1\r\n${long}Host: Shop.Example.COM\r\n\r\n`,
    'GET http://api HTTP/1.1\r\nHost: api\r\n\r\n',
    'GET /x HTTP/1.1\r\nHost: api\r\nend-user: jjjn\r\n\r\n',
  ];
  it('whole, after reuse of one session, and split at many boundaries', () => {
    const reused = new ClassifierSession(c);
    for (const text of [...heads, ...heads]) {
      const bytes = enc.encode(text);
      const want = ruleOf(naive.classify(bytes));
      expect(ruleOf(classifyHead(c, bytes)), text.slice(0, 40)).toBe(want);
      reused.reset();
      expect(ruleOf(reused.push(bytes) ?? reused.finish())).toBe(want);
      for (let cut = 0; cut <= bytes.length; cut += bytes.length > 200 ? 37 : 1) {
        reused.reset();
        const d = reused.push(bytes.subarray(0, cut)) ?? reused.push(bytes.subarray(cut)) ?? reused.finish();
        expect(ruleOf(d), `cut at ${cut}`).toBe(want);
      }
    }
    expect(heads.map((h) => ruleOf(classifyHead(c, enc.encode(h))))).toEqual(['r0', 'r1', 'no-match', 'r2', 'no-match', 'r3', 'r4', 'r4', 'r3']);
  });
});

import type { Decision } from './compiled-classifier';
import type { ServiceMappingEntry, ServiceMappingMatch } from './service-mapping-types';
import { compileStringMatch, testString, type StringMatcher } from './string-matcher';
import { hostMatches } from '../istio/resolve-host';
import type { ConnectionContext } from './classifier-session';
import type { StringMatch } from '../rules/types';

/** A parsed request head: what a parse-everything-first proxy builds before matching. */
export interface ParsedHead {
  method: string;
  target: string;
  path: string;
  headers: Map<string, string>;
  query: Map<string, string>;
}

/**
 * The baseline the benchmark compares against (and the oracle the streaming classifier is tested
 * against): decode the whole head into strings, build a header map, then try every entry in
 * priority order. Regexes are compiled once, up front, as a fair baseline would.
 *
 * @example
 * const naive = compileNaiveClassifier(entries);
 * naive.classify(bytes); // same Decision as classifyHead(compileClassifier(entries).value, bytes)
 */
export function compileNaiveClassifier(entries: readonly ServiceMappingEntry[]): { classify(head: Uint8Array, ctx?: ConnectionContext): Decision } {
  const cache = new Map<string, StringMatcher>();
  function m(sm: StringMatch, ignoreCase = false): StringMatcher {
    const key = `${ignoreCase}:${JSON.stringify(sm)}`;
    let out = cache.get(key);
    if (!out) {
      const r = compileStringMatch(sm, ignoreCase);
      if (!r.ok) throw new Error(r.reason);
      out = r.matcher;
      cache.set(key, out);
    }
    return out;
  }
  const http = entries.filter((e) => e.kind === 'http').sort((a, b) => a.priority - b.priority);
  for (const e of http) for (const b of e.match) blockHolds(b, emptyHead(), 'http', 80, ''); // compile every matcher now
  function blockHolds(b: ServiceMappingMatch, h: ParsedHead, scheme: string, port: number, host: string): boolean {
    if (b.method && !testString(m(b.method), h.method)) return false;
    if (b.uri && !testString(m(b.uri, b.ignoreUriCase === true), 'prefix' in b.uri ? h.target : h.path)) return false;
    if (b.scheme && !testString(m(b.scheme), scheme)) return false;
    if (b.authority && !testString(m(b.authority), host)) return false;
    if (b.port !== undefined && b.port !== port) return false;
    for (const [name, sm] of Object.entries(b.queryParams ?? {})) {
      const v = h.query.get(name);
      if (v === undefined || !testString(m(sm), v)) return false;
    }
    for (const [name, sm] of Object.entries(b.headers ?? {})) {
      const v = h.headers.get(name);
      if (v === undefined || !testString(m(sm), v)) return false;
    }
    for (const [name, sm] of Object.entries(b.withoutHeaders ?? {})) {
      const v = h.headers.get(name);
      if (v !== undefined && testString(m(sm), v)) return false;
    }
    return true;
  }
  return {
    classify(head: Uint8Array, ctx: ConnectionContext = {}): Decision {
      const h = parseHead(head);
      if (typeof h === 'string') return { kind: 'malformed', reason: h };
      const raw = h.headers.get('host');
      if (raw === undefined) return { kind: 'no-match' };
      const colon = raw.lastIndexOf(':');
      const hasPort = colon > raw.lastIndexOf(']');
      const name = (hasPort ? raw.slice(0, colon) : raw).toLowerCase();
      const port = ctx.port ?? ((hasPort && Number(raw.slice(colon + 1))) || 80);
      for (const e of http) {
        if (!e.hosts.some((p) => hostMatches(p.toLowerCase(), name))) continue;
        if (e.match.length === 0 || e.match.some((b) => blockHolds(b, h, ctx.scheme ?? 'http', port, raw))) {
          return { kind: 'match', vni: e.vni, ruleId: e.ruleId, priority: e.priority };
        }
      }
      return { kind: 'no-match' };
    },
  };
}

function emptyHead(): ParsedHead {
  return { method: '', target: '', path: '', headers: new Map(), query: new Map() };
}

/**
 * Parses a whole HTTP/1.1 request head (through the blank line) into strings; an error string
 * when it is malformed.
 *
 * @example
 * parseHead(new TextEncoder().encode('GET /a?x=1 HTTP/1.1\r\nHost: h\r\n\r\n')); // { method: 'GET', path: '/a', ... }
 */
export function parseHead(bytes: Uint8Array): ParsedHead | string {
  const text = new TextDecoder('utf-8').decode(bytes);
  const endOfHead = text.indexOf('\r\n\r\n');
  const lines = (endOfHead < 0 ? text : text.slice(0, endOfHead)).split(/\r?\n/);
  while (lines.length > 0 && lines[0] === '') lines.shift();
  const rl = /^(\S+) (\S+) HTTP\/1\.\d$/.exec(lines[0] ?? '');
  if (!rl) return 'malformed request line';
  let target = rl[2];
  if (/^https?:\/\//.test(target)) {
    const slash = target.indexOf('/', target.indexOf('//') + 2);
    target = slash < 0 ? '/' : target.slice(slash);
  }
  const q = target.indexOf('?');
  const headers = new Map<string, string>();
  for (const line of lines.slice(1)) {
    const colon = line.indexOf(':');
    if (colon <= 0 || /^[ \t]|[ \t]$/.test(line.slice(0, colon))) return 'malformed header line';
    const name = line.slice(0, colon).toLowerCase();
    if (!headers.has(name)) headers.set(name, line.slice(colon + 1).replace(/^[ \t]+|[ \t]+$/g, ''));
  }
  const query = new Map<string, string>();
  if (q >= 0) {
    const frag = target.indexOf('#', q);
    for (const part of target.slice(q + 1, frag < 0 ? undefined : frag).split('&')) {
      if (part === '') continue;
      const eq = part.indexOf('=');
      const n = eq < 0 ? part : part.slice(0, eq);
      if (!query.has(n)) query.set(n, eq < 0 ? '' : part.slice(eq + 1));
    }
  }
  return { method: rl[1], target, path: q < 0 ? target : target.slice(0, q), headers, query };
}

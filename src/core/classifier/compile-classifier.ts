import { hostMatches } from '../istio/resolve-host';
import type {
  CompiledBlock, CompiledClassifier, CompiledEntry, HeaderCondition, HostGroup, IndexBucket, Segment,
} from './compiled-classifier';
import type { ServiceMappingEntry, ServiceMappingMatch } from './service-mapping-types';
import { compileStringMatch, type StringMatcher } from './string-matcher';
import { buildHostTable } from './host-table';

/** Options of {@link compileClassifier}. */
export interface CompileClassifierOptions {
  /** Largest request head accepted, bytes (default 64 KiB, Envoy's default header limit is 60 KiB). */
  maxHeadBytes?: number;
}

/** Runs of at least this many same-key exact entries are indexed by value. */
const MIN_INDEXED_RUN = 4;
/** The key of a path-exact index (header slots are ≥ 0). */
export const PATH_KEY = -1;

/**
 * Compiles a server's service_mapping_table once: HTTP entries grouped by Host name (wildcard
 * entries merged into every exact name they cover), regexes compiled, header names given slots
 * in a hash table, and runs of same-key exact matches indexed. TCP entries are skipped (they are
 * matched on ports, not request heads).
 *
 * @example
 * const c = compileClassifier(entries);
 * if (c.ok) classifyHead(c.value, bytes); // { kind: 'match', vni: 0x5a3c1e, ... }
 */
export function compileClassifier(
  entries: readonly ServiceMappingEntry[],
  options: CompileClassifierOptions = {},
): { ok: true; value: CompiledClassifier } | { ok: false; errors: { ruleId: string; reason: string }[] } {
  const headerNames: string[] = ['host'];
  const slotOf = new Map<string, number>([['host', 0]]);
  function slot(name: string): number {
    const lower = name.toLowerCase();
    let s = slotOf.get(lower);
    if (s === undefined) {
      s = headerNames.length;
      headerNames.push(lower);
      slotOf.set(lower, s);
    }
    return s;
  }
  const errors: { ruleId: string; reason: string }[] = [];
  const compiled: { hosts: string[]; entry: CompiledEntry }[] = [];
  const http = entries.filter((e) => e.kind === 'http').sort((a, b) => a.priority - b.priority);
  for (const e of http) {
    const blocks: CompiledBlock[] = [];
    for (const m of e.match) {
      const b = compileBlock(m, slot, (reason) => errors.push({ ruleId: e.ruleId, reason }));
      if (b) blocks.push(b);
    }
    const entry: CompiledEntry = {
      priority: e.priority, ruleId: e.ruleId, vni: e.vni, blocks,
      decision: { kind: 'match', vni: e.vni, ruleId: e.ruleId, priority: e.priority },
    };
    compiled.push({ hosts: e.hosts.map((h) => h.toLowerCase()), entry });
  }
  if (errors.length > 0) return { ok: false, errors };

  const exactNames = new Set<string>();
  for (const c of compiled) for (const h of c.hosts) if (!h.startsWith('*')) exactNames.add(h);
  const exactHosts = new Map<string, HostGroup>();
  for (const name of exactNames) {
    const list = compiled.filter((c) => c.hosts.some((h) => hostMatches(h, name))).map((c) => c.entry);
    exactHosts.set(name, buildHostGroup(list));
  }
  const wildcardEntries = compiled
    .filter((c) => c.hosts.some((h) => h.startsWith('*')))
    .map((c) => ({ patterns: c.hosts.filter((h) => h.startsWith('*')), entry: c.entry }));

  const size = Math.max(16, 1 << Math.ceil(Math.log2(headerNames.length * 4)));
  const headerTable = new Int32Array(size);
  const headerBytes = headerNames.map((n) => new TextEncoder().encode(n));
  headerBytes.forEach(function place(bytes, s) {
    let i = hashLower(bytes, 0, bytes.length) & (size - 1);
    while (headerTable[i] !== 0) i = (i + 1) & (size - 1);
    headerTable[i] = s + 1;
  });
  const headerNameLengths = new Uint8Array(Math.max(...headerBytes.map((b) => b.length)) + 1);
  for (const b of headerBytes) headerNameLengths[b.length] = 1;
  return {
    ok: true,
    value: {
      headerNames, headerTable, headerNameLengths, headerTableMask: size - 1, headerBytes, exactHosts, hostTable: buildHostTable(exactHosts), wildcardEntries,
      wildcardCache: new Map(), maxHeadBytes: options.maxHeadBytes ?? 64 * 1024, entryCount: compiled.length,
    },
  };
}

/**
 * Hash of a header name with ASCII letters lower-cased; the parser computes the same while scanning.
 *
 * @example
 * hashLower(new TextEncoder().encode('End-User'), 0, 8) === hashLower(new TextEncoder().encode('end-user'), 0, 8); // true
 */
export function hashLower(bytes: Uint8Array, from: number, to: number): number {
  let h = 0;
  for (let i = from; i < to; i++) {
    const b = bytes[i];
    h = (Math.imul(h, 31) + (b >= 65 && b <= 90 ? b | 32 : b)) | 0;
  }
  return h >>> 0;
}

/**
 * FNV-1a over bytes[from, to), folded to 30 bits: the key of host names and indexed exact values.
 *
 * @example
 * hashBytes(new TextEncoder().encode('jason'), 0, 5) === hashBytes(new TextEncoder().encode('xjason'), 1, 6); // true
 */
export function hashBytes(bytes: Uint8Array, from: number, to: number): number {
  let h = 0x811c9dc5;
  for (let i = from; i < to; i++) h = Math.imul(h ^ bytes[i], 0x01000193);
  // 30 bits: small integers stay unboxed (Smi), which keeps the Map lookups on the hot path cheap.
  return h & 0x3fffffff;
}

const utf8 = new TextEncoder();

/**
 * The group for a Host name that only wildcard entries cover (cached, bounded).
 *
 * @example
 * const g = wildcardGroup(compiled, 'api.example.com'); // entries for '*.example.com' and '*'
 */
export function wildcardGroup(c: CompiledClassifier, host: string): HostGroup {
  const cached = c.wildcardCache.get(host);
  if (cached) return cached;
  const group = buildHostGroup(c.wildcardEntries.filter((w) => w.patterns.some((p) => hostMatches(p, host))).map((w) => w.entry));
  if (c.wildcardCache.size >= 1024) c.wildcardCache.clear();
  c.wildcardCache.set(host, group);
  return group;
}

function compileBlock(m: ServiceMappingMatch, slot: (name: string) => number, fail: (reason: string) => void): CompiledBlock | undefined {
  let ok = true;
  function matcher(sm: Parameters<typeof compileStringMatch>[0] | undefined, ignoreCase = false): StringMatcher | null {
    if (!sm) return null;
    const r = compileStringMatch(sm, ignoreCase);
    if (!r.ok) {
      ok = false;
      fail(r.reason);
      return null;
    }
    return r.matcher;
  }
  function conditions(map: Record<string, Parameters<typeof compileStringMatch>[0]> | undefined): HeaderCondition[] {
    return Object.entries(map ?? {}).map(([name, sm]) => ({ slot: slot(name), matcher: matcher(sm)! }));
  }
  const block: CompiledBlock = {
    method: matcher(m.method),
    uri: matcher(m.uri, m.ignoreUriCase === true),
    scheme: matcher(m.scheme),
    authority: matcher(m.authority),
    port: m.port ?? 0,
    headers: conditions(m.headers),
    withoutHeaders: conditions(m.withoutHeaders),
    query: Object.entries(m.queryParams ?? {}).map(([name, sm]) => ({ name, matcher: matcher(sm)! })),
    hasOther: false,
  };
  block.hasOther = block.scheme !== null || block.authority !== null || block.port !== 0 || block.query.length > 0;
  return ok ? block : undefined;
}

/** Exact-value keys an entry can be indexed by: its header slots and, for exact paths, PATH_KEY. */
function exactKeys(e: CompiledEntry): Map<number, string> {
  const keys = new Map<number, string>();
  if (e.blocks.length !== 1) return keys;
  const b = e.blocks[0];
  for (const h of b.headers) if (h.matcher.kind === 0) keys.set(h.slot, h.matcher.value);
  if (b.uri && b.uri.kind === 0 && !b.uri.ignoreCase) keys.set(PATH_KEY, b.uri.value);
  return keys;
}

/**
 * Orders a host's entries into segments; a run of ≥ 4 consecutive entries sharing an exact key
 * becomes one indexed segment (entries keep their order inside each value's list).
 */
function buildHostGroup(entries: CompiledEntry[]): HostGroup {
  const keys = entries.map(exactKeys);
  const segments: Segment[] = [];
  let i = 0;
  while (i < entries.length) {
    let bestKey = 0;
    let bestLen = 0;
    for (const k of keys[i].keys()) {
      let j = i;
      while (j < entries.length && keys[j].has(k)) j++;
      if (j - i > bestLen) {
        bestLen = j - i;
        bestKey = k;
      }
    }
    if (bestLen >= MIN_INDEXED_RUN) {
      const byHash = new Map<number, IndexBucket[]>();
      for (let j = i; j < i + bestLen; j++) {
        const value = utf8.encode(keys[j].get(bestKey)!);
        const h = hashBytes(value, 0, value.length);
        let buckets = byHash.get(h);
        if (!buckets) byHash.set(h, (buckets = []));
        let bucket = buckets.find((b) => sameBytes(b.value, value));
        if (!bucket) buckets.push((bucket = { value, entries: [] }));
        bucket.entries.push(entries[j]);
      }
      segments.push({ kind: 'index', slot: bestKey, byHash, size: bestLen });
      i += bestLen;
    } else {
      segments.push({ kind: 'entry', entry: entries[i] });
      i++;
    }
  }
  const needsQuery = entries.some((e) => e.blocks.some((b) => b.query.length > 0));
  return { segments, needsQuery };
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

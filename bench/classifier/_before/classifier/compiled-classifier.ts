import type { StringMatcher } from './string-matcher';

/**
 * Contract of a compiled service_mapping_table (built once by compileClassifier, read by the
 * streaming evaluator). Header names used by any entry get a slot; the parser captures only
 * those headers' values.
 */

/** A header condition: the slot of the header and its matcher. */
export interface HeaderCondition {
  slot: number;
  matcher: StringMatcher;
}

/** One match block, compiled (every present condition must hold). */
export interface CompiledBlock {
  method: StringMatcher | null;
  /** Exact and regex match the path without the query string; prefix matches the whole target (Envoy). */
  uri: StringMatcher | null;
  scheme: StringMatcher | null;
  authority: StringMatcher | null;
  port: number;
  headers: HeaderCondition[];
  withoutHeaders: HeaderCondition[];
  query: { name: string; matcher: StringMatcher }[];
}

/** A compiled entry with its precomputed decision. */
export interface CompiledEntry {
  priority: number;
  ruleId: string;
  vni: number;
  /** Empty = matches every request to the host. */
  blocks: CompiledBlock[];
  decision: MatchDecision;
}

/**
 * A stretch of a host's entries to evaluate in order: a single entry, or a run of single-block
 * entries that all require an exact value of the same key (header slot, or -1 for the path),
 * indexed by that value so a thousand `end-user: <name>` rules cost one map lookup.
 */
export type Segment =
  | { kind: 'entry'; entry: CompiledEntry }
  | { kind: 'index'; slot: number; byHash: Map<number, IndexBucket[]>; size: number };

/** Entries of an indexed run that require one exact value (UTF-8 bytes), in priority order. */
export interface IndexBucket {
  value: Uint8Array;
  entries: CompiledEntry[];
}

/** The entries that apply to one Host, in priority order. */
export interface HostGroup {
  segments: Segment[];
  /** Whether any entry of the group needs the request target / query string. */
  needsQuery: boolean;
}

/** The classifier's answer. */
export type Decision = MatchDecision | NoMatchDecision | MalformedDecision;

export interface MatchDecision {
  kind: 'match';
  vni: number;
  ruleId: string;
  priority: number;
}

export interface NoMatchDecision {
  kind: 'no-match';
}

export interface MalformedDecision {
  kind: 'malformed';
  reason: string;
}

/** A compiled table. */
export interface CompiledClassifier {
  /** Lower-case header names by slot; slot 0 is always `host`. */
  headerNames: string[];
  /** Open-addressed table: hash of the lower-cased name → slot + 1 (0 = empty). */
  headerTable: Int32Array;
  headerTableMask: number;
  /** 1 at index n when some slot's name has n bytes (the parser skips other names without hashing). */
  headerNameLengths: Uint8Array;
  /** Lower-cased header name bytes by slot (to confirm a hash hit). */
  headerBytes: Uint8Array[];
  /** Exact host name → group (wildcard entries that cover the name are merged in at compile time). */
  exactHosts: Map<string, HostGroup>;
  /** The same groups keyed by hashBytes of the (lower-case) name, so the parser never builds a string. */
  hostBuckets: Map<number, { name: Uint8Array; group: HostGroup }[]>;
  /** Entries with wildcard hosts, for names not in `exactHosts`, in priority order. */
  wildcardEntries: { patterns: string[]; entry: CompiledEntry }[];
  /** Groups built on demand for names only wildcards cover (bounded cache). */
  wildcardCache: Map<string, HostGroup>;
  /** Largest accepted request head, bytes. */
  maxHeadBytes: number;
  entryCount: number;
}

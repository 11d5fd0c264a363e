import type { BitValueInput } from './encode-bytes';

/**
 * By-name descriptions of P4Runtime entities: what the agent writes instead of IDs and byte strings.
 * `encode.ts` turns them into p4.v1 message objects through the P4Info, and back.
 */

/**
 * An LPM key: value with a prefix length, or `'10.0.0.0/8'`. Bits past the prefix must be zero.
 *
 * @example
 * const m: LpmMatch = { value: '10.0.0.0', prefixLen: 8 };
 */
export interface LpmMatch {
  value: BitValueInput;
  prefixLen: number;
}

/**
 * A ternary key: value and mask. Bits outside the mask must be zero in the value.
 *
 * @example
 * const m: TernaryMatch = { value: 0x0800, mask: 0xff00 };
 */
export interface TernaryMatch {
  value: BitValueInput;
  mask: BitValueInput;
}

/**
 * A range key, inclusive.
 *
 * @example
 * const m: RangeMatch = { low: 1024, high: 65535 };
 */
export interface RangeMatch {
  low: BitValueInput;
  high: BitValueInput;
}

/**
 * The value of one key field: a plain value (exact/optional), `'a.b.c.d/len'` or a structured match.
 *
 * @example
 * const m: MatchInput = '10.0.1.0/24';
 */
export type MatchInput = BitValueInput | LpmMatch | TernaryMatch | RangeMatch;

/**
 * A table entry by name. Field, action and parameter names are those of the P4Info (tables and actions
 * may use their alias). A key field left out is a wildcard (only allowed for lpm/ternary/range/optional).
 *
 * @example
 * const entry: TableEntryDescription = {
 *   table: 'PiggyCarIngress.tc_session_table',
 *   match: { 'hdr.vxlan.vni': 0x5a3c1e, 'hdr.inner_ipv4.src_addr': '10.1.0.11', 'hdr.inner_ipv4.dst_addr': '10.96.0.20',
 *            'hdr.inner_ipv4.protocol': 6, 'meta.l4_src_port': 43512, 'meta.l4_dst_port': 9080 },
 *   action: 'PiggyCarIngress.set_backend', params: { node_ip: '192.168.0.4' }, idleTimeoutNs: 10_000_000_000n,
 * };
 */
export interface TableEntryDescription {
  table: string;
  match?: Record<string, MatchInput>;
  action?: string;
  params?: Record<string, BitValueInput>;
  /** Required (> 0) for tables with ternary/range/optional keys; unset otherwise. */
  priority?: number;
  /** Nanoseconds of idleness before the switch notifies the controller; only on idle-timeout tables. */
  idleTimeoutNs?: bigint | number | string;
  /** Modifies the table's default action (no match fields allowed). */
  isDefaultAction?: boolean;
}

/**
 * A decoded key field value: exact/optional keys as a number (bigint above 53 bits).
 *
 * @example
 * const v: DecodedValue = 0x5a3c1e;
 */
export type DecodedValue = number | bigint;

/**
 * A decoded key field.
 *
 * @example
 * const m: DecodedMatch = { value: 0x0a000100, prefixLen: 24 };
 */
export type DecodedMatch =
  | DecodedValue
  | { value: DecodedValue; prefixLen: number }
  | { value: DecodedValue; mask: DecodedValue }
  | { low: DecodedValue; high: DecodedValue };

/**
 * A table entry read back from the switch, by name, with fully qualified names and numeric values.
 *
 * @example
 * decodeTableEntry(helper, msg).match['hdr.vxlan.vni']; // 5913630
 */
export interface DecodedTableEntry {
  table: string;
  match: Record<string, DecodedMatch>;
  action?: string;
  params?: Record<string, DecodedValue>;
  priority?: number;
  /** Nanoseconds, as a bigint. */
  idleTimeoutNs?: bigint;
  isDefaultAction?: boolean;
  /** When the Read asked for counters. */
  counterData?: { packetCount: bigint; byteCount: bigint };
  /** When the Read asked for it. */
  elapsedNsSinceLastHit?: bigint;
}

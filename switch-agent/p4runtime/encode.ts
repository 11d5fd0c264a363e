import type { P4InfoHelper } from '../p4info/p4info-helper';
import type { P4MatchField } from '../p4info/p4info-types';
import { P4ValueError, decodeBitValue, encodeBitValue, toBitValue, type BitValueInput } from './encode-bytes';
import type {
  DecodedMatch, DecodedTableEntry, DecodedValue, LpmMatch, MatchInput, RangeMatch, TableEntryDescription, TernaryMatch,
} from './encode-types';
import type {
  ActionMsg, EntityMsg, FieldMatchMsg, TableEntryMsg, UpdateMsg, UpdateType,
} from './p4runtime-messages';

/**
 * The pure encoding layer of the P4Runtime client (p4lang tutorials' split: encoding, P4Info helpers,
 * gRPC I/O). Everything here maps by-name descriptions to p4.v1 message objects — lowerCamelCase,
 * bytes as canonical Uint8Array (§8.3), int64 as decimal strings, enums by name — ready for protobufjs
 * `fromObject`, and back. No I/O. Bad input throws `P4ValueError` (bad value) or `P4InfoLookupError`
 * (unknown name) naming the field.
 */

const MATCH_KINDS = ['exact', 'lpm', 'ternary', 'range', 'optional'] as const;

function isRecord(v: MatchInput): v is LpmMatch | TernaryMatch | RangeMatch {
  return typeof v === 'object' && v !== null && !(v instanceof Uint8Array);
}

function bitwidthOf(field: { bitwidth?: number; name: string }, scope: string): number {
  if (!field.bitwidth) throw new P4ValueError(`${scope} ${field.name}`, 'has no bitwidth in the P4Info');
  return field.bitwidth;
}

/** LPM: `'10.0.0.0/8'` or `{ value, prefixLen }`; host bits past the prefix must be zero (P4Runtime §9.1.1). */
function encodeLpm(input: MatchInput, width: number, name: string): FieldMatchMsg['lpm'] | undefined {
  let value: BitValueInput;
  let prefixLen: number;
  if (typeof input === 'string' && input.includes('/')) {
    const slash = input.lastIndexOf('/');
    value = input.slice(0, slash);
    prefixLen = Number(input.slice(slash + 1));
  } else if (isRecord(input) && 'prefixLen' in input) {
    value = input.value;
    prefixLen = input.prefixLen;
  } else {
    value = input as BitValueInput;
    prefixLen = width;
  }
  if (!Number.isInteger(prefixLen) || prefixLen < 0 || prefixLen > width) {
    throw new P4ValueError(name, `prefix length ${prefixLen} is not an integer in 0..${width}`);
  }
  const v = toBitValue(value, width, name);
  const hostBits = BigInt(width - prefixLen);
  if ((v & ((1n << hostBits) - 1n)) !== 0n) {
    throw new P4ValueError(name, `0x${v.toString(16)}/${prefixLen} has bits set past the prefix length`);
  }
  // A /0 prefix is a wildcard: the spec requires the field to be left out of the entry.
  if (prefixLen === 0) return undefined;
  return { value: encodeBitValue(v, width, name), prefixLen };
}

function encodeFieldMatch(field: P4MatchField, input: MatchInput, tableName: string): FieldMatchMsg | undefined {
  const name = `${tableName} key ${field.name}`;
  const width = bitwidthOf(field, `${tableName} key`);
  const fieldId = field.id;
  switch (field.matchType) {
    case 'EXACT':
      if (isRecord(input)) throw new P4ValueError(name, 'an exact key takes a plain value');
      return { fieldId, exact: { value: encodeBitValue(input, width, name) } };
    case 'OPTIONAL':
      if (isRecord(input)) throw new P4ValueError(name, 'an optional key takes a plain value (leave it out for a wildcard)');
      return { fieldId, optional: { value: encodeBitValue(input, width, name) } };
    case 'LPM': {
      const lpm = encodeLpm(input, width, name);
      return lpm && { fieldId, lpm };
    }
    case 'TERNARY': {
      if (!isRecord(input) || !('mask' in input)) throw new P4ValueError(name, 'a ternary key takes { value, mask }');
      const v = toBitValue(input.value, width, name);
      const mask = toBitValue(input.mask, width, `${name} mask`);
      if ((v & ~mask) !== 0n) throw new P4ValueError(name, 'value has bits set outside the mask');
      if (mask === 0n) return undefined;
      return { fieldId, ternary: { value: encodeBitValue(v, width, name), mask: encodeBitValue(mask, width, name) } };
    }
    case 'RANGE': {
      if (!isRecord(input) || !('low' in input)) throw new P4ValueError(name, 'a range key takes { low, high }');
      const low = toBitValue(input.low, width, `${name} low`);
      const high = toBitValue(input.high, width, `${name} high`);
      if (low > high) throw new P4ValueError(name, 'range low is above high');
      return { fieldId, range: { low: encodeBitValue(low, width, name), high: encodeBitValue(high, width, name) } };
    }
    default:
      throw new P4ValueError(name, `unsupported match type ${field.matchType ?? 'UNSPECIFIED'}`);
  }
}

function encodeAction(helper: P4InfoHelper, actionName: string, params: Record<string, BitValueInput> = {}): ActionMsg {
  const action = helper.action(actionName);
  const fqn = action.preamble.name;
  for (const name of Object.keys(params)) helper.actionParam(fqn, name);
  const encoded = (action.params ?? []).map(function encodeParam(p) {
    const given = params[p.name];
    if (given === undefined) throw new P4ValueError(`${fqn} param ${p.name}`, 'missing');
    return { paramId: p.id, value: encodeBitValue(given, bitwidthOf(p, `${fqn} param`), `${fqn} param ${p.name}`) };
  });
  return encoded.length ? { actionId: action.preamble.id, params: encoded } : { actionId: action.preamble.id };
}

function int64String(v: bigint | number | string, field: string): string {
  let n: bigint;
  try {
    n = BigInt(v);
  } catch {
    throw new P4ValueError(field, `"${v}" is not an integer`);
  }
  if (n < 0n || n >= 2n ** 63n) throw new P4ValueError(field, `${n} is outside 0..2^63-1`);
  return n.toString();
}

/**
 * Builds a p4.v1.TableEntry from a by-name description: resolves names through the P4Info, checks that every
 * exact key is present, that the table may run the action (and in which scope), that values fit their
 * bitwidths, and encodes canonical byte strings in match-field / parameter ID order.
 *
 * @example
 * encodeTableEntry(helper, {
 *   table: 'PiggyCarIngress.function_offload_table', match: { 'hdr.vxlan.vni': 0x5a3c1e },
 *   action: 'PiggyCarIngress.set_owner', params: { owner_ip: '10.0.0.1' },
 * });
 * // → { tableId: 41025189, match: [{ fieldId: 1, exact: { value: [0x5a,0x3c,0x1e] } }],
 * //     action: { action: { actionId: 21436665, params: [{ paramId: 1, value: [10,0,0,1] }] } } }
 */
export function encodeTableEntry(helper: P4InfoHelper, entry: TableEntryDescription): TableEntryMsg {
  const table = helper.table(entry.table);
  const tableName = table.preamble.name;
  const match = entry.match ?? {};
  for (const name of Object.keys(match)) helper.matchField(tableName, name);
  if (entry.isDefaultAction && Object.keys(match).length > 0) {
    throw new P4ValueError(tableName, 'a default-action entry has no match fields');
  }
  const fields: FieldMatchMsg[] = [];
  for (const field of entry.isDefaultAction ? [] : table.matchFields ?? []) {
    const input = match[field.name];
    if (input === undefined) {
      if (field.matchType === 'EXACT') throw new P4ValueError(`${tableName} key ${field.name}`, 'missing (exact keys cannot be wildcards)');
      continue;
    }
    const encoded = encodeFieldMatch(field, input, tableName);
    if (encoded) fields.push(encoded);
  }
  const out: TableEntryMsg = { tableId: table.preamble.id };
  if (fields.length) out.match = fields;
  if (entry.action !== undefined) {
    const ref = helper.actionRef(tableName, entry.action);
    const actionName = helper.actionName(ref.id);
    if (!entry.isDefaultAction && ref.scope === 'DEFAULT_ONLY') {
      throw new P4ValueError(tableName, `action ${actionName} is default-only; it cannot be an entry's action`);
    }
    if (entry.isDefaultAction && ref.scope === 'TABLE_ONLY') {
      throw new P4ValueError(tableName, `action ${actionName} is table-only; it cannot be the default action`);
    }
    out.action = { action: encodeAction(helper, actionName, entry.params) };
  } else if (entry.params !== undefined) {
    throw new P4ValueError(tableName, 'params given without an action');
  }
  if (entry.isDefaultAction) {
    if (table.constDefaultActionId) throw new P4ValueError(tableName, 'the default action is const and cannot be changed');
    out.isDefaultAction = true;
  }
  const needsPriority = (table.matchFields ?? []).some((f) => f.matchType === 'TERNARY' || f.matchType === 'RANGE' || f.matchType === 'OPTIONAL');
  if (entry.priority !== undefined) {
    if (!needsPriority) throw new P4ValueError(`${tableName} priority`, 'only tables with ternary, range or optional keys take a priority');
    if (!Number.isInteger(entry.priority) || entry.priority < 1 || entry.priority > 0x7fffffff) {
      throw new P4ValueError(`${tableName} priority`, `${entry.priority} is not an integer in 1..2^31-1`);
    }
    out.priority = entry.priority;
  } else if (needsPriority && !entry.isDefaultAction) {
    throw new P4ValueError(`${tableName} priority`, 'required (> 0) for a table with ternary, range or optional keys');
  }
  if (entry.idleTimeoutNs !== undefined) {
    if (table.idleTimeoutBehavior !== 'NOTIFY_CONTROL') {
      throw new P4ValueError(`${tableName} idleTimeoutNs`, 'the table does not support idle timeout');
    }
    out.idleTimeoutNs = int64String(entry.idleTimeoutNs, `${tableName} idleTimeoutNs`);
  }
  return out;
}

/**
 * Wraps an encoded entry into a p4.v1.Update (INSERT / MODIFY / DELETE).
 *
 * @example
 * encodeUpdate(helper, 'DELETE', { table: 'function_offload_table', match: { 'hdr.vxlan.vni': 7 } });
 */
export function encodeUpdate(helper: P4InfoHelper, type: UpdateType, entry: TableEntryDescription): UpdateMsg {
  return { type, entity: { tableEntry: encodeTableEntry(helper, entry) } };
}

/**
 * A Read entity: every entry of `table`, or of every table when `table` is omitted (table_id 0). With
 * `counters`, direct counter data is returned with each entry; with `idle`, the time since last hit.
 *
 * @example
 * encodeReadTable(helper, 'function_offload_table', { counters: true });
 * // → { tableEntry: { tableId: 41025189, counterData: {} } }
 */
export function encodeReadTable(helper: P4InfoHelper, table?: string, options: { counters?: boolean; idle?: boolean } = {}): EntityMsg {
  const tableEntry: TableEntryMsg = table === undefined ? {} : { tableId: helper.tableId(table) };
  if (options.counters) tableEntry.counterData = {};
  if (options.idle) tableEntry.timeSinceLastHit = {};
  return { tableEntry };
}

function toDecoded(v: bigint): DecodedValue {
  return v <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : v;
}

/** Accepts number, decimal string or a protobufjs Long (anything whose toString() is the decimal value). */
function toBigInt(v: unknown): bigint {
  if (typeof v === 'bigint') return v;
  if (typeof v === 'number' || typeof v === 'string') return BigInt(v);
  if (v && typeof (v as { toString(): string }).toString === 'function') return BigInt(String(v));
  return 0n;
}

function decodeFieldMatch(helper: P4InfoHelper, tableName: string, m: FieldMatchMsg): [string, DecodedMatch] {
  const field = helper.matchField(tableName, m.fieldId);
  const width = bitwidthOf(field, `${tableName} key`);
  const name = `${tableName} key ${field.name}`;
  const dec = (b: Uint8Array | string) => toDecoded(decodeBitValue(b, width, name));
  const kind = MATCH_KINDS.find((k) => m[k] !== undefined && m[k] !== null);
  switch (kind) {
    case 'exact': return [field.name, dec(m.exact!.value)];
    case 'optional': return [field.name, dec(m.optional!.value)];
    case 'lpm': return [field.name, { value: dec(m.lpm!.value), prefixLen: m.lpm!.prefixLen }];
    case 'ternary': return [field.name, { value: dec(m.ternary!.value), mask: dec(m.ternary!.mask) }];
    case 'range': return [field.name, { low: dec(m.range!.low), high: dec(m.range!.high) }];
    default: throw new P4ValueError(name, 'field match carries no exact/lpm/ternary/range/optional value');
  }
}

/**
 * Turns a p4.v1.TableEntry (from a Read response or an IdleTimeoutNotification; bytes as Uint8Array or
 * base64, int64 as string, number or Long) back into a by-name description with fully qualified names.
 *
 * @example
 * const d = decodeTableEntry(helper, readResponse.entities[0].tableEntry);
 * d.table;                      // 'PiggyCarIngress.tc_session_table'
 * d.params?.node_ip;            // 3232235524 (formatIpv4 → '192.168.0.4')
 */
export function decodeTableEntry(helper: P4InfoHelper, msg: TableEntryMsg): DecodedTableEntry {
  const tableName = helper.tableName(msg.tableId ?? 0);
  const out: DecodedTableEntry = { table: tableName, match: {} };
  for (const m of msg.match ?? []) {
    const [name, value] = decodeFieldMatch(helper, tableName, m);
    if (name in out.match) throw new P4ValueError(`${tableName} key ${name}`, 'appears twice');
    out.match[name] = value;
  }
  const action = msg.action?.action;
  if (action) {
    const a = helper.action(action.actionId);
    out.action = a.preamble.name;
    const params: Record<string, DecodedValue> = {};
    for (const p of action.params ?? []) {
      const param = helper.actionParam(a.preamble.name, p.paramId);
      params[param.name] = toDecoded(decodeBitValue(p.value, bitwidthOf(param, `${a.preamble.name} param`), `${a.preamble.name} param ${param.name}`));
    }
    if (Object.keys(params).length) out.params = params;
  }
  if (msg.priority) out.priority = msg.priority;
  if (msg.idleTimeoutNs !== undefined && msg.idleTimeoutNs !== null && toBigInt(msg.idleTimeoutNs) !== 0n) {
    out.idleTimeoutNs = toBigInt(msg.idleTimeoutNs);
  }
  if (msg.isDefaultAction) out.isDefaultAction = true;
  if (msg.counterData) {
    out.counterData = { packetCount: toBigInt(msg.counterData.packetCount ?? 0), byteCount: toBigInt(msg.counterData.byteCount ?? 0) };
  }
  if (msg.timeSinceLastHit) out.elapsedNsSinceLastHit = toBigInt(msg.timeSinceLastHit.elapsedNs ?? 0);
  return out;
}

export { decodePacketMetadata, encodePacketMetadata } from './encode-packet-metadata';

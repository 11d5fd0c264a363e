/**
 * Encodes p4.v1.ReadResponse messages for tc_session_table straight from the table's typed arrays. Why: a
 * full session table is 65,536 entries and building seven Uint8Array key/param objects per entry for protobufjs
 * made a wildcard Read take seconds. The bytes are exactly what protobufjs writes for the entries
 * ./table-reads builds (checked by the tests).
 */
import type { SessionTable } from '../software-switch/session-table';
import type { ProgramIds } from './program-ids';
import { canonicalLength, varintSize, writeVarint } from './wire-varint';

class Out {
  pos = 0;
  constructor(readonly buf: Uint8Array) {}
  varint(v: number): void {
    this.pos = writeVarint(this.buf, this.pos, v);
  }
  canonical(v: number, len: number): void {
    for (let i = len - 1; i >= 0; i--) {
      this.buf[this.pos + i] = v % 256;
      v = Math.floor(v / 256);
    }
    this.pos += len;
  }
}

/** FieldMatch { field_id, exact { value } } size. */
function matchSize(fieldId: number, value: number): number {
  const exact = 2 + canonicalLength(value);
  return 1 + varintSize(fieldId) + 1 + varintSize(exact) + exact;
}

function writeMatch(o: Out, fieldId: number, value: number): void {
  const len = canonicalLength(value);
  o.varint(18);
  o.varint(matchSize(fieldId, value));
  o.varint(8);
  o.varint(fieldId);
  o.varint(18);
  o.varint(2 + len);
  o.varint(10);
  o.varint(len);
  o.canonical(value, len);
}

/**
 * ReadResponse chunks (each of at most `chunk` entities) of every tc_session_table entry, in slot order.
 * @example
 * for (const bytes of encodeSessionReadResponses(state.sessions, ids, true, Date.now(), 512)) call.write(bytes);
 */
export function encodeSessionReadResponses(
  t: SessionTable,
  ids: ProgramIds,
  withIdle: boolean,
  nowMs: number,
  chunk: number,
): Uint8Array[] {
  const f = ids.tcSessionTable;
  const b = ids.setBackend;
  const out: Uint8Array[] = [];
  let scratch = new Out(new Uint8Array(chunk * 200));
  let inChunk = 0;
  const flush = (): void => {
    out.push(scratch.buf.slice(0, scratch.pos));
    scratch = new Out(new Uint8Array(chunk * 200));
    inChunk = 0;
  };
  for (let slot = 0; slot < t.slots; slot++) {
    if (t.used[slot] === 0) continue;
    const k = slot * 4;
    const key = [t.keys[k] >>> 8, t.keys[k + 1], t.keys[k + 2], t.keys[k] & 0xff, t.keys[k + 3] >>> 16, t.keys[k + 3] & 0xffff];
    const fieldIds = [f.vni, f.srcAddr, f.dstAddr, f.protocol, f.srcPort, f.dstPort];
    const nodeIp = t.nodeIp[slot];
    const timeout = t.idleTimeoutNs[slot];
    const elapsed = Math.max(0, Math.round((nowMs - t.lastHitMs[slot]) * 1e6));
    const paramLen = canonicalLength(nodeIp);
    const param = 1 + varintSize(b.nodeIp) + 1 + 1 + paramLen;
    const action = 1 + varintSize(b.id) + 1 + varintSize(param) + param;
    const tableAction = 1 + varintSize(action) + action;
    let entry = 1 + varintSize(f.id);
    for (let i = 0; i < 6; i++) {
      const m = matchSize(fieldIds[i], key[i]);
      entry += 1 + varintSize(m) + m;
    }
    entry += 1 + varintSize(tableAction) + tableAction;
    if (timeout > 0) entry += 1 + varintSize(timeout);
    const idle = 1 + varintSize(elapsed);
    if (withIdle) entry += 1 + varintSize(idle) + idle;
    const entity = 1 + varintSize(entry) + entry;
    const o = scratch;
    o.varint(10); // ReadResponse.entities
    o.varint(entity);
    o.varint(18); // Entity.table_entry
    o.varint(entry);
    o.varint(8);
    o.varint(f.id);
    for (let i = 0; i < 6; i++) writeMatch(o, fieldIds[i], key[i]);
    o.varint(26); // TableEntry.action
    o.varint(tableAction);
    o.varint(10); // TableAction.action
    o.varint(action);
    o.varint(8);
    o.varint(b.id);
    o.varint(34); // Action.params
    o.varint(param);
    o.varint(16);
    o.varint(b.nodeIp);
    o.varint(26);
    o.varint(paramLen);
    o.canonical(nodeIp, paramLen);
    if (timeout > 0) {
      o.varint(72);
      o.varint(timeout);
    }
    if (withIdle) {
      o.varint(82);
      o.varint(idle);
      o.varint(8);
      o.varint(elapsed);
    }
    if (++inChunk === chunk) flush();
  }
  if (inChunk > 0) flush();
  return out;
}

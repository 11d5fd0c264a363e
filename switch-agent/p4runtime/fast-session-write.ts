/**
 * Encodes tc_session_table Updates straight from numbers into the `updates` field bytes of a p4.v1.WriteRequest
 * (`updates = 4`, repeated). Why: the slow path writes one entry per new session, and building the by-name
 * description, then the message objects, then the bytes cost more per session than the whole switch side. The
 * bytes are exactly what ./encode (encodeUpdate) + protobufjs produce for the same entry — six exact keys in the
 * table's P4Info order with canonical byte strings (§8.3), one set_backend param, idle_timeout_ns on INSERT /
 * MODIFY — which the tests check byte for byte (INSERT, MODIFY and DELETE).
 */
import type { FlowNumbers } from '../../src/core/reconcile/flow-words';
import { canonicalLength, varintSize, writeVarint } from './wire-varint';

/** Where the fields of a tc_session_table entry live in the pipeline (resolved once from the P4Info). */
export interface SessionWriteLayout {
  tableId: number;
  /** Match fields in the table's P4Info order; `part` picks the value from SessionNumbers. */
  match: { fieldId: number; part: SessionPart }[];
  actionId: number;
  nodeIpParamId: number;
}

/** The parts of a session entry, as unsigned numbers. */
export type SessionPart = 'vni' | 'srcAddr' | 'dstAddr' | 'protocol' | 'srcPort' | 'dstPort';

/** A session entry by value: the six keys and the backend node's IPv4 (all unsigned integers). */
export interface SessionNumbers extends FlowNumbers {
  nodeIp: number;
}

/** p4.v1.Update.Type numbers. */
export const UPDATE_INSERT = 1;
export const UPDATE_MODIFY = 2;
export const UPDATE_DELETE = 3;

/** Size of the TableEntry message (without its own tag/length). */
function entrySize(layout: SessionWriteLayout, s: SessionNumbers, idleTimeoutNs: number | undefined): number {
  let size = 1 + varintSize(layout.tableId);
  for (let i = 0; i < layout.match.length; i++) {
    const m = layout.match[i];
    const exact = 2 + canonicalLength(s[m.part]);
    const fm = 1 + varintSize(m.fieldId) + 1 + varintSize(exact) + exact;
    size += 1 + varintSize(fm) + fm;
  }
  const param = 1 + varintSize(layout.nodeIpParamId) + 2 + canonicalLength(s.nodeIp);
  const action = 1 + varintSize(layout.actionId) + 1 + varintSize(param) + param;
  const tableAction = 1 + varintSize(action) + action;
  size += 1 + varintSize(tableAction) + tableAction;
  if (idleTimeoutNs !== undefined) size += 1 + varintSize(idleTimeoutNs);
  return size;
}

/**
 * Appends tc_session_table Updates to a growing buffer; `finish()` gives the `updates` field bytes.
 * @example
 * const writer = new SessionUpdateWriter(sessionWriteLayout(helper));
 * writer.add(UPDATE_INSERT, { vni, srcAddr, dstAddr, protocol: 6, srcPort, dstPort, nodeIp }, 10_000_000_000);
 * await client.writeEncoded(writer.finish());
 */
export class SessionUpdateWriter {
  private buf: Uint8Array;
  private pos = 0;
  /** Updates written so far. */
  count = 0;

  constructor(
    private readonly layout: SessionWriteLayout,
    initialBytes = 4096,
  ) {
    this.buf = new Uint8Array(initialBytes);
  }

  private varint(v: number): void {
    this.pos = writeVarint(this.buf, this.pos, v);
  }

  private canonical(v: number): void {
    const len = canonicalLength(v);
    this.varint(len);
    for (let i = len - 1; i >= 0; i--) {
      this.buf[this.pos + i] = v % 256;
      v = Math.floor(v / 256);
    }
    this.pos += len;
  }

  private ensure(extra: number): void {
    if (this.pos + extra <= this.buf.length) return;
    const next = new Uint8Array(Math.max(this.buf.length * 2, this.pos + extra));
    next.set(this.buf.subarray(0, this.pos));
    this.buf = next;
  }

  /**
   * Appends one Update of `type` for session `s` with the set_backend action (a DELETE's action is ignored by the
   * switch but sent, as encodeUpdate(sessionToEntry(...)) does) and, on INSERT / MODIFY, idle_timeout_ns when given.
   */
  add(type: number, s: SessionNumbers, idleTimeoutNs?: number): void {
    const layout = this.layout;
    const idle = type !== UPDATE_DELETE ? idleTimeoutNs : undefined;
    if (idle !== undefined && !(Number.isSafeInteger(idle) && idle >= 0)) throw new RangeError(`idle_timeout_ns ${idle} is not a non-negative safe integer`);
    const es = entrySize(layout, s, idle);
    const entity = 1 + varintSize(es) + es;
    const update = 2 + 1 + varintSize(entity) + entity;
    this.ensure(1 + varintSize(update) + update);
    this.varint(34);
    this.varint(update);
    this.varint(8);
    this.varint(type);
    this.varint(18);
    this.varint(entity);
    this.varint(18);
    this.varint(es);
    this.varint(8);
    this.varint(layout.tableId);
    for (let i = 0; i < layout.match.length; i++) {
      const m = layout.match[i];
      const value = s[m.part];
      const exact = 2 + canonicalLength(value);
      this.varint(18);
      this.varint(1 + varintSize(m.fieldId) + 1 + varintSize(exact) + exact);
      this.varint(8);
      this.varint(m.fieldId);
      this.varint(18);
      this.varint(exact);
      this.varint(10);
      this.canonical(value);
    }
    const param = 1 + varintSize(layout.nodeIpParamId) + 2 + canonicalLength(s.nodeIp);
    const action = 1 + varintSize(layout.actionId) + 1 + varintSize(param) + param;
    this.varint(26);
    this.varint(1 + varintSize(action) + action);
    this.varint(10);
    this.varint(action);
    this.varint(8);
    this.varint(layout.actionId);
    this.varint(34);
    this.varint(param);
    this.varint(16);
    this.varint(layout.nodeIpParamId);
    this.varint(26);
    this.canonical(s.nodeIp);
    if (idle !== undefined) {
      this.varint(72);
      this.varint(idle);
    }
    this.count++;
  }

  /** The `updates` field bytes written so far (a copy; the writer is reset for reuse). */
  finish(): Uint8Array {
    const out = this.buf.slice(0, this.pos);
    this.pos = 0;
    this.count = 0;
    return out;
  }
}

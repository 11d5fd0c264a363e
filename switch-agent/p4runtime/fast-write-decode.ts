/**
 * The decoding half of a hand-rolled protobuf codec for p4.v1.WriteRequest, restricted to what PiggyCar
 * writes (table entries with exact/lpm keys, a direct action, idle timeout, counter data). Why: protobufjs builds ~20 objects and Long /
 * Buffer instances per entry, which caps batched writes well below the 50,000 entries/s target. Anything
 * outside the subset returns undefined and the caller falls back to protobufjs, so the wire format is never
 * interpreted differently: the tests check byte-exact agreement with protobufjs both ways.
 */
import { readLength, readVarint, WIRE_UNSUPPORTED, type WireCursor } from './wire-varint';

/** The decoded subset, shaped like protobufjs' decode output (numbers instead of Long). */
export interface FastWriteRequest {
  deviceId: number;
  electionId: { high: number; low: number } | null;
  updates: {
    type: number;
    entity: { tableEntry: FastTableEntry } | null;
  }[];
  atomicity: number;
}

/** One decoded table entry of the subset. */
export interface FastTableEntry {
  tableId: number;
  match: { fieldId: number; exact: FastBits | null; lpm: (FastBits & { prefixLen: number }) | null }[];
  action: { action: { actionId: number; params: (FastBits & { paramId: number })[] } | null } | null;
  priority: number;
  idleTimeoutNs: number;
  counterData: { byteCount: number; packetCount: number } | null;
  isDefaultAction: boolean;
}

/**
 * A byte string of at most 6 bytes held as its big-endian value and its length (valueLen 0 = empty). Why not a
 * Uint8Array view: a typed-array object per key field made garbage collection dominate batched writes.
 */
export interface FastBits {
  valueNum: number;
  valueLen: number;
}

const UNSUPPORTED = WIRE_UNSUPPORTED;

function bitsField(c: WireCursor, end: number, into: FastBits): void {
  const len = readVarint(c, end);
  if (len > 6 || c.pos + len > end) throw UNSUPPORTED;
  let v = 0;
  for (let i = 0; i < len; i++) v = v * 256 + c.buf[c.pos + i];
  c.pos += len;
  into.valueNum = v;
  into.valueLen = len;
}

function decodeLpm(c: WireCursor, end: number): FastBits & { prefixLen: number } {
  const out = { valueNum: 0, valueLen: 0, prefixLen: 0 };
  while (c.pos < end) {
    const tag = readVarint(c, end);
    if (tag === (1 << 3) + 2) bitsField(c, end, out);
    else if (tag === (2 << 3) + 0) out.prefixLen = readVarint(c, end);
    else throw UNSUPPORTED;
  }
  return out;
}

function decodeValueOnly(c: WireCursor, end: number): FastBits {
  const out = { valueNum: 0, valueLen: 0 };
  while (c.pos < end) {
    if (readVarint(c, end) !== (1 << 3) + 2) throw UNSUPPORTED;
    bitsField(c, end, out);
  }
  return out;
}

function decodeMatch(c: WireCursor, end: number): FastTableEntry['match'][number] {
  const m: FastTableEntry['match'][number] = { fieldId: 0, exact: null, lpm: null };
  while (c.pos < end) {
    const tag = readVarint(c, end);
    if (tag === (1 << 3) + 0) m.fieldId = readVarint(c, end);
    else if (tag === (2 << 3) + 2 && !m.exact) m.exact = decodeValueOnly(c, readLength(c, end));
    else if (tag === (4 << 3) + 2 && !m.lpm) m.lpm = decodeLpm(c, readLength(c, end));
    else throw UNSUPPORTED;
  }
  if (m.exact && m.lpm) throw UNSUPPORTED; // last-one-wins oneof semantics: leave to protobufjs
  return m;
}

function decodeAction(c: WireCursor, end: number): { actionId: number; params: (FastBits & { paramId: number })[] } {
  const a = { actionId: 0, params: [] as (FastBits & { paramId: number })[] };
  while (c.pos < end) {
    const tag = readVarint(c, end);
    if (tag === (1 << 3) + 0) a.actionId = readVarint(c, end);
    else if (tag === (4 << 3) + 2) {
      const pend = readLength(c, end);
      const p = { paramId: 0, valueNum: 0, valueLen: 0 };
      while (c.pos < pend) {
        const ptag = readVarint(c, pend);
        if (ptag === (2 << 3) + 0) p.paramId = readVarint(c, pend);
        else if (ptag === (3 << 3) + 2) bitsField(c, pend, p);
        else throw UNSUPPORTED;
      }
      a.params.push(p);
    } else throw UNSUPPORTED;
  }
  return a;
}

function decodeTableEntry(c: WireCursor, end: number): FastTableEntry {
  const e: FastTableEntry = { tableId: 0, match: [], action: null, priority: 0, idleTimeoutNs: 0, counterData: null, isDefaultAction: false };
  while (c.pos < end) {
    const tag = readVarint(c, end);
    switch (tag) {
      case (1 << 3) + 0:
        e.tableId = readVarint(c, end);
        break;
      case (2 << 3) + 2:
        e.match.push(decodeMatch(c, readLength(c, end)));
        break;
      case (3 << 3) + 2: {
        if (e.action) throw UNSUPPORTED; // a repeated message field merges in protobuf: leave that to protobufjs
        const aend = readLength(c, end);
        e.action = { action: null };
        while (c.pos < aend) {
          if (readVarint(c, aend) !== (1 << 3) + 2 || e.action.action) throw UNSUPPORTED;
          e.action.action = decodeAction(c, readLength(c, aend));
        }
        break;
      }
      case (4 << 3) + 0:
        e.priority = readVarint(c, end);
        if (e.priority > 0x7fffffff) throw UNSUPPORTED;
        break;
      case (7 << 3) + 2: {
        if (e.counterData) throw UNSUPPORTED;
        const cend = readLength(c, end);
        e.counterData = { byteCount: 0, packetCount: 0 };
        while (c.pos < cend) {
          const ctag = readVarint(c, cend);
          if (ctag === (1 << 3) + 0) e.counterData.byteCount = readVarint(c, cend);
          else if (ctag === (2 << 3) + 0) e.counterData.packetCount = readVarint(c, cend);
          else throw UNSUPPORTED;
        }
        break;
      }
      case (8 << 3) + 0:
        e.isDefaultAction = readVarint(c, end) !== 0;
        break;
      case (9 << 3) + 0:
        e.idleTimeoutNs = readVarint(c, end);
        break;
      default:
        throw UNSUPPORTED;
    }
  }
  return e;
}

/**
 * Decodes a WriteRequest of the supported subset, or undefined (use protobufjs then).
 * @example
 * const req = decodeWriteRequestFast(bytes) ?? WriteRequest.decode(bytes);
 */
export function decodeWriteRequestFast(buf: Uint8Array): FastWriteRequest | undefined {
  const c: WireCursor = { buf, pos: 0 };
  const end = buf.length;
  const req: FastWriteRequest = { deviceId: 0, electionId: null, updates: [], atomicity: 0 };
  try {
    while (c.pos < end) {
      const tag = readVarint(c, end);
      switch (tag) {
        case (1 << 3) + 0:
          req.deviceId = readVarint(c, end);
          break;
        case (3 << 3) + 2: {
          if (req.electionId) throw UNSUPPORTED;
          const eend = readLength(c, end);
          req.electionId = { high: 0, low: 0 };
          while (c.pos < eend) {
            const etag = readVarint(c, eend);
            if (etag === (1 << 3) + 0) req.electionId.high = readVarint(c, eend);
            else if (etag === (2 << 3) + 0) req.electionId.low = readVarint(c, eend);
            else throw UNSUPPORTED;
          }
          break;
        }
        case (4 << 3) + 2: {
          const uend = readLength(c, end);
          const u: FastWriteRequest['updates'][number] = { type: 0, entity: null };
          while (c.pos < uend) {
            const utag = readVarint(c, uend);
            if (utag === (1 << 3) + 0) u.type = readVarint(c, uend);
            else if (utag === (2 << 3) + 2) {
              const nend = readLength(c, uend);
              while (c.pos < nend) {
                if (readVarint(c, nend) !== (2 << 3) + 2 || u.entity) throw UNSUPPORTED;
                u.entity = { tableEntry: decodeTableEntry(c, readLength(c, nend)) };
              }
            } else throw UNSUPPORTED;
          }
          req.updates.push(u);
          break;
        }
        case (5 << 3) + 0:
          req.atomicity = readVarint(c, end);
          break;
        default:
          throw UNSUPPORTED;
      }
    }
    return req;
  } catch (e) {
    if (e === UNSUPPORTED) return undefined;
    throw e;
  }
}

/**
 * The encoding half of the hand-rolled p4.v1.WriteRequest codec (see ./fast-write-decode for why): writes the
 * subset PiggyCar uses exactly as protobufjs would, or returns undefined so the caller uses protobufjs.
 */
import type { FieldMatchMsg, UpdateMsg } from './p4runtime-messages';
import { varintSize, writeVarint } from './wire-varint';

const UPDATE_TYPES: Record<string, number> = { INSERT: 1, MODIFY: 2, DELETE: 3 };

class Unsupported {}
const UNSUPPORTED = new Unsupported();

function u64(value: unknown): number {
  const n = typeof value === 'number' ? value : typeof value === 'string' || typeof value === 'bigint' ? Number(value) : NaN;
  if (!Number.isSafeInteger(n) || n < 0) throw UNSUPPORTED;
  return n;
}

class Out {
  pos = 0;
  constructor(readonly buf: Uint8Array) {}
  varint(v: number): void {
    this.pos = writeVarint(this.buf, this.pos, v);
  }
  bytes(tag: number, b: Uint8Array): void {
    this.varint(tag);
    this.varint(b.length);
    this.buf.set(b, this.pos);
    this.pos += b.length;
  }
}

function bytesSize(tag: number, b: Uint8Array): number {
  return varintSize(tag) + varintSize(b.length) + b.length;
}

/** Sizes are measured in pre-order and consumed in the same order while writing. */
function measureMatch(m: FieldMatchMsg, sizes: number[]): number {
  const idx = sizes.push(0) - 1;
  let s = 0;
  if (m.fieldId !== undefined) s += 1 + varintSize(m.fieldId);
  if (m.exact) {
    if (m.lpm || m.ternary || m.range || m.optional) throw UNSUPPORTED;
    const inner = m.exact.value !== undefined ? bytesSize(10, m.exact.value) : 0;
    s += 1 + varintSize(inner) + inner;
  } else if (m.lpm) {
    if (m.ternary || m.range || m.optional) throw UNSUPPORTED;
    let inner = m.lpm.value !== undefined ? bytesSize(10, m.lpm.value) : 0;
    if (m.lpm.prefixLen !== undefined) inner += 1 + varintSize(m.lpm.prefixLen);
    s += 1 + varintSize(inner) + inner;
  } else if (m.ternary || m.range || m.optional) throw UNSUPPORTED;
  sizes[idx] = s;
  return s;
}

type Entry = NonNullable<UpdateMsg['entity']['tableEntry']>;

function measureEntry(e: Entry, sizes: number[]): number {
  const idx = sizes.push(0) - 1;
  let s = 0;
  if (e.tableId !== undefined) s += 1 + varintSize(e.tableId);
  for (const m of e.match ?? []) {
    const ms = measureMatch(m, sizes);
    s += 1 + varintSize(ms) + ms;
  }
  if (e.action) {
    let as = 0;
    const a = e.action.action;
    if (a) {
      let inner = a.actionId !== undefined ? 1 + varintSize(a.actionId) : 0;
      for (const p of a.params ?? []) {
        const ps = (p.paramId !== undefined ? 1 + varintSize(p.paramId) : 0) + (p.value !== undefined ? bytesSize(26, p.value) : 0);
        inner += 1 + varintSize(ps) + ps;
      }
      as = 1 + varintSize(inner) + inner;
    }
    s += 1 + varintSize(as) + as;
  }
  if (e.priority !== undefined) {
    if (e.priority < 0) throw UNSUPPORTED;
    s += 1 + varintSize(e.priority);
  }
  if (e.counterData) {
    const c = e.counterData;
    const inner = (c.byteCount !== undefined ? 1 + varintSize(u64(c.byteCount)) : 0) + (c.packetCount !== undefined ? 1 + varintSize(u64(c.packetCount)) : 0);
    s += 1 + varintSize(inner) + inner;
  }
  if (e.isDefaultAction !== undefined) s += 2;
  if (e.idleTimeoutNs !== undefined) s += 1 + varintSize(u64(e.idleTimeoutNs));
  if (e.timeSinceLastHit !== undefined || e.metadata !== undefined) throw UNSUPPORTED;
  sizes[idx] = s;
  return s;
}

function writeEntry(o: Out, e: Entry, sizes: number[], k: { i: number }): void {
  k.i++; // the entry's own size was written by the caller
  if (e.tableId !== undefined) {
    o.varint(8);
    o.varint(e.tableId);
  }
  for (const m of e.match ?? []) {
    o.varint(18);
    o.varint(sizes[k.i++]);
    if (m.fieldId !== undefined) {
      o.varint(8);
      o.varint(m.fieldId);
    }
    if (m.exact) {
      o.varint(18);
      o.varint(m.exact.value !== undefined ? bytesSize(10, m.exact.value) : 0);
      if (m.exact.value !== undefined) o.bytes(10, m.exact.value);
    } else if (m.lpm) {
      o.varint(34);
      o.varint((m.lpm.value !== undefined ? bytesSize(10, m.lpm.value) : 0) + (m.lpm.prefixLen !== undefined ? 1 + varintSize(m.lpm.prefixLen) : 0));
      if (m.lpm.value !== undefined) o.bytes(10, m.lpm.value);
      if (m.lpm.prefixLen !== undefined) {
        o.varint(16);
        o.varint(m.lpm.prefixLen);
      }
    }
  }
  if (e.action) {
    const a = e.action.action;
    let inner = 0;
    if (a) {
      inner = a.actionId !== undefined ? 1 + varintSize(a.actionId) : 0;
      for (const p of a.params ?? []) {
        const ps = (p.paramId !== undefined ? 1 + varintSize(p.paramId) : 0) + (p.value !== undefined ? bytesSize(26, p.value) : 0);
        inner += 1 + varintSize(ps) + ps;
      }
    }
    o.varint(26);
    o.varint(a ? 1 + varintSize(inner) + inner : 0);
    if (a) {
      o.varint(10);
      o.varint(inner);
      if (a.actionId !== undefined) {
        o.varint(8);
        o.varint(a.actionId);
      }
      for (const p of a.params ?? []) {
        o.varint(34);
        o.varint((p.paramId !== undefined ? 1 + varintSize(p.paramId) : 0) + (p.value !== undefined ? bytesSize(26, p.value) : 0));
        if (p.paramId !== undefined) {
          o.varint(16);
          o.varint(p.paramId);
        }
        if (p.value !== undefined) o.bytes(26, p.value);
      }
    }
  }
  if (e.priority !== undefined) {
    o.varint(32);
    o.varint(e.priority);
  }
  if (e.counterData) {
    const c = e.counterData;
    o.varint(58);
    o.varint((c.byteCount !== undefined ? 1 + varintSize(u64(c.byteCount)) : 0) + (c.packetCount !== undefined ? 1 + varintSize(u64(c.packetCount)) : 0));
    if (c.byteCount !== undefined) {
      o.varint(8);
      o.varint(u64(c.byteCount));
    }
    if (c.packetCount !== undefined) {
      o.varint(16);
      o.varint(u64(c.packetCount));
    }
  }
  if (e.isDefaultAction !== undefined) {
    o.varint(64);
    o.varint(e.isDefaultAction ? 1 : 0);
  }
  if (e.idleTimeoutNs !== undefined) {
    o.varint(72);
    o.varint(u64(e.idleTimeoutNs));
  }
}

/**
 * Encodes a WriteRequest of the supported subset exactly as protobufjs would (same field order, same
 * explicit-presence rules), or undefined when something is outside the subset.
 * @example
 * const bytes = encodeWriteRequestFast({ deviceId: '1', electionId: { low: '10' }, updates }) ?? protobufjsEncode(...);
 */
export function encodeWriteRequestFast(req: {
  deviceId?: string | number;
  electionId?: { high?: string | number; low?: string | number };
  updates?: UpdateMsg[];
  atomicity?: number;
}): Uint8Array | undefined {
  try {
    const sizes: number[] = [];
    let total = 0;
    const deviceId = req.deviceId === undefined ? undefined : u64(req.deviceId);
    if (deviceId !== undefined) total += 1 + varintSize(deviceId);
    let electionSize = 0;
    const high = req.electionId?.high === undefined ? undefined : u64(req.electionId.high);
    const low = req.electionId?.low === undefined ? undefined : u64(req.electionId.low);
    if (req.electionId) {
      electionSize = (high !== undefined ? 1 + varintSize(high) : 0) + (low !== undefined ? 1 + varintSize(low) : 0);
      total += 1 + varintSize(electionSize) + electionSize;
    }
    const updateSizes: number[] = [];
    for (const u of req.updates ?? []) {
      const type = UPDATE_TYPES[u.type];
      if (type === undefined) throw UNSUPPORTED;
      const entity = u.entity;
      if (!entity || entity.directCounterEntry || !entity.tableEntry) throw UNSUPPORTED;
      const es = measureEntry(entity.tableEntry, sizes);
      const entitySize = 1 + varintSize(es) + es;
      const us = 2 + 1 + varintSize(entitySize) + entitySize;
      updateSizes.push(us);
      total += 1 + varintSize(us) + us;
    }
    if (req.atomicity !== undefined) total += 1 + varintSize(req.atomicity);
    const o = new Out(new Uint8Array(total));
    if (deviceId !== undefined) {
      o.varint(8);
      o.varint(deviceId);
    }
    if (req.electionId) {
      o.varint(26);
      o.varint(electionSize);
      if (high !== undefined) {
        o.varint(8);
        o.varint(high);
      }
      if (low !== undefined) {
        o.varint(16);
        o.varint(low);
      }
    }
    const k = { i: 0 };
    (req.updates ?? []).forEach((u, n) => {
      o.varint(34);
      o.varint(updateSizes[n]);
      o.varint(8);
      o.varint(UPDATE_TYPES[u.type]);
      const es = sizes[k.i];
      o.varint(18);
      o.varint(1 + varintSize(es) + es);
      o.varint(18);
      o.varint(es);
      writeEntry(o, u.entity.tableEntry as Entry, sizes, k);
    });
    if (req.atomicity !== undefined) {
      o.varint(40);
      o.varint(req.atomicity);
    }
    if (o.pos !== total) throw new Error(`fast WriteRequest encoder size mismatch ${o.pos} != ${total}`);
    return o.buf;
  } catch (e) {
    if (e === UNSUPPORTED) return undefined;
    throw e;
  }
}


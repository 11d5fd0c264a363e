/**
 * Hand-rolled codec for the one StreamChannel message of the slow path's hot loop: a packet (PacketIn inside a
 * StreamMessageResponse, PacketOut inside a StreamMessageRequest — both `packet = 2 { payload = 1, repeated
 * metadata = 2 { metadata_id = 1, value = 2 } }`). Why: every new session is one packet_in and one packet_out,
 * and protobufjs' fromObject/encode/decode/toObject per message cost more than the rest of the slow path. The
 * bytes are exactly what protobufjs writes for the same object (field order, explicit presence), and anything
 * that is not a well-formed packet message decodes to undefined so the caller falls back to protobufjs: the
 * tests check byte-exact agreement with protobufjs and the official vectors both ways.
 */
import type { PacketMetadataMsg, PacketMsg } from './p4runtime-messages';
import { allocBytes } from './byte-pool';
import { canonicalLength, readLength, readVarint, varintSize, WIRE_UNSUPPORTED, writeVarint, type WireCursor } from './wire-varint';

const UNSUPPORTED = WIRE_UNSUPPORTED;

function metadataSize(m: PacketMetadataMsg): number {
  let s = 0;
  if (m.metadataId !== undefined && m.metadataId !== null) s += 1 + varintSize(m.metadataId);
  if (m.value !== undefined && m.value !== null) s += 1 + varintSize(m.value.length) + m.value.length;
  return s;
}

/** Writes one `metadata = 2` field (tag, length, metadata_id, value) at `pos`; returns the position after it. */
function writeMetadataField(buf: Uint8Array, pos: number, m: PacketMetadataMsg): number {
  buf[pos++] = (2 << 3) | 2;
  pos = writeVarint(buf, pos, metadataSize(m));
  if (m.metadataId !== undefined && m.metadataId !== null) {
    buf[pos++] = 1 << 3;
    pos = writeVarint(buf, pos, m.metadataId);
  }
  if (m.value !== undefined && m.value !== null) {
    buf[pos++] = (2 << 3) | 2;
    pos = writeVarint(buf, pos, m.value.length);
    buf.set(m.value, pos);
    pos += m.value.length;
  }
  return pos;
}

function validMetadata(m: PacketMetadataMsg): boolean {
  const id = m.metadataId;
  if (id !== undefined && id !== null && !(Number.isInteger(id) && id >= 0 && id <= 0xffffffff)) return false;
  return m.value === undefined || m.value === null || m.value instanceof Uint8Array;
}

/**
 * Encodes `{ packet }` (a StreamMessageRequest with a PacketOut, or a StreamMessageResponse with a PacketIn: the
 * same bytes) exactly as protobufjs would, or undefined when the object is something else (use protobufjs).
 * @example
 * const bytes = encodePacketStreamMessage({ packet: { payload: frame, metadata } }) ?? protobufjsEncode(...);
 */
export function encodePacketStreamMessage(message: { packet?: PacketMsg } & Record<string, unknown>): Uint8Array | undefined {
  const p = message.packet;
  if (!p || typeof p !== 'object' || Object.keys(message).length !== 1) return undefined;
  const payload = p.payload;
  if (payload !== undefined && payload !== null && !(payload instanceof Uint8Array)) return undefined;
  const metadata = p.metadata ?? [];
  if (!Array.isArray(metadata)) return undefined;
  if (payload && Object.isFrozen(metadata) && metadata.length > 0) return withFrozenMetadata(payload, metadata);
  let inner = payload ? 1 + varintSize(payload.length) + payload.length : 0;
  for (let i = 0; i < metadata.length; i++) {
    const m = metadata[i];
    if (!m || !validMetadata(m)) return undefined;
    const s = metadataSize(m);
    inner += 1 + varintSize(s) + s;
  }
  const total = 1 + varintSize(inner) + inner;
  const buf = allocBytes(total);
  buf[0] = (2 << 3) | 2;
  let pos = writeVarint(buf, 1, inner);
  if (payload) {
    buf[pos++] = (1 << 3) | 2;
    pos = writeVarint(buf, pos, payload.length);
    buf.set(payload, pos);
    pos += payload.length;
  }
  for (let i = 0; i < metadata.length; i++) pos = writeMetadataField(buf, pos, metadata[i]);
  if (pos !== total) throw new Error(`fast packet encoder size mismatch ${pos} != ${total}`);
  return buf;
}

/** The `metadata = 2` fields of a PacketIn / PacketOut as bytes, or null when one is not encodable here. */
function metadataFields(metadata: readonly PacketMetadataMsg[]): Uint8Array | null {
  let size = 0;
  for (const m of metadata) {
    if (!m || !validMetadata(m)) return null;
    const s = metadataSize(m);
    size += 1 + varintSize(s) + s;
  }
  const out = new Uint8Array(size);
  let pos = 0;
  for (const m of metadata) pos = writeMetadataField(out, pos, m);
  return out;
}

/**
 * A frozen metadata list (the agent's constant packet_out header) is encoded once and its bytes appended to each
 * payload: the same bytes as the general path, one allocation per packet.
 */
const frozenTails = new WeakMap<readonly PacketMetadataMsg[], Uint8Array | null>();

function withFrozenMetadata(payload: Uint8Array, metadata: readonly PacketMetadataMsg[]): Uint8Array | undefined {
  let tail = frozenTails.get(metadata);
  if (tail === undefined) {
    tail = metadataFields(metadata);
    frozenTails.set(metadata, tail);
  }
  if (tail === null) return undefined;
  const buf = allocBytes(packetSize(payload, tail.length));
  buf.set(tail, writePacketHead(buf, payload, tail.length));
  return buf;
}

/** Bytes of `packet = 2 { payload = 1, … }` whose fields after the payload take `rest` bytes. */
function packetSize(payload: Uint8Array, rest: number): number {
  const inner = 1 + varintSize(payload.length) + payload.length + rest;
  return 1 + varintSize(inner) + inner;
}

/** Writes that packet's tag and length and its payload at the start of `buf`; returns the position after the payload. */
function writePacketHead(buf: Uint8Array, payload: Uint8Array, rest: number): number {
  buf[0] = (2 << 3) | 2;
  let pos = writeVarint(buf, 1, 1 + varintSize(payload.length) + payload.length + rest);
  buf[pos++] = (1 << 3) | 2;
  pos = writeVarint(buf, pos, payload.length);
  buf.set(payload, pos);
  return pos + payload.length;
}

/**
 * Decodes a StreamMessageResponse / StreamMessageRequest that is exactly one `packet` (PacketIn / PacketOut) into
 * `{ packet: { payload, metadata } }` (payload and values are views into `buf`), or undefined for any other
 * message or anything unusual (repeated oneof members, unknown fields, 64-bit ids): use protobufjs then.
 * @example
 * const msg = decodePacketStreamMessage(bytes) ?? StreamMessageResponse.decode(bytes);
 */
export function decodePacketStreamMessage(buf: Uint8Array): { packet: PacketMsg } | undefined {
  const c: WireCursor = { buf, pos: 0 };
  const end = buf.length;
  try {
    if (end === 0 || buf[0] !== ((2 << 3) | 2)) return undefined;
    c.pos = 1;
    const pend = readLength(c, end);
    if (pend !== end) return undefined; // another field follows (oneof last-one-wins): leave it to protobufjs
    let payload: Uint8Array | undefined;
    const metadata: PacketMetadataMsg[] = [];
    while (c.pos < pend) {
      const tag = readVarint(c, pend);
      if (tag === ((1 << 3) | 2)) {
        const e = readLength(c, pend);
        payload = buf.subarray(c.pos, e);
        c.pos = e;
      } else if (tag === ((2 << 3) | 2)) {
        const mend = readLength(c, pend);
        let metadataId = 0;
        let value: Uint8Array = EMPTY;
        while (c.pos < mend) {
          const mtag = readVarint(c, mend);
          if (mtag === 1 << 3) {
            metadataId = readVarint(c, mend);
            if (metadataId > 0xffffffff) throw UNSUPPORTED;
          } else if (mtag === ((2 << 3) | 2)) {
            const ve = readLength(c, mend);
            value = buf.subarray(c.pos, ve);
            c.pos = ve;
          } else throw UNSUPPORTED;
        }
        metadata.push({ metadataId, value });
      } else throw UNSUPPORTED;
    }
    return { packet: { payload: payload ?? EMPTY, metadata } };
  } catch (e) {
    if (e === UNSUPPORTED) return undefined;
    throw e;
  }
}

const EMPTY = new Uint8Array(0);

/**
 * `{ packet: { payload, metadata: [{ metadataId: ids[i], value: canonical(values[i]) }…] } }` encoded straight from
 * numbers (canonical byte strings per §8.3, 0 → one zero byte): the same bytes as encodePacketStreamMessage of
 * that object, without building it. For the per-packet PacketIn (switch) and PacketOut (agent).
 * @example
 * encodePacketWithMetadata(frame, [1, 2, 3], [reason, vni, ingressPort]);
 */
export function encodePacketWithMetadata(payload: Uint8Array, ids: readonly number[], values: readonly number[]): Uint8Array {
  let rest = 0;
  for (let i = 0; i < ids.length; i++) {
    const len = canonicalLength(values[i]);
    const s = 1 + varintSize(ids[i]) + 1 + varintSize(len) + len;
    rest += 1 + varintSize(s) + s;
  }
  const buf = allocBytes(packetSize(payload, rest));
  let pos = writePacketHead(buf, payload, rest);
  for (let i = 0; i < ids.length; i++) {
    let v = values[i];
    const len = canonicalLength(v);
    buf[pos++] = (2 << 3) | 2;
    pos = writeVarint(buf, pos, 1 + varintSize(ids[i]) + 1 + varintSize(len) + len);
    buf[pos++] = 1 << 3;
    pos = writeVarint(buf, pos, ids[i]);
    buf[pos++] = (2 << 3) | 2;
    pos = writeVarint(buf, pos, len);
    for (let j = len - 1; j >= 0; j--) {
      buf[pos + j] = v % 256;
      v = Math.floor(v / 256);
    }
    pos += len;
  }
  return buf;
}

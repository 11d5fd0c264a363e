import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { p4Type } from '../../../switch-agent/proto/p4runtime-schema';
import { decodePacketStreamMessage, encodePacketStreamMessage, encodePacketWithMetadata } from '../../../switch-agent/p4runtime/fast-stream-codec';
import type { PacketMsg } from '../../../switch-agent/p4runtime/p4runtime-messages';

const VECTORS = '/work/shared/p4runtime-vectors/';
const REQ = p4Type('p4.v1.StreamMessageRequest');
const RES = p4Type('p4.v1.StreamMessageResponse');

interface Vector { name: string; type: string; file: string; message: { packet: { payload: string; metadata: { metadataId: number; value: string }[] } } }
const vectors = (JSON.parse(readFileSync(`${VECTORS}vectors.json`, 'utf8')) as Vector[]).filter((v) => v.name.startsWith('packet-'));

function fromJson(v: Vector): { packet: PacketMsg } {
  const p = v.message.packet;
  return {
    packet: {
      payload: new Uint8Array(Buffer.from(p.payload, 'base64')),
      metadata: p.metadata.map((m) => ({ metadataId: m.metadataId, value: new Uint8Array(Buffer.from(m.value, 'base64')) })),
    },
  };
}

function hex(b: Uint8Array | undefined): string | undefined {
  return b && Buffer.from(b).toString('hex');
}

/** protobufjs' decode as plain JSON (hex bytes, metadataId as number, defaults filled). */
function viaProtobufjs(type: typeof REQ, bytes: Uint8Array): unknown {
  const o = type.toObject(type.decode(bytes), { defaults: true, arrays: true }) as { packet?: PacketMsg };
  return o.packet && { payload: hex(o.packet.payload), metadata: (o.packet.metadata ?? []).map((m) => ({ metadataId: m.metadataId, value: hex(m.value) })) };
}

function viaFast(bytes: Uint8Array): unknown {
  const o = decodePacketStreamMessage(bytes);
  return o && { payload: hex(o.packet.payload), metadata: (o.packet.metadata ?? []).map((m) => ({ metadataId: m.metadataId, value: hex(m.value) })) };
}

function randomPackets(seed: number, n: number): { packet: PacketMsg }[] {
  let s = seed;
  const r = (m: number): number => ((s = (Math.imul(s, 1103515245) + 12345) >>> 0) % m);
  const bytes = (len: number): Uint8Array => Uint8Array.from({ length: len }, () => r(256));
  return Array.from({ length: n }, () => ({
    packet: {
      payload: bytes(r(3) === 0 ? r(300) : r(20)),
      metadata: Array.from({ length: r(4) }, () => ({ metadataId: r(2) ? r(8) : r(0x7fffffff) * 2, value: bytes(r(7)) })),
    },
  }));
}

describe('fast StreamChannel packet codec agrees with protobufjs and the official vectors', () => {
  it('has both packet vectors', () => {
    expect(vectors.map((v) => v.name).sort()).toEqual(['packet-in-miss', 'packet-out']);
  });

  for (const v of vectors) {
    it(`encodes ${v.name} to exactly the vector's bytes`, () => {
      expect(hex(encodePacketStreamMessage(fromJson(v)))).toBe(readFileSync(VECTORS + v.file).toString('hex'));
    });
    it(`decodes ${v.name} to what protobufjs decodes`, () => {
      const bytes = new Uint8Array(readFileSync(VECTORS + v.file));
      const type = v.type === 'p4.v1.StreamMessageRequest' ? REQ : RES;
      expect(viaFast(bytes)).toEqual(viaProtobufjs(type, bytes));
      expect(viaFast(bytes)).toBeDefined();
    });
  }

  it('encodes random packets byte for byte as protobufjs does (request and response) and decodes them back', () => {
    for (const msg of randomPackets(7, 400)) {
      const fast = encodePacketStreamMessage(msg);
      expect(hex(fast)).toBe(hex(REQ.encode(REQ.fromObject(msg)).finish()));
      expect(hex(fast)).toBe(hex(RES.encode(RES.fromObject(msg)).finish()));
      expect(viaFast(fast!)).toEqual(viaProtobufjs(REQ, fast!));
    }
  });

  it('keeps an empty payload and zero-valued metadata ids on the wire as protobufjs does', () => {
    const msg = { packet: { payload: new Uint8Array(0), metadata: [{ metadataId: 0, value: new Uint8Array([0]) }] } };
    expect(hex(encodePacketStreamMessage(msg))).toBe(hex(REQ.encode(REQ.fromObject(msg)).finish()));
  });

  it('leaves every other message to protobufjs', () => {
    const arbitration = REQ.encode(REQ.fromObject({ arbitration: { deviceId: '1', electionId: { low: '10' } } })).finish();
    expect(decodePacketStreamMessage(arbitration)).toBeUndefined();
    expect(decodePacketStreamMessage(new Uint8Array(readFileSync(`${VECTORS}idle-timeout-notification.bin`)))).toBeUndefined();
    expect(encodePacketStreamMessage({ arbitration: {} })).toBeUndefined();
    expect(encodePacketStreamMessage({ packet: { payload: new Uint8Array(1) }, other: {} } as never)).toBeUndefined();
    expect(encodePacketStreamMessage({ packet: { payload: 'AQ==' as never } })).toBeUndefined();
    expect(encodePacketStreamMessage({ packet: { payload: new Uint8Array(1), metadata: [{ metadataId: -1, value: new Uint8Array(1) }] } })).toBeUndefined();
  });

  it('falls back on unknown fields, a second oneof member, and truncation', () => {
    const packet = encodePacketStreamMessage({ packet: { payload: new Uint8Array([1, 2]), metadata: [{ metadataId: 1, value: new Uint8Array([3]) }] } })!;
    // A later arbitration field in the same message wins the oneof in protobuf: not ours to decide.
    const withArbitration = new Uint8Array([...packet, 0x0a, 0x02, 0x08, 0x01]);
    expect(decodePacketStreamMessage(withArbitration)).toBeUndefined();
    expect(REQ.decode(withArbitration).toJSON()).toHaveProperty('arbitration');
    // An unknown field inside PacketOut (field 3, varint).
    const unknown = new Uint8Array([0x12, packet[1] + 2, ...packet.subarray(2), 0x18, 0x01]);
    expect(decodePacketStreamMessage(unknown)).toBeUndefined();
    expect(decodePacketStreamMessage(packet.subarray(0, packet.length - 1))).toBeUndefined();
  });
});

describe('encodePacketWithMetadata (numbers → canonical byte strings)', () => {
  function canonical(v: number): Uint8Array {
    const out: number[] = [];
    do {
      out.unshift(v % 256);
      v = Math.floor(v / 256);
    } while (v > 0);
    return Uint8Array.from(out);
  }

  it('gives the bytes protobufjs gives for the same PacketIn / PacketOut object', () => {
    for (const msg of randomPackets(11, 200)) {
      const ids = (msg.packet.metadata ?? []).map((m) => m.metadataId);
      const values = ids.map((_, i) => [0, 1, 255, 256, 0x5a3c1e, 0xffffffff, 2 ** 40][(i * 7 + msg.packet.payload.length) % 7]);
      const object = { packet: { payload: msg.packet.payload, metadata: ids.map((id, i) => ({ metadataId: id, value: canonical(values[i]) })) } };
      expect(hex(encodePacketWithMetadata(msg.packet.payload, ids, values))).toBe(hex(RES.encode(RES.fromObject(object)).finish()));
    }
  });
});

describe('encodePacketStreamMessage with a frozen (constant) metadata list', () => {
  it('gives the same bytes as protobufjs, for many payloads against one cached header', () => {
    const metadata = Object.freeze([{ metadataId: 1, value: Uint8Array.of(0) }, { metadataId: 2, value: Uint8Array.of(0) }]);
    for (const msg of randomPackets(5, 100)) {
      const object = { packet: { payload: msg.packet.payload, metadata: metadata as unknown as PacketMsg['metadata'] } };
      expect(hex(encodePacketStreamMessage(object))).toBe(hex(REQ.encode(REQ.fromObject({ packet: { payload: msg.packet.payload, metadata: [...metadata] } })).finish()));
    }
  });
});

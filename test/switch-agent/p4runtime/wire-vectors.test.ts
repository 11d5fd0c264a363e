import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { p4Type, PROTO3_JSON_OPTIONS } from '../../../switch-agent/proto/p4runtime-schema';

// Messages encoded with the official P4Runtime schema (see ../shared/p4runtime-vectors/README.md).
const VECTOR_DIR = '/work/shared/p4runtime-vectors/';

interface WireVector {
  name: string;
  type: string;
  file: string;
  message: Record<string, unknown>;
}

const vectors: WireVector[] = JSON.parse(readFileSync(VECTOR_DIR + 'vectors.json', 'utf8'));

describe('P4Runtime .proto files are wire-compatible with the official schema', () => {
  it('has vectors to check', () => {
    expect(vectors.length).toBeGreaterThanOrEqual(13);
  });

  for (const vector of vectors) {
    it(`decodes ${vector.name} (${vector.type}) to exactly its message`, () => {
      const type = p4Type(vector.type);
      const decoded = type.decode(readFileSync(VECTOR_DIR + vector.file));
      expect(type.toObject(decoded, PROTO3_JSON_OPTIONS)).toEqual(vector.message);
    });

    it(`encodes the message of ${vector.name} to exactly its bytes`, () => {
      const type = p4Type(vector.type);
      const bytes = Buffer.from(type.encode(type.fromObject(vector.message)).finish());
      expect(bytes.toString('hex')).toBe(readFileSync(VECTOR_DIR + vector.file).toString('hex'));
    });
  }

  it('keeps unset fields off the wire', () => {
    const type = p4Type('p4.v1.Uint128');
    expect(Buffer.from(type.encode(type.fromObject({ low: '10' })).finish()).toString('hex')).toBe('100a');
  });

  it('uses the specification field numbers for the messages we depend on', () => {
    const entry = p4Type('p4.v1.TableEntry');
    expect(entry.fields.idleTimeoutNs.id).toBe(9);
    expect(entry.fields.timeSinceLastHit.id).toBe(10);
    expect(entry.fields.counterData.id).toBe(7);
    expect(p4Type('p4.v1.StreamMessageResponse').fields.idleTimeoutNotification.id).toBe(4);
    expect(p4Type('p4.config.v1.P4Info').fields.controllerPacketMetadata.id).toBe(9);
    expect(p4Type('p4.config.v1.Table').fields.idleTimeoutBehavior.id).toBe(9);
    expect(p4Type('google.rpc.Status').fields.details.id).toBe(3);
  });
});

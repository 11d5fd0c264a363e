import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { p4Type } from '../../../switch-agent/proto/p4runtime-schema';
import { decodeWriteRequestFast } from '../../../switch-agent/p4runtime/fast-write-decode';
import { encodeWriteRequestFast } from '../../../switch-agent/p4runtime/fast-write-encode';
import type { UpdateMsg } from '../../../switch-agent/p4runtime/p4runtime-messages';

const W = p4Type('p4.v1.WriteRequest');
const VECTORS = '/work/shared/p4runtime-vectors/';

/** protobufjs' view and the fast view compared as plain JSON (numbers for 64-bit, hex for bytes). */
function normalize(value: unknown): unknown {
  if (value instanceof Uint8Array) return Buffer.from(value).toString('hex');
  if (Array.isArray(value)) return value.map(normalize);
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) if (v !== null && v !== undefined) out[k] = normalize(v);
    return out;
  }
  return value;
}

function viaProtobufjs(bytes: Uint8Array): unknown {
  return normalize(W.toObject(W.decode(bytes), { longs: Number, defaults: true, arrays: true }));
}

/** FastBits {valueNum, valueLen} back to the byte string it was read from. */
function unfast(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(unfast);
  if (value && typeof value === 'object') {
    const o = value as Record<string, unknown>;
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(o)) if (k !== 'valueNum' && k !== 'valueLen') out[k] = unfast(v);
    if (typeof o.valueNum === 'number') {
      const b = new Uint8Array(o.valueLen as number);
      for (let i = b.length - 1, v = o.valueNum; i >= 0; i--, v = Math.floor(v / 256)) b[i] = v % 256;
      out.value = b;
    }
    return out;
  }
  return value;
}

function viaFast(bytes: Uint8Array): unknown {
  const fast = decodeWriteRequestFast(bytes);
  if (!fast) return undefined;
  const r = unfast(fast);
  // Fill the defaults protobufjs reports with defaults: true, for a like-for-like comparison.
  const full = W.toObject(W.fromObject(r as never), { longs: Number, defaults: true, arrays: true });
  return normalize(full);
}

function randomUpdates(seed: number, n: number): UpdateMsg[] {
  let s = seed;
  const r = (m: number): number => ((s = (Math.imul(s, 1103515245) + 12345) >>> 0) % m);
  const bytes = (len: number): Uint8Array => Uint8Array.from({ length: len }, () => r(256));
  const out: UpdateMsg[] = [];
  for (let i = 0; i < n; i++) {
    const kind = r(3);
    const type = (['INSERT', 'MODIFY', 'DELETE'] as const)[r(3)];
    if (kind === 0) {
      out.push({
        type,
        entity: {
          tableEntry: {
            tableId: 44766036,
            match: [1, 2, 3, 4, 5, 6].map((fieldId) => ({ fieldId, exact: { value: bytes(1 + r(4)) } })),
            action: { action: { actionId: 25232612, params: [{ paramId: 1, value: bytes(4) }] } },
            ...(r(2) ? { idleTimeoutNs: String(r(2) ? 10_000_000_000 : r(1000)) } : {}),
          },
        },
      });
    } else if (kind === 1) {
      out.push({
        type,
        entity: {
          tableEntry: {
            tableId: 35391622,
            match: r(4) ? [{ fieldId: 1, lpm: { value: bytes(4), prefixLen: 1 + r(32) } }] : [],
            action: { action: { actionId: 23604560, params: [{ paramId: 1, value: bytes(1) }, { paramId: 2, value: bytes(6) }] } },
            ...(r(3) === 0 ? { isDefaultAction: r(2) === 0 } : {}),
          },
        },
      });
    } else {
      out.push({
        type,
        entity: {
          tableEntry: {
            tableId: 41025189,
            match: [{ fieldId: 1, exact: { value: bytes(3) } }],
            ...(r(2) ? { action: { action: { actionId: 19020429 } } } : {}),
            ...(r(2) ? { counterData: { packetCount: String(r(1e6)), byteCount: r(1e9) } } : {}),
            ...(r(4) === 0 ? { priority: r(10) } : {}),
          },
        },
      });
    }
  }
  return out;
}

describe('fast WriteRequest codec agrees with protobufjs byte for byte', () => {
  for (const name of ['write-insert-session', 'write-batch-modify-delete']) {
    it(`decodes and re-encodes the ${name} vector`, () => {
      const bin = readFileSync(`${VECTORS}${name}.bin`);
      expect(viaFast(bin)).toEqual(viaProtobufjs(bin));
      const msg = W.toObject(W.decode(bin), { longs: String, enums: String });
      expect(Buffer.from(encodeWriteRequestFast(msg as never)!).toString('hex')).toBe(bin.toString('hex'));
    });
  }

  it('encodes and decodes random batches exactly as protobufjs does', () => {
    for (let seed = 1; seed <= 30; seed++) {
      const req = { deviceId: String(seed), electionId: { high: '0', low: String(seed * 7) }, updates: randomUpdates(seed, 25), ...(seed % 3 ? {} : { atomicity: 0 }) };
      const reference = W.encode(W.fromObject(req)).finish();
      const fast = encodeWriteRequestFast(req);
      expect(Buffer.from(fast!).toString('hex')).toBe(Buffer.from(reference).toString('hex'));
      expect(viaFast(reference)).toEqual(viaProtobufjs(reference));
    }
  });

  it('declines what it does not cover (ternary keys, entry metadata, unknown fields), so protobufjs is used', () => {
    const ternary: UpdateMsg = { type: 'INSERT', entity: { tableEntry: { tableId: 1, match: [{ fieldId: 1, ternary: { value: Uint8Array.of(1), mask: Uint8Array.of(1) } }] } } };
    expect(encodeWriteRequestFast({ updates: [ternary] })).toBeUndefined();
    const withMetadata = W.encode(W.fromObject({ updates: [{ type: 1, entity: { tableEntry: { tableId: 1, metadata: Uint8Array.of(7) } } }] })).finish();
    expect(decodeWriteRequestFast(withMetadata)).toBeUndefined();
    expect(decodeWriteRequestFast(Uint8Array.of(0x08, 0x80))).toBeUndefined(); // truncated varint
    const wide = W.encode(W.fromObject({ updates: [{ type: 1, entity: { tableEntry: { tableId: 1, match: [{ fieldId: 1, exact: { value: new Uint8Array(7) } }] } } }] })).finish();
    expect(decodeWriteRequestFast(wide)).toBeUndefined(); // > 6 bytes: left to protobufjs
    expect(decodeWriteRequestFast(W.encode(W.fromObject({ role: 'x' })).finish())).toBeUndefined();
  });
});

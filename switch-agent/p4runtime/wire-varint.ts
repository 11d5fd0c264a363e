/**
 * Protobuf wire-format primitives shared by the hand-written codecs (fast-*.ts): varint sizes, writers and
 * readers for non-negative integers up to 2^53 as plain numbers (no BigInt on the hot path).
 */

/**
 * Bytes a base-128 varint of `v` takes.
 * @example
 * varintSize(300); // 2
 */
export function varintSize(v: number): number {
  let n = 1;
  while (v >= 128) {
    v = Math.floor(v / 128);
    n++;
  }
  return n;
}

/**
 * Writes `v` as a base-128 varint at `pos`; returns the position after it.
 * @example
 * const end = writeVarint(buf, 0, 300); // buf[0] = 0xac, buf[1] = 0x02, end = 2
 */
export function writeVarint(buf: Uint8Array, pos: number, v: number): number {
  while (v >= 128) {
    buf[pos++] = (v % 128) | 0x80;
    v = Math.floor(v / 128);
  }
  buf[pos++] = v;
  return pos;
}

/**
 * Length of the canonical (P4Runtime: no leading zero bytes) big-endian byte string of `v`; 0 takes one byte.
 * @example
 * canonicalLength(0x0a000001); // 4
 */
export function canonicalLength(v: number): number {
  let n = 1;
  while (v >= 256) {
    v = Math.floor(v / 256);
    n++;
  }
  return n;
}

/** Thrown by the readers (and the fast decoders) for input they leave to protobufjs; never escapes a decoder. */
export const WIRE_UNSUPPORTED: unknown = Object.freeze({ unsupported: true });

/** A read position in a message's bytes. */
export interface WireCursor {
  buf: Uint8Array;
  pos: number;
}

/**
 * Reads a base-128 varint at `c.pos` (before `end`) and moves past it. Anything past 10 bytes, past `end` or
 * above 2^53 throws WIRE_UNSUPPORTED.
 * @example
 * readVarint({ buf: Uint8Array.of(0xac, 0x02), pos: 0 }, 2); // 300
 */
export function readVarint(c: WireCursor, end: number): number {
  let result = 0;
  let mul = 1;
  for (let i = 0; i < 10; i++) {
    if (c.pos >= end) throw WIRE_UNSUPPORTED;
    const b = c.buf[c.pos++];
    result += (b & 0x7f) * mul;
    if (b < 0x80) {
      if (result > Number.MAX_SAFE_INTEGER) throw WIRE_UNSUPPORTED;
      return result;
    }
    mul *= 128;
  }
  throw WIRE_UNSUPPORTED;
}

/**
 * Reads a length prefix at `c.pos`; returns where the field it prefixes ends (throws when that is past `end`).
 * @example
 * readLength({ buf: Uint8Array.of(3, 1, 2, 3), pos: 0 }, 4); // 4
 */
export function readLength(c: WireCursor, end: number): number {
  const len = readVarint(c, end);
  if (c.pos + len > end) throw WIRE_UNSUPPORTED;
  return c.pos + len;
}

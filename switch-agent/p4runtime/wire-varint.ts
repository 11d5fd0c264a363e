/**
 * Protobuf wire-format primitives shared by the hand-written codecs (fast-*.ts): non-negative integers up to
 * 2^53 as plain numbers (no BigInt on the hot path).
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

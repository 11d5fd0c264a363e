/**
 * P4Runtime byte strings (P4Runtime spec §8.3): an unsigned value of a `bit<W>` field travels as a protobuf
 * `bytes`, big-endian. The canonical form is the shortest string that holds the value — no leading zero
 * bytes, and zero is the single byte 0x00 (an empty string is never valid). A receiver accepts longer
 * strings whose extra leading bytes are zero, but the value must fit in W bits (else OUT_OF_RANGE).
 */

/**
 * What a caller may give for a `bit<W>` value.
 *
 * @example
 * encodeBitValue('10.0.1.2' satisfies BitValueInput, 32, 'node_ip');
 */
export type BitValueInput = number | bigint | string | Uint8Array;

/**
 * A value that does not fit the field, a malformed literal, or a non-canonical byte string where a
 * canonical one is required. `field` names the table field, action parameter or metadata field.
 *
 * @example
 * try { encodeBitValue(0x1ff, 8, 'hdr.ipv4.protocol'); } catch (e) { (e as P4ValueError).field; }
 */
export class P4ValueError extends Error {
  constructor(
    readonly field: string,
    readonly reason: string,
  ) {
    super(`${field}: ${reason}`);
    this.name = 'P4ValueError';
  }
}

const IPV4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;
const MAC = /^([0-9A-Fa-f]{2})([:-])([0-9A-Fa-f]{2})\2([0-9A-Fa-f]{2})\2([0-9A-Fa-f]{2})\2([0-9A-Fa-f]{2})\2([0-9A-Fa-f]{2})$/;

/**
 * Parses a dotted-quad IPv4 address into its 32-bit value.
 *
 * @example
 * ipv4ToBigInt('10.0.1.2'); // 0x0a000102n
 */
export function ipv4ToBigInt(text: string, field = 'ipv4'): bigint {
  const m = IPV4.exec(text);
  if (!m) throw new P4ValueError(field, `"${text}" is not a dotted-quad IPv4 address`);
  let v = 0n;
  for (const part of m.slice(1, 5)) {
    const n = Number(part);
    if (n > 255) throw new P4ValueError(field, `"${text}" has an octet above 255`);
    v = (v << 8n) | BigInt(n);
  }
  return v;
}

/**
 * Parses a MAC address (`aa:bb:cc:dd:ee:ff` or with `-`) into its 48-bit value.
 *
 * @example
 * macToBigInt('00:00:00:00:01:02'); // 0x0102n
 */
export function macToBigInt(text: string, field = 'mac'): bigint {
  const m = MAC.exec(text);
  if (!m) throw new P4ValueError(field, `"${text}" is not a MAC address (aa:bb:cc:dd:ee:ff)`);
  return BigInt(`0x${[m[1], m[3], m[4], m[5], m[6], m[7]].join('')}`);
}

/**
 * Formats a 32-bit value as dotted-quad IPv4.
 *
 * @example
 * formatIpv4(0x0a000102); // '10.0.1.2'
 */
export function formatIpv4(value: number | bigint): string {
  const v = BigInt(value);
  return [24n, 16n, 8n, 0n].map((s) => String((v >> s) & 0xffn)).join('.');
}

/**
 * Formats a 48-bit value as a colon-separated MAC address.
 *
 * @example
 * formatMac(0x0102); // '00:00:00:00:01:02'
 */
export function formatMac(value: number | bigint): string {
  const hex = BigInt(value).toString(16).padStart(12, '0');
  return hex.match(/../g)!.join(':');
}

/**
 * Big-endian bytes → unsigned integer.
 *
 * @example
 * bytesToBigInt(Uint8Array.of(1, 0)); // 256n
 */
export function bytesToBigInt(bytes: Uint8Array): bigint {
  let v = 0n;
  for (const b of bytes) v = (v << 8n) | BigInt(b);
  return v;
}

/**
 * Turns any accepted input into an unsigned integer, checking it fits `bitwidth` bits.
 * Strings may be decimal, `0x` hex, dotted-quad IPv4 (only for 32-bit fields) or a MAC (only for 48-bit fields).
 *
 * @example
 * toBitValue('10.0.1.2', 32, 'node_ip'); // 167772418n
 */
export function toBitValue(input: BitValueInput, bitwidth: number, field: string): bigint {
  let v: bigint;
  if (input instanceof Uint8Array) {
    if (input.length === 0) throw new P4ValueError(field, 'empty byte string (P4Runtime §8.3 requires at least one byte)');
    v = bytesToBigInt(input);
  } else if (typeof input === 'bigint') {
    v = input;
  } else if (typeof input === 'number') {
    if (!Number.isSafeInteger(input)) throw new P4ValueError(field, `${input} is not a safe integer (use a bigint)`);
    v = BigInt(input);
  } else if (typeof input === 'string') {
    if (IPV4.test(input)) {
      if (bitwidth !== 32) throw new P4ValueError(field, `an IPv4 address needs a 32-bit field, this one is ${bitwidth} bits`);
      v = ipv4ToBigInt(input, field);
    } else if (MAC.test(input)) {
      if (bitwidth !== 48) throw new P4ValueError(field, `a MAC address needs a 48-bit field, this one is ${bitwidth} bits`);
      v = macToBigInt(input, field);
    } else if (/^(0[xX][0-9A-Fa-f]+|[0-9]+)$/.test(input)) {
      v = BigInt(input);
    } else {
      throw new P4ValueError(field, `"${input}" is not a number, 0x-hex, IPv4 or MAC literal`);
    }
  } else {
    throw new P4ValueError(field, `unsupported value type ${typeof input}`);
  }
  if (v < 0n) throw new P4ValueError(field, `${v} is negative; bit<${bitwidth}> is unsigned`);
  if (v >> BigInt(bitwidth) !== 0n) {
    throw new P4ValueError(field, `0x${v.toString(16)} does not fit in ${bitwidth} bits`);
  }
  return v;
}

/**
 * The canonical byte string of an unsigned value: big-endian, shortest, zero → one 0x00 byte.
 *
 * @example
 * canonicalBytes(0x5a3c1en); // Uint8Array [0x5a, 0x3c, 0x1e]
 * canonicalBytes(0n);        // Uint8Array [0x00]
 */
export function canonicalBytes(value: bigint): Uint8Array {
  if (value === 0n) return Uint8Array.of(0);
  if (value > 0n && value <= MAX_SAFE) return canonicalBytesOfNumber(Number(value));
  const out: number[] = [];
  for (let v = value; v > 0n; v >>= 8n) out.unshift(Number(v & 0xffn));
  return Uint8Array.from(out);
}

const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);

/** canonicalBytes for a non-negative safe integer without BigInt (the slow path encodes five such fields per session). */
function canonicalBytesOfNumber(value: number): Uint8Array {
  let n = 1;
  for (let v = value; v >= 256; v = Math.floor(v / 256)) n++;
  const out = new Uint8Array(n);
  for (let i = n - 1, v = value; i >= 0; i--, v = Math.floor(v / 256)) out[i] = v % 256;
  return out;
}

/** A number or dotted-quad input that plainly fits `bitwidth` (≤ 53) bits, as a number; undefined → the general path. */
function smallValue(input: BitValueInput, bitwidth: number): number | undefined {
  if (bitwidth > 53) return undefined;
  let v: number;
  if (typeof input === 'number') {
    if (!Number.isSafeInteger(input) || input < 0) return undefined;
    v = input;
  } else if (typeof input === 'string' && bitwidth === 32) {
    const m = IPV4.exec(input);
    if (!m) return undefined;
    const a = Number(m[1]), b = Number(m[2]), c = Number(m[3]), d = Number(m[4]);
    if (a > 255 || b > 255 || c > 255 || d > 255) return undefined;
    v = ((a * 256 + b) * 256 + c) * 256 + d;
  } else {
    return undefined;
  }
  return v < 2 ** bitwidth ? v : undefined;
}

/**
 * Validates and encodes a value for a `bit<bitwidth>` field into its canonical byte string.
 *
 * @example
 * encodeBitValue('10.1.0.11', 32, 'hdr.inner_ipv4.src_addr'); // [0x0a, 0x01, 0x00, 0x0b]
 * encodeBitValue(9, 9, 'port');                               // [0x09]
 */
export function encodeBitValue(input: BitValueInput, bitwidth: number, field: string): Uint8Array {
  const small = smallValue(input, bitwidth);
  if (small !== undefined) return small === 0 ? Uint8Array.of(0) : canonicalBytesOfNumber(small);
  return canonicalBytes(toBitValue(input, bitwidth, field));
}

/**
 * Decodes a received byte string for a `bit<bitwidth>` field (Uint8Array, or base64 as in proto3 JSON),
 * accepting extra leading zero bytes as §8.3 requires of receivers; rejects empty strings and values
 * wider than the field.
 *
 * @example
 * decodeBitValue('Wjwe', 24, 'hdr.vxlan.vni'); // 0x5a3c1en
 */
export function decodeBitValue(bytes: Uint8Array | string, bitwidth: number, field: string): bigint {
  const raw = typeof bytes === 'string' ? Uint8Array.from(Buffer.from(bytes, 'base64')) : bytes;
  return toBitValue(raw, bitwidth, field);
}

/**
 * True when `bytes` is already canonical (non-empty, no leading zero byte unless it is the single 0x00).
 *
 * @example
 * isCanonical(Uint8Array.of(0, 9)); // false
 */
export function isCanonical(bytes: Uint8Array): boolean {
  return bytes.length === 1 || (bytes.length > 1 && bytes[0] !== 0);
}

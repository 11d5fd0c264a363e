/** IPv4 and MAC address text ↔ numbers/bytes, with errors as values. */

/** A failed address conversion: which input and why. */
export interface AddressError {
  ok: false;
  field: string;
  reason: string;
}

const IPV4_RE = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;
const MAC_RE = /^([0-9a-fA-F]{2})(?::([0-9a-fA-F]{2})){5}$/;

/**
 * Parses dotted-quad IPv4 text into an unsigned 32-bit integer.
 * @example
 * parseIpv4('10.0.0.1'); // { ok: true, value: 167772161 }
 * parseIpv4('10.0.0.256', 'dst'); // { ok: false, field: 'dst', reason: 'octet 4 is 256, above 255' }
 */
export function parseIpv4(text: string, field = 'ipv4'): { ok: true; value: number } | AddressError {
  const m = IPV4_RE.exec(text);
  if (!m) return { ok: false, field, reason: `'${text}' is not a dotted-quad IPv4 address` };
  let value = 0;
  for (let i = 1; i <= 4; i++) {
    const octet = Number(m[i]);
    if (octet > 255) return { ok: false, field, reason: `octet ${i} is ${octet}, above 255` };
    value = value * 256 + octet;
  }
  return { ok: true, value };
}

/**
 * IPv4 text → unsigned 32-bit integer, for inputs known to be valid (tests, constants); invalid text gives NaN.
 * @example
 * ipv4ToU32('192.168.0.4'); // 3232235524
 */
export function ipv4ToU32(text: string): number {
  const r = parseIpv4(text);
  return r.ok ? r.value : Number.NaN;
}

/**
 * Unsigned 32-bit integer → dotted-quad IPv4 text.
 * @example
 * u32ToIpv4(167772161); // '10.0.0.1'
 */
export function u32ToIpv4(value: number): string {
  return `${(value >>> 24) & 0xff}.${(value >>> 16) & 0xff}.${(value >>> 8) & 0xff}.${value & 0xff}`;
}

/**
 * Parses a colon-separated MAC address into 6 bytes.
 * @example
 * parseMac('02:00:00:00:00:01'); // { ok: true, value: Uint8Array [2, 0, 0, 0, 0, 1] }
 */
export function parseMac(text: string, field = 'mac'): { ok: true; value: Uint8Array } | AddressError {
  if (!MAC_RE.test(text)) return { ok: false, field, reason: `'${text}' is not a MAC address like 02:00:00:00:00:01` };
  return { ok: true, value: Uint8Array.from(text.split(':').map((h) => parseInt(h, 16))) };
}

/**
 * 6 bytes at `offset` → colon-separated lowercase MAC text.
 * @example
 * formatMac(new Uint8Array([2, 0, 0, 0, 0, 1])); // '02:00:00:00:00:01'
 */
export function formatMac(bytes: Uint8Array, offset = 0): string {
  const parts: string[] = [];
  for (let i = 0; i < 6; i++) parts.push(bytes[offset + i].toString(16).padStart(2, '0'));
  return parts.join(':');
}

/**
 * A 48-bit MAC held as a number (exact: < 2^53) → 6 bytes written at `offset`.
 * @example
 * writeMacNumber(frame, 0, 0x020000000001);
 */
export function writeMacNumber(bytes: Uint8Array, offset: number, mac: number): void {
  const high = Math.floor(mac / 0x100000000);
  const low = mac >>> 0;
  bytes[offset] = (high >>> 8) & 0xff;
  bytes[offset + 1] = high & 0xff;
  bytes[offset + 2] = (low >>> 24) & 0xff;
  bytes[offset + 3] = (low >>> 16) & 0xff;
  bytes[offset + 4] = (low >>> 8) & 0xff;
  bytes[offset + 5] = low & 0xff;
}

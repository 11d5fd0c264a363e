/** Big-endian (network order) reads and writes on Uint8Array without allocating a DataView per packet. */

/**
 * Reads an unsigned 16-bit big-endian integer.
 * @example
 * readU16(new Uint8Array([0x12, 0xb5]), 0); // 4789
 */
export function readU16(bytes: Uint8Array, offset: number): number {
  return (bytes[offset] << 8) | bytes[offset + 1];
}

/**
 * Reads an unsigned 24-bit big-endian integer (e.g. a VXLAN VNI).
 * @example
 * readU24(new Uint8Array([0x5a, 0x3c, 0x1e]), 0); // 5913630
 */
export function readU24(bytes: Uint8Array, offset: number): number {
  return (bytes[offset] << 16) | (bytes[offset + 1] << 8) | bytes[offset + 2];
}

/**
 * Reads an unsigned 32-bit big-endian integer (e.g. an IPv4 address).
 * @example
 * readU32(new Uint8Array([10, 0, 0, 1]), 0); // 167772161
 */
export function readU32(bytes: Uint8Array, offset: number): number {
  return ((bytes[offset] << 24) | (bytes[offset + 1] << 16) | (bytes[offset + 2] << 8) | bytes[offset + 3]) >>> 0;
}

/**
 * Writes an unsigned 16-bit big-endian integer.
 * @example
 * writeU16(buf, 36, 4789);
 */
export function writeU16(bytes: Uint8Array, offset: number, value: number): void {
  bytes[offset] = (value >>> 8) & 0xff;
  bytes[offset + 1] = value & 0xff;
}

/**
 * Writes an unsigned 24-bit big-endian integer.
 * @example
 * writeU24(buf, 46, vni);
 */
export function writeU24(bytes: Uint8Array, offset: number, value: number): void {
  bytes[offset] = (value >>> 16) & 0xff;
  bytes[offset + 1] = (value >>> 8) & 0xff;
  bytes[offset + 2] = value & 0xff;
}

/**
 * Writes an unsigned 32-bit big-endian integer.
 * @example
 * writeU32(buf, 30, ipv4ToU32('10.0.0.2'));
 */
export function writeU32(bytes: Uint8Array, offset: number, value: number): void {
  bytes[offset] = (value >>> 24) & 0xff;
  bytes[offset + 1] = (value >>> 16) & 0xff;
  bytes[offset + 2] = (value >>> 8) & 0xff;
  bytes[offset + 3] = value & 0xff;
}

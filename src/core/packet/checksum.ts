/** Internet checksums (RFC 1071) for IPv4 headers and TCP/UDP, and the incremental update of RFC 1624. */
import { readU16, writeU16 } from './byte-order';

/**
 * One's-complement sum of 16-bit big-endian words of bytes[offset, offset + length), folded to 16 bits,
 * starting from `initial` (for pseudo-headers). An odd trailing byte is padded with zero.
 * @example
 * onesComplementSum(header, 14, 20); // sum over the IPv4 header words
 */
export function onesComplementSum(bytes: Uint8Array, offset: number, length: number, initial = 0): number {
  let sum = initial;
  const end = offset + length - 1;
  let i = offset;
  for (; i < end; i += 2) sum += (bytes[i] << 8) | bytes[i + 1];
  if (i === end) sum += bytes[i] << 8;
  while (sum > 0xffff) sum = (sum & 0xffff) + (sum >>> 16);
  return sum;
}

/**
 * The IPv4 header checksum of the header at `offset` (the checksum field itself counted as zero).
 * @example
 * ipv4HeaderChecksum(frame, 14, 20); // e.g. 0xb861
 */
export function ipv4HeaderChecksum(bytes: Uint8Array, offset: number, headerLength: number): number {
  const stored = readU16(bytes, offset + 10);
  const sum = onesComplementSum(bytes, offset, headerLength);
  // Subtract the stored checksum from the sum rather than zeroing it, so the input stays untouched.
  let without = sum + (~stored & 0xffff);
  while (without > 0xffff) without = (without & 0xffff) + (without >>> 16);
  return ~without & 0xffff;
}

/**
 * Recomputes the IPv4 header checksum in place (full recompute).
 * @example
 * writeIpv4HeaderChecksum(frame, 14, 20);
 */
export function writeIpv4HeaderChecksum(bytes: Uint8Array, offset: number, headerLength: number): void {
  bytes[offset + 10] = 0;
  bytes[offset + 11] = 0;
  writeU16(bytes, offset + 10, ~onesComplementSum(bytes, offset, headerLength) & 0xffff);
}

/**
 * True when the IPv4 header at `offset` carries a correct checksum.
 * @example
 * ipv4HeaderChecksumValid(frame, 14, 20); // true
 */
export function ipv4HeaderChecksumValid(bytes: Uint8Array, offset: number, headerLength: number): boolean {
  return onesComplementSum(bytes, offset, headerLength) === 0xffff;
}

/**
 * RFC 1624 eqn. 3 incremental update: the new checksum HC' = ~(~HC + ~m + m') after a 16-bit word of the
 * covered data changes from m to m'.
 * @example
 * const hc2 = checksumUpdate16(hc, oldWord, newWord);
 */
export function checksumUpdate16(checksum: number, oldWord: number, newWord: number): number {
  let sum = (~checksum & 0xffff) + (~oldWord & 0xffff) + (newWord & 0xffff);
  sum = (sum & 0xffff) + (sum >>> 16);
  sum = (sum & 0xffff) + (sum >>> 16);
  return ~sum & 0xffff;
}

/**
 * RFC 1624 incremental update for a 32-bit field (e.g. an IPv4 address) changing from oldValue to newValue.
 * @example
 * const hc2 = checksumUpdate32(hc, ipv4ToU32('10.0.0.9'), ipv4ToU32('10.0.0.2'));
 */
export function checksumUpdate32(checksum: number, oldValue: number, newValue: number): number {
  const c = checksumUpdate16(checksum, oldValue >>> 16, newValue >>> 16);
  return checksumUpdate16(c, oldValue & 0xffff, newValue & 0xffff);
}

/**
 * TCP/UDP checksum over the IPv4 pseudo-header (src, dst, zero, protocol, length) and the segment.
 * A UDP result of 0 is sent as 0xffff (RFC 768).
 * @example
 * l4Checksum(frame, innerIpv4Offset, l4Offset, l4Length, 6);
 */
export function l4Checksum(
  bytes: Uint8Array,
  ipv4Offset: number,
  l4Offset: number,
  l4Length: number,
  protocol: number,
): number {
  let pseudo = onesComplementSum(bytes, ipv4Offset + 12, 8);
  pseudo += protocol + l4Length;
  const sum = onesComplementSum(bytes, l4Offset, l4Length, pseudo);
  const result = ~sum & 0xffff;
  return protocol === 17 && result === 0 ? 0xffff : result;
}

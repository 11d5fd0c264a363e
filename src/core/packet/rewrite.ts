/**
 * In-place rewrites of a parsed frame, as the P4 actions do them: outer IPv4 destination (set_owner,
 * set_backend), TTL decrement, VXLAN reserved2 mark, next-hop MAC, outer UDP checksum zeroing and the
 * outer IPv4 checksum (incremental, RFC 1624, or full recompute). They keep `view` in step with the bytes.
 */
import { readU16, writeU16, writeU32 } from './byte-order';
import { checksumUpdate16, checksumUpdate32, writeIpv4HeaderChecksum } from './checksum';
import { writeMacNumber } from './addresses';
import type { ParsedFrame } from './frame-types';

/**
 * Rewrites the outer IPv4 destination and updates the header checksum incrementally (RFC 1624).
 * @example
 * setOuterDstAddr(frame, view, ipv4ToU32('10.0.0.2'));
 */
export function setOuterDstAddr(bytes: Uint8Array, view: ParsedFrame, dstAddr: number): void {
  const ip = view.ipv4Offset;
  const checksum = readU16(bytes, ip + 10);
  writeU32(bytes, ip + 16, dstAddr);
  writeU16(bytes, ip + 10, checksumUpdate32(checksum, view.dstAddr, dstAddr >>> 0));
  view.dstAddr = dstAddr >>> 0;
}

/**
 * Decrements the outer IPv4 TTL by one, updating the checksum incrementally; returns the new TTL.
 * @example
 * if (decrementTtl(frame, view) === 0) drop();
 */
export function decrementTtl(bytes: Uint8Array, view: ParsedFrame): number {
  const ip = view.ipv4Offset;
  const oldWord = readU16(bytes, ip + 8); // TTL (high byte) and protocol (low byte)
  const ttl = (bytes[ip + 8] - 1) & 0xff;
  bytes[ip + 8] = ttl;
  writeU16(bytes, ip + 10, checksumUpdate16(readU16(bytes, ip + 10), oldWord, readU16(bytes, ip + 8)));
  view.ttl = ttl;
  return ttl;
}

/**
 * Recomputes the outer IPv4 header checksum from scratch (what the P4 program's update_checksum does).
 * @example
 * recomputeOuterIpv4Checksum(frame, view);
 */
export function recomputeOuterIpv4Checksum(bytes: Uint8Array, view: ParsedFrame): void {
  writeIpv4HeaderChecksum(bytes, view.ipv4Offset, view.ipv4HeaderLength);
}

/**
 * Sets VXLAN reserved2 (1 = PIGGYCAR_SERVICED). Outer UDP checksum is zeroed by the pipeline anyway.
 * @example
 * setVxlanReserved2(frame, view, PIGGYCAR_SERVICED);
 */
export function setVxlanReserved2(bytes: Uint8Array, view: ParsedFrame, value: number): void {
  bytes[view.vxlanOffset + 7] = value & 0xff;
  view.vxlanReserved2 = value & 0xff;
}

/**
 * Sets the outer UDP checksum to 0 (no checksum; allowed for VXLAN over IPv4, RFC 7348 §5).
 * @example
 * zeroOuterUdpChecksum(frame, view);
 */
export function zeroOuterUdpChecksum(bytes: Uint8Array, view: ParsedFrame): void {
  if (view.udpOffset < 0) return;
  bytes[view.udpOffset + 6] = 0;
  bytes[view.udpOffset + 7] = 0;
}

/**
 * Rewrites the outer Ethernet addresses for the next hop (ipv4_forward: dst = next-hop MAC, src = old dst).
 * @example
 * setNextHopMac(frame, 0x020000000002);
 */
export function setNextHopMac(bytes: Uint8Array, dstMac: number): void {
  bytes.copyWithin(6, 0, 6);
  writeMacNumber(bytes, 0, dstMac);
}

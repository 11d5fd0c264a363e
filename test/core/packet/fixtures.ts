/**
 * Hand-checked frames (hex per header, checksums computed by hand / independently) used by the packet
 * library tests and the pipeline's STF-style vectors.
 */
import type { VxlanFrameDescription } from '../../../src/core/packet';

/** A VXLAN frame from VTEP 10.0.0.11 to switch 10.0.0.1, VNI 0x5a3c1e, inner TCP SYN 10.1.0.11:43512 → 10.96.0.20:9080. */
export const SESSION_FRAME: VxlanFrameDescription = {
  outer: { srcMac: '02:00:00:00:00:0a', dstMac: '02:00:00:00:00:01', srcIp: '10.0.0.11', dstIp: '10.0.0.1' },
  vxlan: { vni: 0x5a3c1e },
  inner: {
    srcMac: '02:00:00:00:01:01',
    dstMac: '02:00:00:00:02:02',
    srcIp: '10.1.0.11',
    dstIp: '10.96.0.20',
    protocol: 6,
    srcPort: 43512,
    dstPort: 9080,
  },
};

/** Inner frame bytes (unchanged by every switch): Ethernet / IPv4 (csum 0x2651) / TCP SYN (csum 0xcdf2). */
export const INNER_HEX =
  '020000000202' + '020000000101' + '0800' + // inner Ethernet
  '4500' + '0028' + '0000' + '4000' + '40' + '06' + '2651' + '0a01000b' + '0a600014' + // inner IPv4, 40 bytes
  'a9f8' + '2378' + '00000000' + '00000000' + '50' + '02' + 'ffff' + 'cdf2' + '0000'; // TCP: 43512 → 9080, SYN

/** The whole SESSION_FRAME (104 bytes). Outer IPv4 total length 90, checksum 0x2688; UDP length 70, checksum 0. */
export const SESSION_FRAME_HEX =
  '020000000001' + '02000000000a' + '0800' + // Ethernet: dst, src, IPv4
  '4500' + '005a' + '0000' + '4000' + '40' + '11' + '2688' + '0a00000b' + '0a000001' + // IPv4: TTL 64, UDP
  'c000' + '12b5' + '0046' + '0000' + // UDP 49152 → 4789
  '08' + '000000' + '5a3c1e' + '00' + // VXLAN: flags I, reserved, VNI, reserved2
  INNER_HEX;

/** Hex → bytes. */
export function hex(text: string): Uint8Array {
  return Uint8Array.from(Buffer.from(text, 'hex'));
}

/** Bytes → hex. */
export function toHex(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString('hex');
}

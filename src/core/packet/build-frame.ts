/**
 * Builds frames byte for byte from a description: Ethernet / IPv4 (checksummed) / UDP, and whole VXLAN frames
 * with an inner Ethernet / IPv4 / TCP or UDP (inner checksums computed, outer UDP checksum 0 as RFC 7348
 * allows). Bad descriptions come back as a BuildError naming the field.
 */
import { parseIpv4, parseMac } from './addresses';
import { writeU16, writeU24, writeU32 } from './byte-order';
import { l4Checksum, writeIpv4HeaderChecksum } from './checksum';
import {
  ETHERNET_HEADER_LENGTH,
  ETHERTYPE_IPV4,
  IPV4_MIN_HEADER_LENGTH,
  IP_PROTOCOL_TCP,
  IP_PROTOCOL_UDP,
  TCP_MIN_HEADER_LENGTH,
  UDP_HEADER_LENGTH,
  VXLAN_FLAGS_VALID_VNI,
  VXLAN_HEADER_LENGTH,
  VXLAN_UDP_PORT,
} from './constants';
import type { BuildError, InnerDescription, OuterDescription, VxlanFrameDescription } from './frame-types';

type Built = { ok: true; bytes: Uint8Array } | BuildError;

function checkUint(value: number, bits: number, field: string): BuildError | undefined {
  if (!Number.isInteger(value) || value < 0 || value >= 2 ** bits) {
    return { ok: false, field, reason: `${value} is not an unsigned ${bits}-bit integer` };
  }
  return undefined;
}

/** Writes Ethernet + IPv4 (no options) headers at `offset`; returns an error or the IPv4 offset. */
function writeEthernetIpv4(
  bytes: Uint8Array,
  offset: number,
  d: { srcMac: string; dstMac: string; srcIp: string; dstIp: string; ttl?: number; identification?: number; tos?: number },
  protocol: number,
  ipv4TotalLength: number,
  prefix: string,
): BuildError | number {
  const dst = parseMac(d.dstMac, `${prefix}.dstMac`);
  if (!dst.ok) return dst;
  const src = parseMac(d.srcMac, `${prefix}.srcMac`);
  if (!src.ok) return src;
  const srcIp = parseIpv4(d.srcIp, `${prefix}.srcIp`);
  if (!srcIp.ok) return srcIp;
  const dstIp = parseIpv4(d.dstIp, `${prefix}.dstIp`);
  if (!dstIp.ok) return dstIp;
  const ttl = d.ttl ?? 64;
  const bad =
    checkUint(ttl, 8, `${prefix}.ttl`) ??
    checkUint(d.identification ?? 0, 16, `${prefix}.identification`) ??
    checkUint(d.tos ?? 0, 8, `${prefix}.tos`) ??
    checkUint(ipv4TotalLength, 16, `${prefix}.length`);
  if (bad) return bad;
  bytes.set(dst.value, offset);
  bytes.set(src.value, offset + 6);
  writeU16(bytes, offset + 12, ETHERTYPE_IPV4);
  const ip = offset + ETHERNET_HEADER_LENGTH;
  bytes[ip] = 0x45;
  bytes[ip + 1] = d.tos ?? 0;
  writeU16(bytes, ip + 2, ipv4TotalLength);
  writeU16(bytes, ip + 4, d.identification ?? 0);
  writeU16(bytes, ip + 6, 0x4000); // DF, as Linux VTEPs send
  bytes[ip + 8] = ttl;
  bytes[ip + 9] = protocol;
  writeU32(bytes, ip + 12, srcIp.value);
  writeU32(bytes, ip + 16, dstIp.value);
  writeIpv4HeaderChecksum(bytes, ip, IPV4_MIN_HEADER_LENGTH);
  return ip;
}

/**
 * Builds Ethernet / IPv4 / UDP carrying `payload` (outer UDP checksum 0). With the default destination port
 * 4789 and a VXLAN payload this is a VXLAN frame; with another port it is plain (non-VXLAN) UDP.
 * @example
 * const r = buildUdpFrame({ srcMac: '02:00:00:00:00:01', dstMac: '02:00:00:00:00:02',
 *   srcIp: '10.0.0.1', dstIp: '10.0.0.2', udpDstPort: 53 }, new Uint8Array([1, 2, 3]));
 */
export function buildUdpFrame(outer: OuterDescription, payload: Uint8Array): Built {
  const srcPort = outer.udpSrcPort ?? 49152;
  const dstPort = outer.udpDstPort ?? VXLAN_UDP_PORT;
  const bad = checkUint(srcPort, 16, 'outer.udpSrcPort') ?? checkUint(dstPort, 16, 'outer.udpDstPort');
  if (bad) return bad;
  const udpLength = UDP_HEADER_LENGTH + payload.length;
  const bytes = new Uint8Array(ETHERNET_HEADER_LENGTH + IPV4_MIN_HEADER_LENGTH + udpLength);
  const ip = writeEthernetIpv4(bytes, 0, outer, IP_PROTOCOL_UDP, IPV4_MIN_HEADER_LENGTH + udpLength, 'outer');
  if (typeof ip !== 'number') return ip;
  const udp = ip + IPV4_MIN_HEADER_LENGTH;
  writeU16(bytes, udp, srcPort);
  writeU16(bytes, udp + 2, dstPort);
  writeU16(bytes, udp + 4, udpLength);
  writeU16(bytes, udp + 6, 0);
  bytes.set(payload, udp + UDP_HEADER_LENGTH);
  return { ok: true, bytes };
}

/**
 * Builds the inner (tenant) frame: Ethernet / IPv4 / TCP or UDP with correct checksums.
 * @example
 * const r = buildInnerFrame({ srcMac: '02:00:00:00:01:01', dstMac: '02:00:00:00:02:02', srcIp: '10.1.0.11',
 *   dstIp: '10.96.0.20', protocol: 6, srcPort: 43512, dstPort: 9080 });
 */
export function buildInnerFrame(inner: InnerDescription): Built {
  const payload = inner.payload ?? new Uint8Array(0);
  if (inner.protocol !== IP_PROTOCOL_TCP && inner.protocol !== IP_PROTOCOL_UDP) {
    return { ok: false, field: 'inner.protocol', reason: `${String(inner.protocol)} is neither 6 (TCP) nor 17 (UDP)` };
  }
  const bad =
    checkUint(inner.srcPort, 16, 'inner.srcPort') ??
    checkUint(inner.dstPort, 16, 'inner.dstPort') ??
    checkUint(inner.seq ?? 0, 32, 'inner.seq') ??
    checkUint(inner.ack ?? 0, 32, 'inner.ack') ??
    checkUint(inner.tcpFlags ?? 0x02, 8, 'inner.tcpFlags') ??
    checkUint(inner.window ?? 65535, 16, 'inner.window');
  if (bad) return bad;
  const l4Header = inner.protocol === IP_PROTOCOL_TCP ? TCP_MIN_HEADER_LENGTH : UDP_HEADER_LENGTH;
  const l4Length = l4Header + payload.length;
  const bytes = new Uint8Array(ETHERNET_HEADER_LENGTH + IPV4_MIN_HEADER_LENGTH + l4Length);
  const ip = writeEthernetIpv4(bytes, 0, inner, inner.protocol, IPV4_MIN_HEADER_LENGTH + l4Length, 'inner');
  if (typeof ip !== 'number') return ip;
  const l4 = ip + IPV4_MIN_HEADER_LENGTH;
  writeU16(bytes, l4, inner.srcPort);
  writeU16(bytes, l4 + 2, inner.dstPort);
  let checksumOffset: number;
  if (inner.protocol === IP_PROTOCOL_TCP) {
    writeU32(bytes, l4 + 4, inner.seq ?? 0);
    writeU32(bytes, l4 + 8, inner.ack ?? 0);
    bytes[l4 + 12] = (TCP_MIN_HEADER_LENGTH / 4) << 4;
    bytes[l4 + 13] = inner.tcpFlags ?? 0x02;
    writeU16(bytes, l4 + 14, inner.window ?? 65535);
    checksumOffset = l4 + 16;
  } else {
    writeU16(bytes, l4 + 4, l4Length);
    checksumOffset = l4 + 6;
  }
  bytes.set(payload, l4 + l4Header);
  writeU16(bytes, checksumOffset, l4Checksum(bytes, ip, l4, l4Length, inner.protocol));
  return { ok: true, bytes };
}

/**
 * Builds a whole VXLAN frame: outer Ethernet / IPv4 / UDP:4789 / VXLAN (flags, reserved, VNI, reserved2) /
 * inner Ethernet / IPv4 / TCP or UDP.
 * @example
 * const r = buildVxlanFrame({
 *   outer: { srcMac: '02:00:00:00:00:0a', dstMac: '02:00:00:00:00:01', srcIp: '10.0.0.11', dstIp: '10.0.0.1' },
 *   vxlan: { vni: 0x5a3c1e },
 *   inner: { srcMac: '02:00:00:00:01:01', dstMac: '02:00:00:00:02:02', srcIp: '10.1.0.11', dstIp: '10.96.0.20',
 *            protocol: 6, srcPort: 43512, dstPort: 9080 },
 * });
 * if (r.ok) socket.send(r.bytes);
 */
export function buildVxlanFrame(description: VxlanFrameDescription): Built {
  const { vxlan } = description;
  const bad =
    checkUint(vxlan.vni, 24, 'vxlan.vni') ??
    checkUint(vxlan.flags ?? VXLAN_FLAGS_VALID_VNI, 8, 'vxlan.flags') ??
    checkUint(vxlan.reserved ?? 0, 24, 'vxlan.reserved') ??
    checkUint(vxlan.reserved2 ?? 0, 8, 'vxlan.reserved2');
  if (bad) return bad;
  const inner = buildInnerFrame(description.inner);
  if (!inner.ok) return inner;
  const payload = new Uint8Array(VXLAN_HEADER_LENGTH + inner.bytes.length);
  payload[0] = vxlan.flags ?? VXLAN_FLAGS_VALID_VNI;
  writeU24(payload, 1, vxlan.reserved ?? 0);
  writeU24(payload, 4, vxlan.vni);
  payload[7] = vxlan.reserved2 ?? 0;
  payload.set(inner.bytes, VXLAN_HEADER_LENGTH);
  return buildUdpFrame(description.outer, payload);
}

/**
 * The P4 parser of PiggyCar in TypeScript: Ethernet → IPv4 → UDP:4789 → VXLAN → inner Ethernet → inner IPv4 →
 * inner TCP/UDP, byte for byte, into a reusable structured view with offsets. Bad bytes never throw: the
 * result is an error code (parseFrameInto) or an error value (parseFrame).
 */
import {
  ETHERNET_HEADER_LENGTH,
  ETHERTYPE_IPV4,
  IPV4_MIN_HEADER_LENGTH,
  IP_PROTOCOL_TCP,
  IP_PROTOCOL_UDP,
  TCP_MIN_HEADER_LENGTH,
  UDP_HEADER_LENGTH,
  VXLAN_HEADER_LENGTH,
  VXLAN_UDP_PORT,
} from './constants';
import { readU16, readU24, readU32 } from './byte-order';
import type { ParsedFrame, ParseError, ParseErrorCode } from './frame-types';

/**
 * A fresh, empty ParsedFrame (every offset -1) to pass to parseFrameInto and reuse across packets.
 * @example
 * const view = createParsedFrame();
 */
export function createParsedFrame(): ParsedFrame {
  return {
    kind: 'ethernet',
    length: 0,
    etherType: 0,
    ipv4Offset: -1,
    ipv4HeaderLength: 0,
    ttl: 0,
    protocol: 0,
    srcAddr: 0,
    dstAddr: 0,
    udpOffset: -1,
    udpSrcPort: 0,
    udpDstPort: 0,
    vxlanOffset: -1,
    vxlanFlags: 0,
    vxlanReserved: 0,
    vni: 0,
    vxlanReserved2: 0,
    innerEthernetOffset: -1,
    innerEtherType: 0,
    innerIpv4Offset: -1,
    innerIpv4HeaderLength: 0,
    innerSrcAddr: 0,
    innerDstAddr: 0,
    innerProtocol: 0,
    innerL4Offset: -1,
    l4SrcPort: 0,
    l4DstPort: 0,
  };
}

/**
 * Parses `bytes` into `out` (overwriting every field) without allocating. Returns null on success or the
 * error code; on error `out` holds whatever was parsed before the failure.
 * @example
 * const view = createParsedFrame();
 * const err = parseFrameInto(frame, view);
 * if (err === null && view.kind === 'vxlan') console.log(view.vni);
 */
export function parseFrameInto(bytes: Uint8Array, out: ParsedFrame): ParseErrorCode | null {
  const len = bytes.length;
  out.kind = 'ethernet';
  out.length = len;
  out.ipv4Offset = out.udpOffset = out.vxlanOffset = out.innerEthernetOffset = -1;
  out.innerIpv4Offset = out.innerL4Offset = -1;
  out.ipv4HeaderLength = out.ttl = out.protocol = out.srcAddr = out.dstAddr = 0;
  out.udpSrcPort = out.udpDstPort = 0;
  out.vxlanFlags = out.vxlanReserved = out.vni = out.vxlanReserved2 = 0;
  out.innerEtherType = out.innerIpv4HeaderLength = out.innerSrcAddr = out.innerDstAddr = out.innerProtocol = 0;
  out.l4SrcPort = out.l4DstPort = 0;
  out.etherType = 0;

  if (len < ETHERNET_HEADER_LENGTH) return 'truncated-ethernet';
  out.etherType = readU16(bytes, 12);
  if (out.etherType !== ETHERTYPE_IPV4) return null;

  let o = ETHERNET_HEADER_LENGTH;
  if (len < o + IPV4_MIN_HEADER_LENGTH) return 'truncated-ipv4';
  const verIhl = bytes[o];
  if (verIhl >>> 4 !== 4) return 'bad-ipv4-version';
  const ihl = (verIhl & 0x0f) * 4;
  if (ihl < IPV4_MIN_HEADER_LENGTH) return 'bad-ipv4-ihl';
  if (len < o + ihl) return 'truncated-ipv4';
  out.kind = 'ipv4';
  out.ipv4Offset = o;
  out.ipv4HeaderLength = ihl;
  out.ttl = bytes[o + 8];
  out.protocol = bytes[o + 9];
  out.srcAddr = readU32(bytes, o + 12);
  out.dstAddr = readU32(bytes, o + 16);
  if (out.protocol !== IP_PROTOCOL_UDP) return null;

  o += ihl;
  if (len < o + UDP_HEADER_LENGTH) return 'truncated-udp';
  out.udpOffset = o;
  out.udpSrcPort = readU16(bytes, o);
  out.udpDstPort = readU16(bytes, o + 2);
  if (out.udpDstPort !== VXLAN_UDP_PORT) return null;

  o += UDP_HEADER_LENGTH;
  if (len < o + VXLAN_HEADER_LENGTH) return 'truncated-vxlan';
  out.vxlanOffset = o;
  out.vxlanFlags = bytes[o];
  out.vxlanReserved = readU24(bytes, o + 1);
  out.vni = readU24(bytes, o + 4);
  out.vxlanReserved2 = bytes[o + 7];

  o += VXLAN_HEADER_LENGTH;
  if (len < o + ETHERNET_HEADER_LENGTH) return 'truncated-inner-ethernet';
  out.kind = 'vxlan';
  out.innerEthernetOffset = o;
  out.innerEtherType = readU16(bytes, o + 12);
  if (out.innerEtherType !== ETHERTYPE_IPV4) return null;

  o += ETHERNET_HEADER_LENGTH;
  if (len < o + IPV4_MIN_HEADER_LENGTH) return 'truncated-inner-ipv4';
  const innerVerIhl = bytes[o];
  if (innerVerIhl >>> 4 !== 4) return 'bad-inner-ipv4-version';
  const innerIhl = (innerVerIhl & 0x0f) * 4;
  if (innerIhl < IPV4_MIN_HEADER_LENGTH) return 'bad-inner-ipv4-ihl';
  if (len < o + innerIhl) return 'truncated-inner-ipv4';
  out.innerIpv4Offset = o;
  out.innerIpv4HeaderLength = innerIhl;
  out.innerProtocol = bytes[o + 9];
  out.innerSrcAddr = readU32(bytes, o + 12);
  out.innerDstAddr = readU32(bytes, o + 16);

  o += innerIhl;
  if (out.innerProtocol === IP_PROTOCOL_TCP) {
    if (len < o + TCP_MIN_HEADER_LENGTH) return 'truncated-inner-l4';
  } else if (out.innerProtocol === IP_PROTOCOL_UDP) {
    if (len < o + UDP_HEADER_LENGTH) return 'truncated-inner-l4';
  } else {
    return null;
  }
  out.innerL4Offset = o;
  out.l4SrcPort = readU16(bytes, o);
  out.l4DstPort = readU16(bytes, o + 2);
  return null;
}

const ERROR_FIELDS: Record<ParseErrorCode, [string, string]> = {
  'truncated-ethernet': ['ethernet', `frame shorter than the ${ETHERNET_HEADER_LENGTH}-byte Ethernet header`],
  'truncated-ipv4': ['ipv4', 'frame ends inside the outer IPv4 header'],
  'bad-ipv4-version': ['ipv4.version', 'outer IPv4 version is not 4'],
  'bad-ipv4-ihl': ['ipv4.ihl', 'outer IPv4 IHL below 5 (20 bytes)'],
  'truncated-udp': ['udp', 'frame ends inside the outer UDP header'],
  'truncated-vxlan': ['vxlan', 'frame ends inside the VXLAN header'],
  'truncated-inner-ethernet': ['inner_ethernet', 'frame ends inside the inner Ethernet header'],
  'truncated-inner-ipv4': ['inner_ipv4', 'frame ends inside the inner IPv4 header'],
  'bad-inner-ipv4-version': ['inner_ipv4.version', 'inner IPv4 version is not 4'],
  'bad-inner-ipv4-ihl': ['inner_ipv4.ihl', 'inner IPv4 IHL below 5 (20 bytes)'],
  'truncated-inner-l4': ['inner_l4', 'frame ends inside the inner TCP/UDP header'],
};

/**
 * Describes a parse error code as a value naming the header field and the reason.
 * @example
 * describeParseError('truncated-vxlan'); // { ok: false, code: 'truncated-vxlan', field: 'vxlan', reason: '…' }
 */
export function describeParseError(code: ParseErrorCode): ParseError {
  const [field, reason] = ERROR_FIELDS[code];
  return { ok: false, code, field, reason };
}

/**
 * Parses a frame into a new structured view, or an error value (allocates; use parseFrameInto in hot paths).
 * @example
 * const r = parseFrame(frame);
 * if (r.ok) console.log(r.frame.kind, r.frame.vni); else console.log(r.field, r.reason);
 */
export function parseFrame(bytes: Uint8Array): { ok: true; frame: ParsedFrame } | ParseError {
  const frame = createParsedFrame();
  const code = parseFrameInto(bytes, frame);
  return code === null ? { ok: true, frame } : describeParseError(code);
}

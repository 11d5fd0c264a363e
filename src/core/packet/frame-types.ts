/**
 * Contracts of the packet library: the structured view a parse produces (header fields plus byte offsets, so the
 * pipeline can rewrite in place), the parse error value, and the description a frame is built from.
 */

/** How far the P4 parser got: plain Ethernet, Ethernet + IPv4 (any protocol / non-VXLAN UDP), or VXLAN. */
export type FrameKind = 'ethernet' | 'ipv4' | 'vxlan';

/** Why a frame could not be parsed (the P4 parser would reject it: PacketTooShort / a failed verify). */
export type ParseErrorCode =
  | 'truncated-ethernet'
  | 'truncated-ipv4'
  | 'bad-ipv4-version'
  | 'bad-ipv4-ihl'
  | 'truncated-udp'
  | 'truncated-vxlan'
  | 'truncated-inner-ethernet'
  | 'truncated-inner-ipv4'
  | 'bad-inner-ipv4-version'
  | 'bad-inner-ipv4-ihl'
  | 'truncated-inner-l4';

/** A parse failure as a value: the code, the header field at fault and a readable reason. */
export interface ParseError {
  ok: false;
  code: ParseErrorCode;
  field: string;
  reason: string;
}

/**
 * The parsed view of one frame. Offsets are byte offsets into the frame; -1 when that header is absent.
 * Numbers are unsigned (IPv4 addresses as u32). One object can be reused across packets (parseFrameInto).
 */
export interface ParsedFrame {
  kind: FrameKind;
  /** Frame length in bytes. */
  length: number;
  etherType: number;
  /** Outer IPv4. */
  ipv4Offset: number;
  ipv4HeaderLength: number;
  ttl: number;
  protocol: number;
  srcAddr: number;
  dstAddr: number;
  /** Outer UDP. */
  udpOffset: number;
  udpSrcPort: number;
  udpDstPort: number;
  /** VXLAN. */
  vxlanOffset: number;
  vxlanFlags: number;
  vxlanReserved: number;
  vni: number;
  vxlanReserved2: number;
  /** Inner Ethernet. */
  innerEthernetOffset: number;
  innerEtherType: number;
  /** Inner IPv4 (-1 when the inner frame is not IPv4). */
  innerIpv4Offset: number;
  innerIpv4HeaderLength: number;
  innerSrcAddr: number;
  innerDstAddr: number;
  innerProtocol: number;
  /** Inner TCP/UDP (-1 when neither): meta.l4_src_port / meta.l4_dst_port of the P4 program. */
  innerL4Offset: number;
  l4SrcPort: number;
  l4DstPort: number;
}

/** Outer headers of a frame to build (the VTEP-to-switch tunnel). */
export interface OuterDescription {
  srcMac: string;
  dstMac: string;
  srcIp: string;
  dstIp: string;
  /** Default 64. */
  ttl?: number;
  /** Default 0. */
  identification?: number;
  /** Default 0 (DSCP/ECN byte). */
  tos?: number;
  /** Default 49152. */
  udpSrcPort?: number;
  /** Default 4789. */
  udpDstPort?: number;
}

/** VXLAN header of a frame to build. */
export interface VxlanDescription {
  vni: number;
  /** Default 0x08 (I flag). */
  flags?: number;
  /** Default 0. */
  reserved?: number;
  /** Default 0; 1 = PIGGYCAR_SERVICED. */
  reserved2?: number;
}

/** Inner (tenant) frame of a VXLAN packet to build. */
export interface InnerDescription {
  srcMac: string;
  dstMac: string;
  srcIp: string;
  dstIp: string;
  /** 6 (TCP) or 17 (UDP). */
  protocol: 6 | 17;
  srcPort: number;
  dstPort: number;
  /** Default 64. */
  ttl?: number;
  /** Default 0. */
  identification?: number;
  /** TCP only; defaults 0, 0, 0x02 (SYN), 65535. */
  seq?: number;
  ack?: number;
  tcpFlags?: number;
  window?: number;
  /** Application bytes after the L4 header; default empty. */
  payload?: Uint8Array;
}

/** A whole VXLAN frame to build. */
export interface VxlanFrameDescription {
  outer: OuterDescription;
  vxlan: VxlanDescription;
  inner: InnerDescription;
}

/** A build failure as a value: the description field at fault and why. */
export interface BuildError {
  ok: false;
  field: string;
  reason: string;
}

/** Header sizes, EtherTypes, IP protocol numbers and ports of the frames PiggyCar switches (bytes unless noted). */

/** Ethernet II header: dst MAC (6), src MAC (6), EtherType (2). */
export const ETHERNET_HEADER_LENGTH = 14;
/** IPv4 header without options (IHL = 5). */
export const IPV4_MIN_HEADER_LENGTH = 20;
/** UDP header. */
export const UDP_HEADER_LENGTH = 8;
/** VXLAN header: flags (8), reserved (24), VNI (24), reserved2 (8) — RFC 7348. */
export const VXLAN_HEADER_LENGTH = 8;
/** TCP header without options (data offset = 5). */
export const TCP_MIN_HEADER_LENGTH = 20;

/** EtherType of IPv4. */
export const ETHERTYPE_IPV4 = 0x0800;
/** IP protocol number of TCP. */
export const IP_PROTOCOL_TCP = 6;
/** IP protocol number of UDP. */
export const IP_PROTOCOL_UDP = 17;
/** IANA UDP port of VXLAN. */
export const VXLAN_UDP_PORT = 4789;
/** VXLAN flags with the I bit (valid VNI) set. */
export const VXLAN_FLAGS_VALID_VNI = 0x08;
/** reserved2 value PiggyCar writes once a packet has been steered to its backend (PIGGYCAR_SERVICED). */
export const PIGGYCAR_SERVICED = 1;

/** Offset of the whole outer headers stack of a VXLAN frame: Ethernet + IPv4 (no options) + UDP + VXLAN = 50. */
export const VXLAN_OUTER_OVERHEAD =
  ETHERNET_HEADER_LENGTH + IPV4_MIN_HEADER_LENGTH + UDP_HEADER_LENGTH + VXLAN_HEADER_LENGTH;

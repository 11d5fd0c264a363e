/* -*- P4_16 -*- */
/*
 * PiggyCar data plane for the v1model architecture (BMv2 simple_switch_grpc).
 *
 * The switch steers L7 sessions (paper §III-C, Fig. 5): the outer VXLAN VNI carries the policy ID;
 *   1. function_offload_table (exact VNI) either rewrites the outer IPv4 destination to the switch that owns
 *      the rule (set_owner) or says the rule is owned here (owner_is_local);
 *   2. at the owner, tc_session_table (exact 6-tuple of VNI and inner flow) pins the session to a backend
 *      node (set_backend: outer dst := node VTEP, vxlan.reserved2 := PIGGYCAR_SERVICED); a miss goes to the
 *      switch CPU with a packet_in header; the controller installs the session and sends the packet back
 *      as packet_out (egress_port 0 = run it through this pipeline again);
 *   3. ipv4_route (lpm on the possibly rewritten outer dst) picks the egress port and next-hop MAC.
 * The outer IPv4 checksum is recomputed after every rewrite; the outer UDP checksum of VXLAN is set to 0.
 *
 * Names of tables, keys, actions and parameters are a contract with p4/piggycar.p4info.txtpb and the
 * switch agent (interfaces.md "P4 program names"); change them only together.
 *
 * Compile: p4c --target bmv2 --arch v1model --p4runtime-files p4/piggycar.p4info.txtpb \
 *              -o build p4/piggycar.p4
 */
#include <core.p4>
#include <v1model.p4>

/*************************************************************************
*********************** C O N S T A N T S  *******************************
*************************************************************************/

const bit<16> TYPE_IPV4 = 0x0800;
const bit<8>  IP_PROTO_TCP = 6;
const bit<8>  IP_PROTO_UDP = 17;
const bit<16> VXLAN_UDP_PORT = 4789;

/* Must match simple_switch_grpc --cpu-port 255 (and the software switch's CPU port). */
const bit<9>  CPU_PORT = 255;
// Ports a 9-bit port number can name (size of the per-port counters).
const bit<32> PORT_COUNT = 512;

/* vxlan.reserved2 once a switch has steered the packet to its backend (later switches leave it alone). */
const bit<8>  PIGGYCAR_SERVICED = 1;
/* packet_in.reason values. */
const bit<8>  PACKET_IN_REASON_SESSION_MISS = 1;

/*************************************************************************
*********************** H E A D E R S  ***********************************
*************************************************************************/

typedef bit<9>  egress_spec_t;
typedef bit<48> mac_addr_t;
typedef bit<32> ipv4_addr_t;
typedef bit<24> vni_t;
typedef bit<16> l4_port_t;

/* Prepended to every packet sent to the controller (P4Runtime PacketIn metadata, ids 1..3). */
@controller_header("packet_in")
header packet_in_t {
    bit<8>  reason;
    bit<24> vni;
    bit<16> ingress_port;
}

/* Prepended by the controller to every PacketOut (ids 1..2). egress_port 0: process as if just arrived. */
@controller_header("packet_out")
header packet_out_t {
    bit<16> egress_port;
    bit<8>  reserved;
}

header ethernet_t {
    mac_addr_t dst_addr;
    mac_addr_t src_addr;
    bit<16>    ether_type;
}

/* Only version and IHL, to size the options before extracting the whole header. */
header ipv4_version_ihl_t {
    bit<4> version;
    bit<4> ihl;
}

header ipv4_t {
    bit<4>      version;
    bit<4>      ihl;
    bit<8>      diffserv;
    bit<16>     total_len;
    bit<16>     identification;
    bit<3>      flags;
    bit<13>     frag_offset;
    bit<8>      ttl;
    bit<8>      protocol;
    bit<16>     hdr_checksum;
    ipv4_addr_t src_addr;
    ipv4_addr_t dst_addr;
    varbit<320> options;    /* (IHL - 5) * 32 bits, up to 40 bytes */
}

header udp_t {
    l4_port_t src_port;
    l4_port_t dst_port;
    bit<16>   length;
    bit<16>   checksum;
}

/* RFC 7348; reserved2 is PiggyCar's "serviced" mark. */
header vxlan_t {
    bit<8>  flags;
    bit<24> reserved;
    vni_t   vni;
    bit<8>  reserved2;
}

header tcp_t {
    l4_port_t src_port;
    l4_port_t dst_port;
    bit<32>   seq_no;
    bit<32>   ack_no;
    bit<4>    data_offset;
    bit<4>    res;
    bit<8>    flags;
    bit<16>   window;
    bit<16>   checksum;
    bit<16>   urgent_ptr;
}

struct metadata {
    /* Inner TCP/UDP ports (0 when the inner packet is neither): tc_session_table keys. */
    l4_port_t l4_src_port;
    l4_port_t l4_dst_port;
    /* 1 when send_to_cpu ran: skip routing, the packet goes to the CPU as received. */
    bit<1>    to_cpu;
}

struct headers {
    packet_out_t packet_out;
    packet_in_t  packet_in;
    ethernet_t   ethernet;
    ipv4_t       ipv4;
    udp_t        udp;
    vxlan_t      vxlan;
    ethernet_t   inner_ethernet;
    ipv4_t       inner_ipv4;
    tcp_t        inner_tcp;
    udp_t        inner_udp;
}

error {
    IPv4IncorrectVersion,
    IPv4HeaderTooShort
}

/*************************************************************************
*********************** P A R S E R  ***********************************
*************************************************************************/

parser PiggyCarParser(packet_in packet,
                      out headers hdr,
                      inout metadata meta,
                      inout standard_metadata_t standard_metadata) {

    state start {
        transition select(standard_metadata.ingress_port) {
            CPU_PORT: parse_packet_out;
            default: parse_ethernet;
        }
    }

    state parse_packet_out {
        packet.extract(hdr.packet_out);
        transition parse_ethernet;
    }

    state parse_ethernet {
        packet.extract(hdr.ethernet);
        transition select(hdr.ethernet.ether_type) {
            TYPE_IPV4: parse_ipv4;
            default: accept;
        }
    }

    state parse_ipv4 {
        /* IHL < 5 makes the options length negative: the extract fails and the packet is dropped. */
        packet.extract(hdr.ipv4,
                       (bit<32>) (8 * (4 * (bit<9>) (packet.lookahead<ipv4_version_ihl_t>().ihl) - 20)));
        verify(hdr.ipv4.version == 4, error.IPv4IncorrectVersion);
        verify(hdr.ipv4.ihl >= 5, error.IPv4HeaderTooShort);
        transition select(hdr.ipv4.protocol) {
            IP_PROTO_UDP: parse_udp;
            default: accept;
        }
    }

    state parse_udp {
        packet.extract(hdr.udp);
        transition select(hdr.udp.dst_port) {
            VXLAN_UDP_PORT: parse_vxlan;
            default: accept;
        }
    }

    state parse_vxlan {
        packet.extract(hdr.vxlan);
        transition parse_inner_ethernet;
    }

    state parse_inner_ethernet {
        packet.extract(hdr.inner_ethernet);
        transition select(hdr.inner_ethernet.ether_type) {
            TYPE_IPV4: parse_inner_ipv4;
            default: accept;
        }
    }

    state parse_inner_ipv4 {
        packet.extract(hdr.inner_ipv4,
                       (bit<32>) (8 * (4 * (bit<9>) (packet.lookahead<ipv4_version_ihl_t>().ihl) - 20)));
        verify(hdr.inner_ipv4.version == 4, error.IPv4IncorrectVersion);
        verify(hdr.inner_ipv4.ihl >= 5, error.IPv4HeaderTooShort);
        transition select(hdr.inner_ipv4.protocol) {
            IP_PROTO_TCP: parse_inner_tcp;
            IP_PROTO_UDP: parse_inner_udp;
            default: accept;
        }
    }

    state parse_inner_tcp {
        packet.extract(hdr.inner_tcp);
        meta.l4_src_port = hdr.inner_tcp.src_port;
        meta.l4_dst_port = hdr.inner_tcp.dst_port;
        transition accept;
    }

    state parse_inner_udp {
        packet.extract(hdr.inner_udp);
        meta.l4_src_port = hdr.inner_udp.src_port;
        meta.l4_dst_port = hdr.inner_udp.dst_port;
        transition accept;
    }
}

/*************************************************************************
************   C H E C K S U M    V E R I F I C A T I O N   *************
*************************************************************************/

control PiggyCarVerifyChecksum(inout headers hdr, inout metadata meta) {
    /* Not verified: like the software switch, a bad incoming checksum is not a drop reason; the
       checksum is recomputed on the way out anyway. */
    apply { }
}

/*************************************************************************
**************  I N G R E S S   P R O C E S S I N G   *******************
*************************************************************************/

control PiggyCarIngress(inout headers hdr,
                        inout metadata meta,
                        inout standard_metadata_t standard_metadata) {

    /* Per-VNI telemetry: packets and bytes of every function_offload_table hit. */
    direct_counter(CounterType.packets_and_bytes) function_offload_counter;

    action drop() {
        mark_to_drop(standard_metadata);
    }

    action ipv4_forward(egress_spec_t port, mac_addr_t dst_mac) {
        standard_metadata.egress_spec = port;
        hdr.ethernet.src_addr = hdr.ethernet.dst_addr;
        hdr.ethernet.dst_addr = dst_mac;
        hdr.ipv4.ttl = hdr.ipv4.ttl - 1;
    }

    table ipv4_route {
        key = {
            hdr.ipv4.dst_addr: lpm;
        }
        actions = {
            ipv4_forward;
            drop;
        }
        size = 1024;
        default_action = drop();
    }

    /* Another switch owns the rule: send the packet there (routing below uses the new dst). */
    action set_owner(ipv4_addr_t owner_ip) {
        hdr.ipv4.dst_addr = owner_ip;
    }

    /* This switch owns the rule: tc_session_table decides the backend. */
    action owner_is_local() {
    }

    table function_offload_table {
        key = {
            hdr.vxlan.vni: exact;
        }
        actions = {
            set_owner;
            owner_is_local;
            @defaultonly NoAction;
        }
        const default_action = NoAction();
        counters = function_offload_counter;
        size = 16384;
    }

    action set_backend(ipv4_addr_t node_ip) {
        hdr.ipv4.dst_addr = node_ip;
        hdr.vxlan.reserved2 = PIGGYCAR_SERVICED;
    }

    action send_to_cpu() {
        standard_metadata.egress_spec = CPU_PORT;
        meta.to_cpu = 1;
        hdr.packet_in.setValid();
        hdr.packet_in.reason = PACKET_IN_REASON_SESSION_MISS;
        hdr.packet_in.vni = hdr.vxlan.vni;
        hdr.packet_in.ingress_port = (bit<16>) standard_metadata.ingress_port;
    }

    table tc_session_table {
        key = {
            hdr.vxlan.vni: exact;
            hdr.inner_ipv4.src_addr: exact;
            hdr.inner_ipv4.dst_addr: exact;
            hdr.inner_ipv4.protocol: exact;
            meta.l4_src_port: exact;
            meta.l4_dst_port: exact;
        }
        actions = {
            set_backend;
            @defaultonly send_to_cpu;
        }
        const default_action = send_to_cpu();
        support_timeout = true;
        size = 65536;
    }

    apply {
        /* Malformed or truncated frames (any parser error) are dropped. */
        if (standard_metadata.parser_error != error.NoError) {
            drop();
            exit;
        }

        if (hdr.packet_out.isValid()) {
            bit<16> out_port = hdr.packet_out.egress_port;
            hdr.packet_out.setInvalid();
            if (out_port != 0) {
                /* Straight out of the named port, unchanged. */
                standard_metadata.egress_spec = (egress_spec_t) out_port;
                exit;
            }
            /* egress_port 0: continue below, as if the packet had just arrived. */
        }

        if (!hdr.ipv4.isValid()) {
            drop();
            exit;
        }

        if (hdr.vxlan.isValid() && hdr.vxlan.reserved2 == 0) {
            switch (function_offload_table.apply().action_run) {
                owner_is_local: {
                    tc_session_table.apply();
                }
            }
        }

        if (meta.to_cpu == 1) {
            exit;
        }

        if (hdr.ipv4.ttl <= 1) {
            drop();
            exit;
        }
        ipv4_route.apply();

        if (hdr.vxlan.isValid()) {
            /* RFC 7348 §5: zero UDP checksum; the outer dst (in the pseudo-header) may have changed. */
            hdr.udp.checksum = 0;
        }
    }
}

/*************************************************************************
****************  E G R E S S   P R O C E S S I N G   *******************
*************************************************************************/

control PiggyCarEgress(inout headers hdr,
                       inout metadata meta,
                       inout standard_metadata_t standard_metadata) {
    // Bytes and packets sent per egress port (index = port, 9 bits): the agent reads it every telemetry
    // interval and reports each link's utilization ρ(e) = bytes·8 / (interval · B_max(e)).
    counter(PORT_COUNT, CounterType.packets_and_bytes) port_tx_counter;

    apply {
        port_tx_counter.count((bit<32>) standard_metadata.egress_port);
    }
}

/*************************************************************************
*************   C H E C K S U M    C O M P U T A T I O N   **************
*************************************************************************/

control PiggyCarComputeChecksum(inout headers hdr, inout metadata meta) {
    apply {
        update_checksum(
            hdr.ipv4.isValid(),
            {
                hdr.ipv4.version,
                hdr.ipv4.ihl,
                hdr.ipv4.diffserv,
                hdr.ipv4.total_len,
                hdr.ipv4.identification,
                hdr.ipv4.flags,
                hdr.ipv4.frag_offset,
                hdr.ipv4.ttl,
                hdr.ipv4.protocol,
                hdr.ipv4.src_addr,
                hdr.ipv4.dst_addr,
                hdr.ipv4.options
            },
            hdr.ipv4.hdr_checksum,
            HashAlgorithm.csum16);
    }
}

/*************************************************************************
***********************  D E P A R S E R  *******************************
*************************************************************************/

control PiggyCarDeparser(packet_out packet, in headers hdr) {
    apply {
        packet.emit(hdr.packet_in);
        packet.emit(hdr.ethernet);
        packet.emit(hdr.ipv4);
        packet.emit(hdr.udp);
        packet.emit(hdr.vxlan);
        packet.emit(hdr.inner_ethernet);
        packet.emit(hdr.inner_ipv4);
        packet.emit(hdr.inner_tcp);
        packet.emit(hdr.inner_udp);
    }
}

/*************************************************************************
***********************  S W I T C H  *******************************
*************************************************************************/

V1Switch(
    PiggyCarParser(),
    PiggyCarVerifyChecksum(),
    PiggyCarIngress(),
    PiggyCarEgress(),
    PiggyCarComputeChecksum(),
    PiggyCarDeparser()
) main;

/* -*- P4_16 -*- */
/*
 * PiggyCar data plane for the Tofino Native Architecture (TNA, Intel Tofino 1; bf-p4c).
 *
 * Same pipeline, same table / key / action / parameter names as p4/piggycar.p4 (v1model) — see that file
 * for the walk-through. bf-p4c prefixes P4Info names with the pipe instance ("pipe.PiggyCarIngress.
 * tc_session_table"); aliases ("tc_session_table") are unchanged, and the agent resolves names through
 * the P4Info it is given, so either P4Info works.
 *
 * UNVERIFIED: neither bf-p4c nor a Tofino (or tofino-model) was available when this was written; it is
 * written against tna.p4 / tofino1_arch.p4 of the Intel P4 Studio SDE 9.x and has never been compiled.
 * Points most likely to need attention when it is first compiled:
 *   - CPU_PORT: 192 is the PCIe CPU port of pipe 0 on a 32-port Tofino 1 (64 on 2-pipe parts, or an
 *     Ethernet CPU port such as 64/66); set it with -DCPU_PORT=<n> for the target.
 *   - IPv4 options are NOT parsed here (v1model parses them with varbit): a packet whose outer or inner
 *     IHL is not 5 is rejected by the parser and dropped. This is a known difference from the v1model
 *     program and the software switch.
 *   - tc_session_table (6 exact keys, 112-bit key, 65536 entries, idle timeout) must fit the SRAM/TCAM
 *     budget of one pipe stage group; bf-p4c may need `@pragma idletime_precision` / stage hints.
 *   - Direct counter: on TNA each action of the table must call function_offload_counter.count().
 *   - Newer SDEs declare PortId_t with @p4runtime_translation("tna/PortId_t", 32): the bf-p4c P4Info then
 *     gives ipv4_forward's `port` 32 bits instead of 9; the agent reads bitwidths from the P4Info it loads.
 *   - Misses go to the CPU port as a packet with the packet_in header (copy-to-CPU); a Digest is the
 *     alternative when the CPU path is an Ethernet port without a P4Runtime packet I/O stack.
 *   - No port_tx_counter here (the v1model program counts bytes per egress port for link utilization): this
 *     program bypasses egress, and Tofino's per-port MAC counters (BF Runtime $PORT_STAT) already count what
 *     each port sent. An agent on Tofino needs that read instead; the P4Runtime read of port_tx_counter finds
 *     no such counter in this program's P4Info and the agent then reports no links.
 *
 * Compile: bf-p4c --arch tna --target tofino -DCPU_PORT=192 \
 *              --p4runtime-files build/piggycar_tna.p4info.txtpb -o build/piggycar_tna p4/piggycar_tna.p4
 */
#include <core.p4>
#include <tna.p4>

/*************************************************************************
*********************** C O N S T A N T S  *******************************
*************************************************************************/

#ifndef CPU_PORT
#define CPU_PORT 192
#endif

const bit<16> TYPE_IPV4 = 0x0800;
const bit<8>  IP_PROTO_TCP = 6;
const bit<8>  IP_PROTO_UDP = 17;
const bit<16> VXLAN_UDP_PORT = 4789;

const bit<8>  PIGGYCAR_SERVICED = 1;
const bit<8>  PACKET_IN_REASON_SESSION_MISS = 1;

/*************************************************************************
*********************** H E A D E R S  ***********************************
*************************************************************************/

typedef bit<48> mac_addr_t;
typedef bit<32> ipv4_addr_t;
typedef bit<24> vni_t;
typedef bit<16> l4_port_t;

@controller_header("packet_in")
header packet_in_t {
    bit<8>  reason;
    bit<24> vni;
    bit<16> ingress_port;
}

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
}

header udp_t {
    l4_port_t src_port;
    l4_port_t dst_port;
    bit<16>   length;
    bit<16>   checksum;
}

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

struct metadata {
    l4_port_t l4_src_port;
    l4_port_t l4_dst_port;
    bit<1>    to_cpu;
}

struct egress_headers_t { }
struct egress_metadata_t { }

/*************************************************************************
*********************** I N G R E S S   P A R S E R  *********************
*************************************************************************/

parser PiggyCarIngressParser(packet_in packet,
                             out headers hdr,
                             out metadata meta,
                             out ingress_intrinsic_metadata_t ig_intr_md) {

    state start {
        packet.extract(ig_intr_md);
        packet.advance(PORT_METADATA_SIZE);
        meta.l4_src_port = 0;
        meta.l4_dst_port = 0;
        meta.to_cpu = 0;
        transition select(ig_intr_md.ingress_port) {
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
        packet.extract(hdr.ipv4);
        transition select(hdr.ipv4.version, hdr.ipv4.ihl, hdr.ipv4.protocol) {
            (4, 5, IP_PROTO_UDP): parse_udp;
            (4, 5, _): accept;
            default: reject;
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
        packet.extract(hdr.inner_ipv4);
        transition select(hdr.inner_ipv4.version, hdr.inner_ipv4.ihl, hdr.inner_ipv4.protocol) {
            (4, 5, IP_PROTO_TCP): parse_inner_tcp;
            (4, 5, IP_PROTO_UDP): parse_inner_udp;
            (4, 5, _): accept;
            default: reject;
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
**************  I N G R E S S   P R O C E S S I N G   *******************
*************************************************************************/

control PiggyCarIngress(inout headers hdr,
                        inout metadata meta,
                        in ingress_intrinsic_metadata_t ig_intr_md,
                        in ingress_intrinsic_metadata_from_parser_t ig_prsr_md,
                        inout ingress_intrinsic_metadata_for_deparser_t ig_dprsr_md,
                        inout ingress_intrinsic_metadata_for_tm_t ig_tm_md) {

    DirectCounter<bit<64>>(CounterType_t.PACKETS_AND_BYTES) function_offload_counter;

    action drop() {
        ig_dprsr_md.drop_ctl = 1;
    }

    action ipv4_forward(PortId_t port, mac_addr_t dst_mac) {
        ig_tm_md.ucast_egress_port = port;
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

    action set_owner(ipv4_addr_t owner_ip) {
        function_offload_counter.count();
        hdr.ipv4.dst_addr = owner_ip;
    }

    action owner_is_local() {
        function_offload_counter.count();
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

    /* Copy-to-CPU of the unmodified packet behind a packet_in header. */
    action send_to_cpu() {
        ig_tm_md.ucast_egress_port = CPU_PORT;
        meta.to_cpu = 1;
        hdr.packet_in.setValid();
        hdr.packet_in.reason = PACKET_IN_REASON_SESSION_MISS;
        hdr.packet_in.vni = hdr.vxlan.vni;
        hdr.packet_in.ingress_port = (bit<16>) ig_intr_md.ingress_port;
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
        idle_timeout = true;
        size = 65536;
    }

    apply {
        if (ig_prsr_md.parser_err != 0) {
            drop();
            exit;
        }

        if (hdr.packet_out.isValid()) {
            bit<16> out_port = hdr.packet_out.egress_port;
            hdr.packet_out.setInvalid();
            if (out_port != 0) {
                ig_tm_md.ucast_egress_port = (PortId_t) out_port;
                ig_tm_md.bypass_egress = 1;
                exit;
            }
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
            ig_tm_md.bypass_egress = 1;
            exit;
        }

        if (hdr.ipv4.ttl <= 1) {
            drop();
            exit;
        }
        ipv4_route.apply();

        if (hdr.vxlan.isValid()) {
            hdr.udp.checksum = 0;
        }
        ig_tm_md.bypass_egress = 1;
    }
}

/*************************************************************************
***********************  I N G R E S S   D E P A R S E R  ****************
*************************************************************************/

control PiggyCarIngressDeparser(packet_out packet,
                                inout headers hdr,
                                in metadata meta,
                                in ingress_intrinsic_metadata_for_deparser_t ig_dprsr_md) {
    Checksum() ipv4_checksum;

    apply {
        /* Tofino computes checksums in the deparser: recomputed for every packet (unchanged headers
           give the same value). */
        hdr.ipv4.hdr_checksum = ipv4_checksum.update({
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
            hdr.ipv4.dst_addr
        });
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
****************  E G R E S S   (unused: bypassed) ***********************
*************************************************************************/

parser PiggyCarEgressParser(packet_in packet,
                            out egress_headers_t hdr,
                            out egress_metadata_t meta,
                            out egress_intrinsic_metadata_t eg_intr_md) {
    state start {
        packet.extract(eg_intr_md);
        transition accept;
    }
}

control PiggyCarEgress(inout egress_headers_t hdr,
                       inout egress_metadata_t meta,
                       in egress_intrinsic_metadata_t eg_intr_md,
                       in egress_intrinsic_metadata_from_parser_t eg_prsr_md,
                       inout egress_intrinsic_metadata_for_deparser_t eg_dprsr_md,
                       inout egress_intrinsic_metadata_for_output_port_t eg_oport_md) {
    apply { }
}

control PiggyCarEgressDeparser(packet_out packet,
                               inout egress_headers_t hdr,
                               in egress_metadata_t meta,
                               in egress_intrinsic_metadata_for_deparser_t eg_dprsr_md) {
    apply {
        packet.emit(hdr);
    }
}

/*************************************************************************
***********************  S W I T C H  ***********************************
*************************************************************************/

Pipeline(PiggyCarIngressParser(),
         PiggyCarIngress(),
         PiggyCarIngressDeparser(),
         PiggyCarEgressParser(),
         PiggyCarEgress(),
         PiggyCarEgressDeparser()) pipe;

Switch(pipe) main;

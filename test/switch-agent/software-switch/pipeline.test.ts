import { beforeEach, describe, expect, it } from 'vitest';
import { buildUdpFrame, ipv4ToU32 } from '../../../src/core/packet';
import { writeOffload, writeRoute } from '../../../switch-agent/software-switch/forwarding-tables';
import { CPU_PORT, createPipelineResult, processPacket } from '../../../switch-agent/software-switch/pipeline';
import { createDataplane } from '../../../switch-agent/software-switch/dataplane';
import { insertSession } from '../../../switch-agent/software-switch/session-table';
import { createSwitchState, type SwitchState } from '../../../switch-agent/software-switch/switch-state';
import { INNER_HEX, SESSION_FRAME, SESSION_FRAME_HEX, hex, toHex } from '../../core/packet/fixtures';

// STF-style vectors: packet in on a port → expected packet out on a port, byte for byte (bytes written out by
// hand per header; checksums hand-checked: see test/core/packet/fixtures.ts).

const VNI = 0x5a3c1e;
const MAC = (n: number): number => 0x020000000000 + n;

function withSession(state: SwitchState, nowMs = 0, idleTimeoutNs = 0): void {
  insertSession(state.sessions, {
    vni: VNI,
    srcAddr: ipv4ToU32('10.1.0.11'),
    dstAddr: ipv4ToU32('10.96.0.20'),
    protocol: 6,
    srcPort: 43512,
    dstPort: 9080,
    nodeIp: ipv4ToU32('192.168.0.4'),
    idleTimeoutNs,
    lastHitMs: nowMs,
  });
}

function route(state: SwitchState, cidr: string, port: number): void {
  const [ip, len] = cidr.split('/');
  writeRoute(state.routes, 'INSERT', { prefix: ipv4ToU32(ip), prefixLen: Number(len), action: { kind: 'ipv4_forward', port, dstMac: MAC(port) } });
}

function run(state: SwitchState, frameHex: string, port = 1) {
  const frame = hex(frameHex);
  const result = processPacket(state, frame, port, 1000, createPipelineResult());
  return { verdict: result.verdict, port: result.egressPort, reason: result.dropReason, out: toHex(frame), result };
}

describe('PiggyCar pipeline on real bytes', () => {
  let state: SwitchState;
  beforeEach(() => {
    state = createSwitchState();
    route(state, '192.168.0.0/16', 2);
    route(state, '10.0.0.2/32', 3);
    route(state, '10.0.0.0/24', 1);
  });

  it('session hit at the owner: outer dst → backend VTEP, reserved2 := 1, routed, TTL − 1, checksum, UDP csum 0', () => {
    writeOffload(state.offload, 'INSERT', VNI, { kind: 'owner_is_local' });
    withSession(state);
    const r = run(state, SESSION_FRAME_HEX);
    expect([r.verdict, r.port]).toEqual(['forward', 2]);
    expect(r.out).toBe(
      '020000000002' + '020000000001' + '0800' + // next-hop MAC, src := old dst
        '4500' + '005a' + '0000' + '4000' + '3f' + '11' + '70dc' + '0a00000b' + 'c0a80004' + // TTL 63, dst 192.168.0.4
        'c000' + '12b5' + '0046' + '0000' +
        '08' + '000000' + '5a3c1e' + '01' + // reserved2 = PIGGYCAR_SERVICED
        INNER_HEX,
    );
    expect(state.counters).toMatchObject({ received: 1, forwarded: 1, sessionHits: 1 });
    expect(state.offload.entries.get(VNI)).toMatchObject({ packets: 1, bytes: 104 });
  });

  it('forwarding to a remote owner: set_owner rewrites the outer dst, no session lookup, reserved2 stays 0', () => {
    writeOffload(state.offload, 'INSERT', VNI, { kind: 'set_owner', ownerIp: ipv4ToU32('10.0.0.2') });
    const r = run(state, SESSION_FRAME_HEX);
    expect([r.verdict, r.port]).toEqual(['forward', 3]);
    expect(r.out).toBe(
      '020000000003' + '020000000001' + '0800' +
        '4500' + '005a' + '0000' + '4000' + '3f' + '11' + '2787' + '0a00000b' + '0a000002' +
        'c000' + '12b5' + '0046' + '0000' +
        '08' + '000000' + '5a3c1e' + '00' +
        INNER_HEX,
    );
    expect(state.counters.sessionHits + state.counters.sessionMisses).toBe(0);
  });

  it('session miss at the owner → CPU with packet_in (reason 1, vni, ingress port), frame untouched', () => {
    writeOffload(state.offload, 'INSERT', VNI, { kind: 'owner_is_local' });
    const r = run(state, SESSION_FRAME_HEX, 4);
    expect([r.verdict, r.port]).toEqual(['to-cpu', CPU_PORT]);
    expect([r.result.packetInReason, r.result.packetInVni, r.result.packetInIngressPort]).toEqual([1, VNI, 4]);
    expect(r.out).toBe(SESSION_FRAME_HEX);
    expect(state.counters).toMatchObject({ toCpu: 1, sessionMisses: 1 });
  });

  it('a VNI without an offload entry (NoAction) is only routed', () => {
    const r = run(state, SESSION_FRAME_HEX);
    expect([r.verdict, r.port]).toEqual(['forward', 1]);
    expect(r.out).toBe(
      '020000000001' + '020000000001' + '0800' +
        '4500' + '005a' + '0000' + '4000' + '3f' + '11' + '2788' + '0a00000b' + '0a000001' +
        'c000' + '12b5' + '0046' + '0000' +
        '08' + '000000' + '5a3c1e' + '00' +
        INNER_HEX,
    );
  });

  it('an already serviced packet (reserved2 = 1) is not steered again', () => {
    writeOffload(state.offload, 'INSERT', VNI, { kind: 'set_owner', ownerIp: ipv4ToU32('10.0.0.2') });
    const serviced = SESSION_FRAME_HEX.slice(0, 49 * 2) + '01' + SESSION_FRAME_HEX.slice(50 * 2);
    const r = run(state, serviced);
    expect(r.port).toBe(1); // routed on the unchanged 10.0.0.1
    expect(state.offload.entries.get(VNI)?.packets).toBe(0);
  });

  it('TTL: a packet arriving with TTL 1 is dropped; TTL 2 leaves with TTL 1 and a correct checksum', () => {
    const ttl = (t: string, csum: string): string => SESSION_FRAME_HEX.slice(0, 22 * 2) + t + '11' + csum + SESSION_FRAME_HEX.slice(26 * 2);
    // TTL 1: checksum 0x2688 + 0x3f00 = 0x6588 (one's complement arithmetic on the TTL/protocol word).
    expect(run(state, ttl('01', '6588'))).toMatchObject({ verdict: 'drop', reason: 'ttl-expired' });
    const r = run(state, ttl('02', '6488'));
    expect(r.verdict).toBe('forward');
    expect(r.out.slice(22 * 2, 26 * 2)).toBe('01116588');
  });

  it('drops frames without a route', () => {
    const noRoute = createSwitchState();
    expect(run(noRoute, SESSION_FRAME_HEX)).toMatchObject({ verdict: 'drop', reason: 'no-route' });
    expect(noRoute.counters.dropReasons).toEqual({ 'no-route': 1 });
  });

  it('routes non-VXLAN UDP unchanged apart from MACs, TTL and IPv4 checksum (UDP checksum kept)', () => {
    const b = buildUdpFrame({ ...SESSION_FRAME.outer, dstIp: '192.168.7.7', udpDstPort: 53 }, Uint8Array.of(0xde, 0xad));
    if (!b.ok) throw new Error(b.reason);
    const input = toHex(b.bytes);
    const frame = hex(input);
    frame[40] = 0x12; // some non-zero UDP checksum that the pipeline must not touch
    frame[41] = 0x34;
    const r = processPacket(state, frame, 1, 0, createPipelineResult());
    expect([r.verdict, r.egressPort]).toEqual(['forward', 2]);
    expect(toHex(frame.subarray(34))).toBe(input.slice(34 * 2, 40 * 2) + '1234' + 'dead');
    expect(frame[22]).toBe(63);
  });

  it('malformed, truncated and non-IPv4 frames are dropped and counted, never thrown', () => {
    const full = hex(SESSION_FRAME_HEX);
    writeOffload(state.offload, 'INSERT', VNI, { kind: 'owner_is_local' });
    for (const len of [0, 5, 13, 20, 33, 40, 49, 60, 70, 90, 103]) {
      const r = processPacket(state, full.slice(0, len), 1, 0, createPipelineResult());
      expect(r.verdict).toBe('drop');
      expect(r.dropReason).toBe('malformed');
    }
    const badVersion = hex(SESSION_FRAME_HEX);
    badVersion[14] = 0x65;
    expect(processPacket(state, badVersion, 1, 0, createPipelineResult()).dropReason).toBe('malformed');
    const arp = hex('ffffffffffff02000000000a0806' + '00'.repeat(28));
    expect(processPacket(state, arp, 1, 0, createPipelineResult()).dropReason).toBe('not-ipv4');
    expect(state.counters.dropReasons).toEqual({ malformed: 12, 'not-ipv4': 1 });
    expect(state.counters.dropped).toBe(13);
  });
});

describe('dataplane packet_out', () => {
  it('egress_port 0 re-injects into the pipeline (ingress CPU port); another port sends the frame unchanged', () => {
    const state = createSwitchState();
    route(state, '192.168.0.0/16', 2);
    writeOffload(state.offload, 'INSERT', VNI, { kind: 'owner_is_local' });
    const sent: [number, string][] = [];
    const cpu: number[][] = [];
    const dp = createDataplane(state, {
      transmit: (port, frame) => port <= 3 && (sent.push([port, toHex(frame)]), true),
      toCpu: (_f, reason, vni, ingress) => cpu.push([reason, vni, ingress]),
      now: () => 0,
    });
    dp.packetOut(hex(SESSION_FRAME_HEX), 0);
    expect(cpu).toEqual([[1, VNI, CPU_PORT]]);
    withSession(state);
    dp.packetOut(hex(SESSION_FRAME_HEX), 0);
    expect(sent).toHaveLength(1);
    expect(sent[0][0]).toBe(2);
    expect(sent[0][1].slice(30 * 2, 34 * 2)).toBe('c0a80004');
    dp.packetOut(hex(SESSION_FRAME_HEX), 3);
    expect(sent[1]).toEqual([3, SESSION_FRAME_HEX]);
    dp.packetOut(hex(SESSION_FRAME_HEX), 9); // no such port: dropped and counted
    expect(sent).toHaveLength(2);
    expect(state.counters.dropReasons).toEqual({ 'no-such-port': 1 });
  });
});

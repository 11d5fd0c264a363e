import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildVxlanFrame, parseFrame, ipv4ToU32 } from '../../../src/core/packet';
import { decodeTableEntry, encodeReadTable, encodeUpdate } from '../../../switch-agent/p4runtime/encode';
import type { TableEntryDescription } from '../../../switch-agent/p4runtime/encode-types';
import type { PacketMsg, IdleTimeoutNotificationMsg } from '../../../switch-agent/p4runtime/p4runtime-messages';
import { eventually, startHarness, type Harness, type HarnessTransports } from './harness';

// Real gRPC on loopback: the software switch's P4Runtime server and our P4RuntimeClient.

const VNI = 0x5a3c1e;
const session = (srcPort: number, idleTimeoutNs?: number): TableEntryDescription => ({
  table: 'PiggyCarIngress.tc_session_table',
  match: {
    'hdr.vxlan.vni': VNI,
    'hdr.inner_ipv4.src_addr': '10.1.0.11',
    'hdr.inner_ipv4.dst_addr': '10.96.0.20',
    'hdr.inner_ipv4.protocol': 6,
    'meta.l4_src_port': srcPort,
    'meta.l4_dst_port': 9080,
  },
  action: 'PiggyCarIngress.set_backend',
  params: { node_ip: '192.168.0.4' },
  ...(idleTimeoutNs ? { idleTimeoutNs } : {}),
});
const offloadLocal: TableEntryDescription = {
  table: 'PiggyCarIngress.function_offload_table',
  match: { 'hdr.vxlan.vni': VNI },
  action: 'PiggyCarIngress.owner_is_local',
};
const route: TableEntryDescription = {
  table: 'PiggyCarIngress.ipv4_route',
  match: { 'hdr.ipv4.dst_addr': '192.168.0.0/16' },
  action: 'PiggyCarIngress.ipv4_forward',
  params: { port: 2, dst_mac: '02:00:00:00:00:02' },
};

function frame(srcPort = 43512): Uint8Array {
  const r = buildVxlanFrame({
    outer: { srcMac: '02:00:00:00:00:0a', dstMac: '02:00:00:00:00:01', srcIp: '10.0.0.11', dstIp: '10.0.0.1' },
    vxlan: { vni: VNI },
    inner: { srcMac: '02:00:00:00:01:01', dstMac: '02:00:00:00:02:02', srcIp: '10.1.0.11', dstIp: '10.96.0.20', protocol: 6, srcPort, dstPort: 9080 },
  });
  if (!r.ok) throw new Error(r.reason);
  return r.bytes;
}

// The server runs on node:http2 (raw-grpc-server) or grpc-js' Server, the client's StreamChannel on node:http2
// (raw-stream-channel) or grpc-js: every combination with one of ours must behave the same on the wire.
const TRANSPORTS: HarnessTransports[] = [
  { server: 'http2', clientStream: 'http2' },
  { server: 'grpc-js', clientStream: 'http2' },
  { server: 'http2', clientStream: 'grpc-js' },
];

describe.each(TRANSPORTS)('P4Runtime server of the software switch over real gRPC (server $server, client stream $clientStream)', (transports) => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness({ tc_session_table: 3 }, 20, transports);
  });
  afterEach(async () => {
    await h.close();
  });

  async function primary() {
    const c = await h.client();
    const arb = await c.becomePrimary(1, 10);
    expect(arb).toEqual({ primary: true, code: 0, message: 'primary', electionId: { high: '0', low: '10' } });
    await c.setPipeline(h.p4info, new TextEncoder().encode('{"program":"piggycar.p4"}'), { cookie: '42' });
    return c;
  }

  it('answers Capabilities-free basics: pipeline round trip with cookie and device config', async () => {
    const c = await primary();
    const got = await c.getPipeline();
    expect(got.cookie).toBe('42');
    expect(new TextDecoder().decode(got.deviceConfig)).toBe('{"program":"piggycar.p4"}');
    expect(got.p4info?.tables?.map((t) => t.preamble.name)).toEqual(h.p4info.tables?.map((t) => t.preamble.name));
  });

  it('refuses a P4Info that is not the program it implements, naming the difference', async () => {
    const c = await h.client();
    await c.becomePrimary(1, 10);
    const wrong = structuredClone(h.p4info);
    wrong.tables![2].matchFields![0].bitwidth = 16;
    await expect(c.setPipeline(wrong)).rejects.toMatchObject({ code: 3, message: expect.stringContaining("tc_session_table") });
    await expect(c.setPipeline(h.p4info, undefined, { action: 'VERIFY' })).resolves.toBeUndefined();
  });

  it('arbitration: a second client with a lower election_id is backup and its writes are refused', async () => {
    const a = await primary();
    const b = await h.client();
    const arb = await b.becomePrimary(1, 5);
    expect(arb).toEqual({ primary: false, code: 6, message: 'not primary', electionId: { high: '0', low: '10' } });
    const denied = await b.write([encodeUpdate(h.helper, 'INSERT', offloadLocal)]);
    expect(denied).toMatchObject({ ok: false, code: 7 });
    expect(await a.write([encodeUpdate(h.helper, 'INSERT', offloadLocal)])).toEqual({ ok: true });
    // A higher election id takes over; the old primary is told it is now a backup.
    const demoted: boolean[] = [];
    a.onArbitration((u) => demoted.push(u.primary));
    const c = await h.client();
    expect((await c.becomePrimary(1, 20)).primary).toBe(true);
    await eventually(() => demoted.includes(false));
    expect((await a.write([encodeUpdate(h.helper, 'DELETE', offloadLocal)])).ok).toBe(false);
  });

  it('writes, reads back by name with wildcards, and reports per-update errors in a batch', async () => {
    const c = await primary();
    const ok = await c.write([
      encodeUpdate(h.helper, 'INSERT', route),
      encodeUpdate(h.helper, 'INSERT', offloadLocal),
      encodeUpdate(h.helper, 'INSERT', session(1000, 10_000_000_000)),
    ]);
    expect(ok).toEqual({ ok: true });
    const all = await c.read([encodeReadTable(h.helper)]);
    expect(all).toHaveLength(3);
    const sessions = await c.read([encodeReadTable(h.helper, 'PiggyCarIngress.tc_session_table', { idle: true })]);
    expect(sessions).toHaveLength(1);
    const decoded = decodeTableEntry(h.helper, sessions[0].tableEntry!);
    expect(decoded.match['meta.l4_src_port']).toBe(1000);
    expect(decoded.params).toEqual({ node_ip: ipv4ToU32('192.168.0.4') });
    expect(decoded.idleTimeoutNs).toBe(10_000_000_000n);
    expect(decoded.elapsedNsSinceLastHit).toBeGreaterThanOrEqual(0n);

    const batch = await c.write([
      encodeUpdate(h.helper, 'INSERT', session(1000)), // duplicate
      encodeUpdate(h.helper, 'MODIFY', { ...session(1000), params: { node_ip: '192.168.0.5' } }),
      encodeUpdate(h.helper, 'DELETE', session(2000)), // missing
    ]);
    expect(batch).toMatchObject({ ok: false, code: 2 });
    if (batch.ok) throw new Error('unreachable');
    expect(batch.errors.map((e) => [e.index, e.canonicalCode])).toEqual([
      [0, 6],
      [2, 5],
    ]);
    const after = await c.read([{ tableEntry: { tableId: h.helper.tableId('PiggyCarIngress.tc_session_table') } }]);
    expect(decodeTableEntry(h.helper, after[0].tableEntry!).params).toEqual({ node_ip: ipv4ToU32('192.168.0.5') });
  });

  it('rejects bad entries with INVALID_ARGUMENT naming the field', async () => {
    const c = await primary();
    const update = encodeUpdate(h.helper, 'INSERT', session(1000));
    update.entity.tableEntry!.match = update.entity.tableEntry!.match!.slice(1);
    const r = await c.write([update]);
    expect(r.ok).toBe(false);
    if (r.ok) throw new Error('unreachable');
    expect(r.errors[0]).toMatchObject({ index: 0, canonicalCode: 3, message: expect.stringContaining('hdr.vxlan.vni') });
  });

  it('capacity exhaustion: inserts beyond the configured tc_session_table size fail with RESOURCE_EXHAUSTED', async () => {
    const c = await primary();
    const r = await c.write([1, 2, 3, 4, 5].map((p) => encodeUpdate(h.helper, 'INSERT', session(p))));
    expect(r.ok).toBe(false);
    if (r.ok) throw new Error('unreachable');
    expect(r.errors.map((e) => [e.index, e.canonicalCode])).toEqual([
      [3, 8],
      [4, 8],
    ]);
    expect(await c.read([encodeReadTable(h.helper, 'tc_session_table')])).toHaveLength(3);
  });

  it('session miss → PacketIn with packet_in metadata; PacketOut egress_port 0 re-injects it through the pipeline', async () => {
    const c = await primary();
    await c.write([encodeUpdate(h.helper, 'INSERT', route), encodeUpdate(h.helper, 'INSERT', offloadLocal)]);
    const packetIns: PacketMsg[] = [];
    c.onPacketIn((p) => packetIns.push(p));
    const original = frame();
    h.dataplane.receive(new Uint8Array(original), 1);
    await eventually(() => packetIns.length === 1);
    expect(Buffer.from(packetIns[0].payload).equals(Buffer.from(original))).toBe(true);
    const meta = Object.fromEntries(packetIns[0].metadata!.map((m) => [m.metadataId, Buffer.from(m.value).toString('hex')]));
    expect(meta).toEqual({ 1: '01', 2: '5a3c1e', 3: '01' });
    // The agent installs the session and re-injects the packet.
    await c.write([encodeUpdate(h.helper, 'INSERT', session(43512))]);
    c.sendPacketOut({ payload: packetIns[0].payload, metadata: [{ metadataId: 1, value: Uint8Array.of(0) }, { metadataId: 2, value: Uint8Array.of(0) }] });
    await eventually(() => h.sent.length === 1);
    expect(h.sent[0].port).toBe(2);
    const out = parseFrame(h.sent[0].frame);
    expect(out.ok && out.frame.dstAddr).toBe(ipv4ToU32('192.168.0.4'));
    expect(out.ok && out.frame.vxlanReserved2).toBe(1);
  });

  it('reads per-VNI counters of function_offload_table', async () => {
    const c = await primary();
    await c.write([encodeUpdate(h.helper, 'INSERT', route), encodeUpdate(h.helper, 'INSERT', offloadLocal), encodeUpdate(h.helper, 'INSERT', session(43512))]);
    const f = frame();
    h.dataplane.receive(new Uint8Array(f), 1);
    h.dataplane.receive(new Uint8Array(f), 1);
    const read = await c.read([encodeReadTable(h.helper, 'function_offload_table', { counters: true })]);
    expect(decodeTableEntry(h.helper, read[0].tableEntry!).counterData).toEqual({ packetCount: 2n, byteCount: BigInt(2 * f.length) });
  });

  it('reads port_tx_counter by port and as a wildcard; an unknown counter or index is refused', async () => {
    const c = await primary();
    await c.write([encodeUpdate(h.helper, 'INSERT', route), encodeUpdate(h.helper, 'INSERT', offloadLocal), encodeUpdate(h.helper, 'INSERT', session(43512))]);
    const f = frame();
    h.dataplane.receive(new Uint8Array(f), 1);
    h.dataplane.receive(new Uint8Array(f), 1);
    h.dataplane.packetOut(new Uint8Array(100), 3);
    const counterId = h.helper.counter('port_tx_counter').preamble.id;
    const cells = await c.read([{ counterEntry: { counterId, index: { index: '2' } } }, { counterEntry: { counterId, index: { index: '3' } } }]);
    expect(cells.map((e) => [e.counterEntry?.index?.index, e.counterEntry?.data?.packetCount, e.counterEntry?.data?.byteCount]))
      .toEqual([['2', '2', String(2 * f.length)], ['3', '1', '100']]);
    const all = await c.read([{ counterEntry: { counterId } }]);
    expect(all).toHaveLength(512);
    expect(all.filter((e) => Number(e.counterEntry?.data?.packetCount ?? 0) > 0).map((e) => e.counterEntry?.index?.index)).toEqual(['2', '3']);
    await expect(c.read([{ counterEntry: { counterId: counterId + 1 } }])).rejects.toMatchObject({ code: 5 });
    await expect(c.read([{ counterEntry: { counterId, index: { index: '512' } } }])).rejects.toMatchObject({ code: 11, message: expect.stringContaining('0..511') });
  });

  it('idle timeout: an idle session is reported once in an IdleTimeoutNotification and stays installed', async () => {
    const c = await primary();
    const notes: IdleTimeoutNotificationMsg[] = [];
    c.onIdleTimeout((n) => notes.push(n));
    await c.write([encodeUpdate(h.helper, 'INSERT', session(7, 30_000_000)), encodeUpdate(h.helper, 'INSERT', session(8))]);
    await eventually(() => notes.length > 0);
    const entries = notes.flatMap((n) => n.tableEntry);
    expect(entries).toHaveLength(1);
    expect(decodeTableEntry(h.helper, entries[0]).match['meta.l4_src_port']).toBe(7);
    expect(entries[0].idleTimeoutNs).toBe('30000000');
    expect(BigInt(notes[0].timestamp ?? '0')).toBeGreaterThan(0n);
    expect(await c.read([encodeReadTable(h.helper, 'tc_session_table')])).toHaveLength(2);
  });
});

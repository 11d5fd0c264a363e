/**
 * The slow path against a real software switch dataplane and its P4Runtime server over real gRPC (in process):
 * bursts of misses are written in batches, yet every new session gets exactly one tc_session_table entry with its
 * idle timeout, every packet is re-injected only after its session's entry is written (so it leaves pinned), and a
 * full table forwards without pinning, counted.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { buildVxlanFrame, ipv4ToU32, parseFrame } from '../../../src/core/packet';
import type { FullRuleEntry } from '../../../src/core/desired-state/types';
import { encodeUpdate } from '../../../switch-agent/p4runtime/encode';
import { listSessions } from '../../../switch-agent/software-switch/session-table';
import { newAgentCounters } from '../../../switch-agent/agent/agent-counters';
import { SessionTracker } from '../../../switch-agent/agent/session-tracker';
import { SlowPath } from '../../../switch-agent/agent/slow-path';
import { eventually, startHarness, type Harness } from '../p4runtime/harness';

const VNI = 0x5a3c1e;
const BACKENDS = ['10.1.0.3', '10.1.0.4'];
const rule: FullRuleEntry = {
  vni: VNI, ruleId: 'default/reviews/http/0', lbPolicy: { kind: 'RANDOM' }, expectedSessions: 100,
  backends: [
    { pod: 'v1', ip: '100.64.0.3', nodeVtepIp: BACKENDS[0], weight: 80 },
    { pod: 'v2', ip: '100.64.0.4', nodeVtepIp: BACKENDS[1], weight: 20 },
  ] as FullRuleEntry['backends'],
};

function frame(i: number, seq: number): Uint8Array {
  const r = buildVxlanFrame({
    outer: { srcMac: '02:00:00:00:00:0a', dstMac: '02:00:00:00:00:01', srcIp: '10.0.0.11', dstIp: '10.0.0.1' },
    vxlan: { vni: VNI },
    inner: { srcMac: '02:00:00:00:01:01', dstMac: '02:00:00:00:02:02', srcIp: `100.64.${i >> 8}.${i & 255}`, dstIp: '10.96.0.20', protocol: 6, srcPort: 40000 + i, dstPort: 9080, seq },
  });
  if (!r.ok) throw new Error(r.reason);
  return r.bytes;
}

function seeded(seed: number): () => number {
  let s = seed;
  return () => ((s = (Math.imul(s, 1103515245) + 12345) >>> 0) / 4294967296);
}

describe('slow path (in process, real gRPC to a software switch)', () => {
  let h: Harness | undefined;
  afterEach(async () => {
    await h?.close();
    h = undefined;
  });

  async function setUp(capacity: number) {
    h = await startHarness({ tc_session_table: capacity }, 1000);
    const client = await h.client();
    expect((await client.becomePrimary(1, 10)).primary).toBe(true);
    await client.setPipeline(h.p4info);
    const result = await client.write([
      encodeUpdate(h.helper, 'INSERT', { table: 'PiggyCarIngress.ipv4_route', match: { 'hdr.ipv4.dst_addr': '10.1.0.0/16' }, action: 'PiggyCarIngress.ipv4_forward', params: { port: 2, dst_mac: '02:00:00:00:00:02' } }),
      encodeUpdate(h.helper, 'INSERT', { table: 'PiggyCarIngress.function_offload_table', match: { 'hdr.vxlan.vni': VNI }, action: 'PiggyCarIngress.owner_is_local' }),
    ]);
    expect(result.ok).toBe(true);
    const counters = newAgentCounters();
    const tracker = new SessionTracker();
    const slow = new SlowPath({
      client, helper: h.helper, tracker, counters, random: seeded(7), now: Date.now, log: () => undefined, onOccupancyChange: () => undefined,
    });
    slow.setRules([rule], 30_000);
    client.onPacketIn((p) => slow.handlePacketIn(p));
    return { slow, counters, tracker, harness: h };
  }

  /** Outer destination and serviced mark of every frame the switch transmitted, by inner source port. */
  function landings(harness: Harness): Map<number, { dst: number; serviced: number }[]> {
    const out = new Map<number, { dst: number; serviced: number }[]>();
    for (const s of harness.sent) {
      const p = parseFrame(s.frame);
      if (!p.ok) throw new Error('unparsable frame');
      const list = out.get(p.frame.l4SrcPort) ?? [];
      list.push({ dst: p.frame.dstAddr, serviced: p.frame.vxlanReserved2 });
      out.set(p.frame.l4SrcPort, list);
    }
    return out;
  }

  it('a burst of 300 new sessions (two packets each, before any entry exists): one entry each with the idle timeout, written in batches, every packet pinned', async () => {
    const { slow, counters, tracker, harness } = await setUp(1024);
    const n = 300;
    for (let i = 0; i < n; i++) harness.dataplane.receive(frame(i, 0), 1);
    for (let i = 0; i < n; i++) harness.dataplane.receive(frame(i, 1), 1);
    await eventually(() => harness.sent.length >= 2 * n);
    const entries = listSessions(harness.dataplane.state.sessions);
    expect(entries).toHaveLength(n);
    expect(new Set(entries.map((e) => e.srcPort)).size).toBe(n);
    for (const e of entries) expect(e.idleTimeoutNs).toBe(30_000_000_000);
    expect(tracker.size).toBe(n);
    expect(counters.newSessions).toBe(n);
    expect(counters.overflows).toBe(0);
    // Batched: fewer Writes than sessions (a burst arrives faster than one Write round trip).
    const stats = slow.stats();
    expect(stats.written).toBe(n);
    expect(stats.writes).toBeLessThan(n);
    // Both packets of each session left pinned (serviced) toward the backend its entry names.
    const byPort = new Map(entries.map((e) => [e.srcPort, e.nodeIp]));
    for (const [port, list] of landings(harness)) {
      expect(list).toHaveLength(2);
      for (const l of list) {
        expect(l.serviced).toBe(1);
        expect(l.dst).toBe(byPort.get(port));
      }
    }
    const v1 = entries.filter((e) => e.nodeIp === ipv4ToU32(BACKENDS[0])).length;
    expect(v1).toBeGreaterThan(n * 0.65); // 80 % weight (seeded randomness)
    expect(v1).toBeLessThan(n * 0.95);
  });

  it('whenFlushed resolves only once every session chosen so far is written and tracked (a migration export waits for it)', async () => {
    const { slow, tracker, harness } = await setUp(1024);
    const n = 200;
    for (let i = 0; i < n; i++) harness.dataplane.receive(frame(i, 0), 1);
    // Every session chosen (pending or written); usually some are still in flight here.
    await eventually(() => slow.stats().pending + tracker.size >= n, 1);
    await slow.whenFlushed();
    expect(tracker.size).toBe(n);
    expect(listSessions(harness.dataplane.state.sessions)).toHaveLength(n);
    expect(tracker.complete).toBe(true);
    await slow.whenFlushed(); // nothing pending: at once
  });

  it('a full table: the rest go unpinned (each session consistently to one backend) and are counted as overflows', async () => {
    const { counters, tracker, harness } = await setUp(8);
    const n = 40;
    for (let i = 0; i < n; i++) harness.dataplane.receive(frame(i, 0), 1);
    await eventually(() => harness.sent.length >= n);
    for (let i = 0; i < n; i++) harness.dataplane.receive(frame(i, 1), 1);
    await eventually(() => harness.sent.length >= 2 * n);
    expect(listSessions(harness.dataplane.state.sessions)).toHaveLength(8);
    expect(tracker.size).toBe(8);
    expect(counters.newSessions).toBe(8);
    expect(counters.overflows).toBe(n - 8);
    for (const list of landings(harness).values()) {
      expect(list).toHaveLength(2);
      expect(list[0].dst).toBe(list[1].dst);
      expect(BACKENDS.map(ipv4ToU32)).toContain(list[0].dst);
    }
  });
});

/**
 * Dataplane benchmarks (npm run bench:dataplane [-- --json]):
 *  - pipeline: session-hit packets/s on one core in process (the PiggyCar pipeline on real bytes), beside a
 *    naive pipeline (objects per packet, string-keyed Map) in the same run. Target ≥ 1,000,000 pps;
 *    reference: BMv2 simple_switch peaks at about 80,000 pps.
 *  - P4Runtime Write: tc_session_table entries/s in batches of 1,000 over loopback gRPC (real server and
 *    client in this process), beside single-entry writes. Target ≥ 50,000 entries/s; Stratum ≈ 17,000.
 * Each figure is the median of several repetitions. Rates are per core: operations per CPU second of this
 * process (what one core sustains, independent of other load on a shared machine); wall-clock rates are
 * reported beside them.
 */
import os from 'node:os';
import { buildVxlanFrame, ipv4ToU32 } from '../../src/core/packet';
import { loadP4InfoFile } from '../../switch-agent/p4info/load-p4info';
import { P4InfoHelper } from '../../switch-agent/p4info/p4info-helper';
import { createP4RuntimeClient } from '../../switch-agent/p4runtime/client';
import { encodeUpdate } from '../../switch-agent/p4runtime/encode';
import type { UpdateMsg } from '../../switch-agent/p4runtime/p4runtime-messages';
import { createP4RuntimeServer } from '../../switch-agent/p4runtime/server';
import { createDataplane } from '../../switch-agent/software-switch/dataplane';
import { writeOffload, writeRoute } from '../../switch-agent/software-switch/forwarding-tables';
import { createPipelineResult, processPacket } from '../../switch-agent/software-switch/pipeline';
import { insertSession } from '../../switch-agent/software-switch/session-table';
import { createSwitchState } from '../../switch-agent/software-switch/switch-state';
import { naiveProcess, type NaiveState } from './naive-pipeline';

const json = process.argv.includes('--json');
const REPS = 5;
const WRITE_REPS = 3;
const VNI = 0x5a3c1e;
const SESSIONS = 50_000;
const FLOWS = 4096;

interface Row {
  case: string;
  /** Per core: operations / CPU seconds of this process (user + system), so other load on the machine does not count. */
  packetsPerSec?: number;
  entriesPerSec?: number;
  /** Operations / wall-clock seconds (lower when the machine is shared). */
  wallPerSec?: number;
  baseline?: string;
  ratio?: number;
  target?: number;
  reference?: string;
}

/** CPU seconds of this process so far (all threads: JS, GC helpers, libuv). */
function cpuSeconds(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
}

/** Per-core and wall-clock rates of one timed run. */
interface Rate {
  cpu: number;
  wall: number;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

function flowFrames(): Uint8Array[] {
  const frames: Uint8Array[] = [];
  for (let i = 0; i < FLOWS; i++) {
    const r = buildVxlanFrame({
      outer: { srcMac: '02:00:00:00:00:0a', dstMac: '02:00:00:00:00:01', srcIp: '10.0.0.11', dstIp: '10.0.0.1' },
      vxlan: { vni: VNI },
      inner: { srcMac: '02:00:00:00:01:01', dstMac: '02:00:00:00:02:02', srcIp: '10.1.0.11', dstIp: '10.96.0.20', protocol: 6, srcPort: 1024 + i * 11, dstPort: 9080 },
    });
    if (!r.ok) throw new Error(r.reason);
    frames.push(r.bytes);
  }
  return frames;
}

function sessionKey(i: number) {
  return { vni: VNI, srcAddr: ipv4ToU32('10.1.0.11'), dstAddr: ipv4ToU32('10.96.0.20'), protocol: 6, srcPort: 1024 + i * 11, dstPort: 9080 };
}

/** Packets per second of `step` over `frames` (each packet copied from its template first, as a NIC would). */
function measurePps(frames: Uint8Array[], step: (frame: Uint8Array, i: number) => void): Rate {
  const scratch = frames.map((f) => new Uint8Array(f.length));
  const cpu: number[] = [];
  const wall: number[] = [];
  for (let rep = 0; rep < REPS; rep++) {
    const n = 500_000;
    const t0 = performance.now();
    const c0 = cpuSeconds();
    for (let i = 0; i < n; i++) {
      const k = i & (FLOWS - 1);
      const f = scratch[k];
      f.set(frames[k]);
      step(f, i);
    }
    cpu.push(n / (cpuSeconds() - c0));
    wall.push(n / ((performance.now() - t0) / 1000));
  }
  return { cpu: median(cpu), wall: median(wall) };
}

function pipelineCases(): Row[] {
  const frames = flowFrames();
  const state = createSwitchState({ tc_session_table: SESSIONS });
  writeOffload(state.offload, 'INSERT', VNI, { kind: 'owner_is_local' });
  writeRoute(state.routes, 'INSERT', { prefix: ipv4ToU32('192.168.0.0'), prefixLen: 16, action: { kind: 'ipv4_forward', port: 2, dstMac: 0x020000000002 } });
  writeRoute(state.routes, 'INSERT', { prefix: ipv4ToU32('10.0.0.0'), prefixLen: 24, action: { kind: 'ipv4_forward', port: 1, dstMac: 0x020000000001 } });
  writeRoute(state.routes, 'INSERT', { prefix: ipv4ToU32('10.0.0.2'), prefixLen: 32, action: { kind: 'ipv4_forward', port: 3, dstMac: 0x020000000003 } });
  const naive: NaiveState = { offload: new Map([[VNI, { kind: 'owner_is_local' }]]), sessions: new Map(), routes: [] };
  for (const [p, len, port] of [['192.168.0.0', 16, 2], ['10.0.0.0', 24, 1], ['10.0.0.2', 32, 3]] as const) {
    naive.routes.push({ prefix: ipv4ToU32(p), len, port, mac: Uint8Array.of(2, 0, 0, 0, 0, port) });
  }
  for (let i = 0; i < SESSIONS; i++) {
    const k = sessionKey(i);
    insertSession(state.sessions, { ...k, nodeIp: ipv4ToU32('192.168.0.4') + (i % 64), idleTimeoutNs: 10e9, lastHitMs: 0 });
    naive.sessions.set(`${k.vni}|${k.srcAddr}|${k.dstAddr}|${k.protocol}|${k.srcPort}|${k.dstPort}`, { nodeIp: ipv4ToU32('192.168.0.4') + (i % 64), lastHitMs: 0 });
  }
  const result = createPipelineResult();
  let forwarded = 0;
  const fast = measurePps(frames, (f, i) => {
    processPacket(state, f, 1, i, result);
    if (result.egressPort === 2) forwarded++;
  });
  const slow = measurePps(frames, (f, i) => {
    if (naiveProcess(naive, f, i) === 2) forwarded++;
  });
  if (forwarded !== 2 * REPS * 500_000) throw new Error(`not every packet was a session hit (${forwarded})`);
  return [
    {
      case: 'pipeline-session-hit',
      packetsPerSec: Math.round(fast.cpu),
      wallPerSec: Math.round(fast.wall),
      baseline: 'pipeline-naive-objects',
      ratio: +(fast.cpu / slow.cpu).toFixed(2),
      target: 1_000_000,
      reference: 'BMv2 ~80,000 pps',
    },
    { case: 'pipeline-naive-objects', packetsPerSec: Math.round(slow.cpu), wallPerSec: Math.round(slow.wall) },
  ];
}

async function writeCases(): Promise<Row[]> {
  const p4info = await loadP4InfoFile();
  const helper = new P4InfoHelper(p4info);
  const state = createSwitchState({ tc_session_table: 200_000 });
  const dataplane = createDataplane(state, { transmit: () => true, toCpu: () => undefined, now: Date.now });
  const server = createP4RuntimeServer({ deviceId: 1, reference: p4info, host: dataplane });
  const port = await server.listen('127.0.0.1:0');
  const client = createP4RuntimeClient();
  await client.connect(`127.0.0.1:${port}`);
  await client.becomePrimary(1, 1);
  const updates: UpdateMsg[] = [];
  for (let i = 0; i < 20_000; i++) {
    updates.push(
      encodeUpdate(helper, 'INSERT', {
        table: 'PiggyCarIngress.tc_session_table',
        match: {
          'hdr.vxlan.vni': VNI, 'hdr.inner_ipv4.src_addr': 0x0a010000 + (i >>> 8), 'hdr.inner_ipv4.dst_addr': '10.96.0.20',
          'hdr.inner_ipv4.protocol': 6, 'meta.l4_src_port': 1024 + (i & 0xff), 'meta.l4_dst_port': 9080,
        },
        action: 'PiggyCarIngress.set_backend',
        params: { node_ip: '192.168.0.4' },
        idleTimeoutNs: 10_000_000_000,
      }),
    );
  }
  async function rate(batch: number, count: number): Promise<Rate> {
    const cpu: number[] = [];
    const wall: number[] = [];
    for (let rep = 0; rep < WRITE_REPS; rep++) {
      await client.setPipeline(p4info); // VERIFY_AND_COMMIT clears the tables
      const t0 = performance.now();
      const c0 = cpuSeconds();
      for (let i = 0; i < count; i += batch) {
        const r = await client.write(updates.slice(i, i + batch));
        if (!r.ok) throw new Error(r.message);
      }
      cpu.push(count / (cpuSeconds() - c0));
      wall.push(count / ((performance.now() - t0) / 1000));
    }
    return { cpu: median(cpu), wall: median(wall) };
  }
  const batched = await rate(1000, 20_000);
  const single = await rate(1, 300);
  client.close();
  await server.close();
  return [
    {
      case: 'p4runtime-write-batch-1000',
      entriesPerSec: Math.round(batched.cpu),
      wallPerSec: Math.round(batched.wall),
      baseline: 'p4runtime-write-single',
      ratio: +(batched.cpu / single.cpu).toFixed(2),
      target: 50_000,
      reference: 'Stratum ~17,000 entries/s',
    },
    { case: 'p4runtime-write-single', entriesPerSec: Math.round(single.cpu), wallPerSec: Math.round(single.wall) },
  ];
}

async function main(): Promise<void> {
  const rows = [...pipelineCases(), ...(await writeCases())];
  if (json) {
    for (const r of rows) console.log(JSON.stringify(r));
    return;
  }
  console.log(`load average ${os.loadavg().map((l) => l.toFixed(1)).join(' ')} on ${os.cpus().length} cores; medians of ${REPS} (pipeline) / ${WRITE_REPS} (write) runs`);
  console.log('case                          per core/s      wall/s          baseline                  ratio  target');
  for (const r of rows) {
    const rate = r.packetsPerSec ?? r.entriesPerSec ?? 0;
    const unit = r.packetsPerSec !== undefined ? 'pkt' : 'ent';
    console.log(
      `${r.case.padEnd(30)}${(rate.toLocaleString('en-US') + ' ' + unit).padEnd(16)}${((r.wallPerSec ?? 0).toLocaleString('en-US') + ' ' + unit).padEnd(16)}` +
        `${(r.baseline ?? '').padEnd(26)}${String(r.ratio ?? '').padEnd(7)}${r.target ? r.target.toLocaleString('en-US') : ''}${r.reference ? `  (${r.reference})` : ''}`,
    );
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});

import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import dgram from 'node:dgram';
import { mkdtempSync, readFileSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadP4InfoFile } from '../../../switch-agent/p4info/load-p4info';
import { P4InfoHelper } from '../../../switch-agent/p4info/p4info-helper';
import { createP4RuntimeClient } from '../../../switch-agent/p4runtime/client';
import type { P4RuntimeClient } from '../../../switch-agent/p4runtime/client-types';
import { encodeUpdate } from '../../../switch-agent/p4runtime/encode';
import type { PacketMsg } from '../../../switch-agent/p4runtime/p4runtime-messages';
import { INNER_HEX, SESSION_FRAME_HEX, hex, toHex } from '../../core/packet/fixtures';

// The software switch as a real child process: real UDP datagrams on 127.0.6.x, real gRPC, real signals.

const VNI = 0x5a3c1e;

async function bind(host: string): Promise<dgram.Socket> {
  const s = dgram.createSocket('udp4');
  await new Promise<void>((resolve) => s.bind(0, host, resolve));
  return s;
}

function nextDatagram(s: dgram.Socket): Promise<Buffer> {
  return new Promise((resolve) => s.once('message', (msg) => resolve(msg)));
}

describe('software switch process', () => {
  let child: ChildProcessWithoutNullStreams;
  let hostA: dgram.Socket;
  let hostB: dgram.Socket;
  let switchPort: number;
  let client: P4RuntimeClient;
  let helper: P4InfoHelper;
  let dir: string;
  let exitCode: Promise<number | null>;

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'piggycar-switch-'));
    hostA = await bind('127.0.6.2');
    hostB = await bind('127.0.6.3');
    const probe = await bind('127.0.6.1');
    switchPort = probe.address().port;
    probe.close();
    child = spawn(
      process.execPath,
      [
        '--import', 'tsx', 'switch-agent/software-switch/main.ts',
        '--name', 's1',
        '--listen', `127.0.6.1:${switchPort}`,
        '--ports', `1=127.0.6.2:${hostA.address().port},2=127.0.6.3:${hostB.address().port}`,
        '--grpc', '127.0.0.1:0',
        '--device-id', '1',
        '--capacity', 'tc_session_table=10',
        '--aging-interval-ms', '20',
        '--stats-file', path.join(dir, 'stats.json'),
      ],
      { cwd: process.cwd() },
    );
    exitCode = new Promise((resolve) => child.on('exit', (code) => resolve(code)));
    const ready = await new Promise<{ grpcPort: number }>((resolve, reject) => {
      createInterface({ input: child.stdout }).once('line', (line) => resolve(JSON.parse(line)));
      child.once('exit', (code) => reject(new Error(`switch exited early (${code})`)));
    });
    const p4info = await loadP4InfoFile();
    helper = new P4InfoHelper(p4info);
    client = createP4RuntimeClient();
    await client.connect(`127.0.0.1:${ready.grpcPort}`);
    expect((await client.becomePrimary(1, 1)).primary).toBe(true);
    await client.setPipeline(p4info);
    const r = await client.write([
      encodeUpdate(helper, 'INSERT', {
        table: 'PiggyCarIngress.ipv4_route',
        match: { 'hdr.ipv4.dst_addr': '192.168.0.0/16' },
        action: 'PiggyCarIngress.ipv4_forward',
        params: { port: 2, dst_mac: '02:00:00:00:00:02' },
      }),
      encodeUpdate(helper, 'INSERT', {
        table: 'PiggyCarIngress.function_offload_table',
        match: { 'hdr.vxlan.vni': VNI },
        action: 'PiggyCarIngress.owner_is_local',
      }),
    ]);
    expect(r).toEqual({ ok: true });
  });

  afterAll(async () => {
    client?.close();
    if (child && child.exitCode === null) child.kill('SIGKILL');
    hostA?.close();
    hostB?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('miss → PacketIn; agent installs the session and re-injects; the rewritten frame arrives over UDP byte for byte', async () => {
    const packetIn = new Promise<PacketMsg>((resolve) => client.onPacketIn(resolve));
    hostA.send(hex(SESSION_FRAME_HEX), switchPort, '127.0.6.1');
    const p = await packetIn;
    expect(toHex(p.payload)).toBe(SESSION_FRAME_HEX);
    expect(p.metadata?.map((m) => toHex(m.value))).toEqual(['01', '5a3c1e', '01']);

    const w = await client.write([
      encodeUpdate(helper, 'INSERT', {
        table: 'PiggyCarIngress.tc_session_table',
        match: {
          'hdr.vxlan.vni': VNI,
          'hdr.inner_ipv4.src_addr': '10.1.0.11',
          'hdr.inner_ipv4.dst_addr': '10.96.0.20',
          'hdr.inner_ipv4.protocol': 6,
          'meta.l4_src_port': 43512,
          'meta.l4_dst_port': 9080,
        },
        action: 'PiggyCarIngress.set_backend',
        params: { node_ip: '192.168.0.4' },
      }),
    ]);
    expect(w.ok).toBe(true);
    const arrived = nextDatagram(hostB);
    client.sendPacketOut({ payload: p.payload, metadata: [{ metadataId: 1, value: Uint8Array.of(0) }, { metadataId: 2, value: Uint8Array.of(0) }] });
    const expected =
      '020000000002' + '020000000001' + '0800' +
      '4500' + '005a' + '0000' + '4000' + '3f' + '11' + '70dc' + '0a00000b' + 'c0a80004' +
      'c000' + '12b5' + '0046' + '0000' + '08' + '000000' + '5a3c1e' + '01' + INNER_HEX;
    expect(toHex(await arrived)).toBe(expected);

    // The next packet of the session is a hit in the dataplane, straight from host A to host B.
    const again = nextDatagram(hostB);
    hostA.send(hex(SESSION_FRAME_HEX), switchPort, '127.0.6.1');
    expect(toHex(await again)).toBe(expected);
  });

  it('drops malformed datagrams, keeps running, reports counters on SIGUSR1 and exits cleanly on SIGTERM', async () => {
    hostA.send(Uint8Array.of(1, 2, 3, 4, 5), switchPort, '127.0.6.1');
    hostA.send(hex(SESSION_FRAME_HEX).subarray(0, 60), switchPort, '127.0.6.1');
    const stillAlive = nextDatagram(hostB);
    hostA.send(hex(SESSION_FRAME_HEX), switchPort, '127.0.6.1');
    await stillAlive;
    const statsFile = path.join(dir, 'stats.json');
    child.kill('SIGUSR1');
    while (!existsSync(statsFile)) await new Promise((r) => setTimeout(r, 20));
    const stats = JSON.parse(readFileSync(statsFile, 'utf8'));
    expect(stats.counters.dropReasons).toEqual({ malformed: 2 });
    expect(stats.counters).toMatchObject({ toCpu: 1, sessionHits: 3, sessionMisses: 1, forwarded: 3 });
    expect(stats.tables).toEqual({ ipv4_route: 1, function_offload_table: 1, tc_session_table: 1 });
    child.kill('SIGTERM');
    expect(await exitCode).toBe(0);
  });
});

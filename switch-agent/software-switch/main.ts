/**
 * The software switch process: receives UDP datagrams whose payload is a whole Ethernet frame on --listen,
 * runs the PiggyCar pipeline, sends rewritten frames to the UDP endpoint of the egress port, and serves
 * P4Runtime on --grpc. Prints one JSON line {"event":"ready",...} on stdout when serving; on SIGUSR1 logs the
 * counters to stderr (and writes them to --stats-file); exits cleanly on SIGTERM/SIGINT.
 *
 * tsx switch-agent/software-switch/main.ts --name s1 --listen 127.0.1.1:4789 \
 *   --ports 1=127.0.1.2:4789,2=127.0.1.3:4789 --grpc 127.0.0.1:50051 --device-id 1 --capacity tc_session_table=1000
 */
import { writeFileSync, renameSync } from 'node:fs';
import { loadP4InfoFile } from '../p4info/load-p4info';
import { createP4RuntimeServer } from '../p4runtime/server';
import { parseSwitchOptions } from './cli-options';
import { createDataplane } from './dataplane';
import { openPortSockets, type PortSockets } from './port-sockets';
import { createSwitchState } from './switch-state';

/** UDP socket receive/send buffer asked for (a software NIC queue). */
const UDP_BUFFER_BYTES = 4 * 1024 * 1024;

async function main(): Promise<void> {
  const parsed = parseSwitchOptions(process.argv.slice(2));
  if (!parsed.ok) {
    process.stderr.write(`software-switch: ${parsed.field}: ${parsed.reason}\n`);
    process.exit(2);
  }
  const o = parsed.options;
  const reference = await loadP4InfoFile(o.p4info);
  const state = createSwitchState(o.capacities);
  let stopping = false;

  // The server and the port sockets are created after the dataplane; they are reached through these late-bound references.
  let server: ReturnType<typeof createP4RuntimeServer> | undefined;
  let portSockets: PortSockets | undefined;
  const dataplane = createDataplane(state, {
    transmit: function transmit(port, frame) {
      return portSockets?.send(port, frame) ?? o.ports.has(port);
    },
    toCpu: (frame, reason, vni, ingressPort) => {
      // No copy: the PacketIn encoder copies the frame into its message at once.
      server?.sendPacketIn(frame, reason, vni, ingressPort);
    },
    now: Date.now,
  });
  server = createP4RuntimeServer({ deviceId: o.deviceId, reference, host: dataplane, agingIntervalMs: o.agingIntervalMs });

  portSockets = await openPortSockets({
    listen: o.listen,
    ports: o.ports,
    // Bursts of new sessions wait here while the CPU port is busy: the default ~200 KB buffer holds only a few
    // hundred datagrams, so a burst past that was dropped.
    bufferBytes: UDP_BUFFER_BYTES,
    onFrame: function onDatagram(msg, ingressPort) { dataplane.receive(msg, ingressPort); },
    onError: (err) => process.stderr.write(`software-switch ${o.name}: udp error: ${err.message}\n`),
  });
  const grpcPort = await server.listen(`${o.grpc.host}:${o.grpc.port}`);

  function stats(): string {
    return JSON.stringify({
      name: o.name,
      counters: state.counters,
      tables: { ipv4_route: state.routes.size, function_offload_table: state.offload.entries.size, tc_session_table: state.sessions.size },
    });
  }
  function writeStats(): void {
    const line = stats();
    process.stderr.write(`${line}\n`);
    if (o.statsFile) {
      writeFileSync(`${o.statsFile}.tmp`, line);
      renameSync(`${o.statsFile}.tmp`, o.statsFile);
    }
  }
  process.on('SIGUSR1', writeStats);
  async function stop(): Promise<void> {
    if (stopping) return;
    stopping = true;
    if (o.statsFile) writeStats();
    portSockets?.close();
    await server?.close();
    process.exit(0);
  }
  process.on('SIGTERM', () => void stop());
  process.on('SIGINT', () => void stop());

  process.stdout.write(`${JSON.stringify({ event: 'ready', name: o.name, listen: `${o.listen.host}:${o.listen.port}`, grpcPort })}\n`);
}

main().catch((err: unknown) => {
  process.stderr.write(`software-switch: ${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});

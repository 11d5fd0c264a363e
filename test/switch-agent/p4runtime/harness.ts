/** Test harness: a software switch dataplane + its P4Runtime server on a random loopback port, real gRPC. */
import { loadP4InfoFile } from '../../../switch-agent/p4info/load-p4info';
import { P4InfoHelper } from '../../../switch-agent/p4info/p4info-helper';
import type { P4Info } from '../../../switch-agent/p4info/p4info-types';
import { createP4RuntimeClient } from '../../../switch-agent/p4runtime/client';
import type { P4RuntimeClient } from '../../../switch-agent/p4runtime/client-types';
import { createP4RuntimeServer } from '../../../switch-agent/p4runtime/server';
import type { P4RuntimeServer } from '../../../switch-agent/p4runtime/server-types';
import { createDataplane, type Dataplane } from '../../../switch-agent/software-switch/dataplane';
import { createSwitchState, type TableCapacities } from '../../../switch-agent/software-switch/switch-state';

export interface Harness {
  p4info: P4Info;
  helper: P4InfoHelper;
  dataplane: Dataplane;
  server: P4RuntimeServer;
  target: string;
  /** Frames the dataplane transmitted, by port. */
  sent: { port: number; frame: Uint8Array }[];
  clients: P4RuntimeClient[];
  client(): Promise<P4RuntimeClient>;
  close(): Promise<void>;
}

/** Which gRPC implementations the two ends use (the wire is the same; tests run across the combinations). */
export interface HarnessTransports {
  server?: 'http2' | 'grpc-js';
  clientStream?: 'http2' | 'grpc-js';
}

export async function startHarness(capacities: Partial<TableCapacities> = {}, agingIntervalMs = 20, transports: HarnessTransports = {}): Promise<Harness> {
  const p4info = await loadP4InfoFile();
  const state = createSwitchState(capacities);
  const sent: { port: number; frame: Uint8Array }[] = [];
  let server: P4RuntimeServer | undefined;
  const dataplane = createDataplane(state, {
    transmit: (port, frame) => {
      if (port < 1 || port > 4) return false;
      sent.push({ port, frame: new Uint8Array(frame) });
      return true;
    },
    toCpu: (frame, reason, vni, ingressPort) => void server?.sendPacketIn(new Uint8Array(frame), reason, vni, ingressPort),
    now: Date.now,
  });
  server = createP4RuntimeServer({ deviceId: 1, reference: p4info, host: dataplane, agingIntervalMs, transport: transports.server });
  const port = await server.listen('127.0.0.1:0');
  const clients: P4RuntimeClient[] = [];
  const h: Harness = {
    p4info,
    helper: new P4InfoHelper(p4info),
    dataplane,
    server,
    target: `127.0.0.1:${port}`,
    sent,
    clients,
    async client() {
      const c = createP4RuntimeClient({ stream: transports.clientStream });
      await c.connect(h.target);
      clients.push(c);
      return c;
    },
    async close() {
      for (const c of clients) c.close();
      await server?.close();
    },
  };
  return h;
}

/** Resolves when `predicate` holds, polling (no timing assertion: the test timeout bounds it). */
export async function eventually(predicate: () => boolean, stepMs = 10): Promise<void> {
  while (!predicate()) await new Promise((r) => setTimeout(r, stepMs));
}

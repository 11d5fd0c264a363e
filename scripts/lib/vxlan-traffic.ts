import dgram from 'node:dgram';
import { buildVxlanFrame, createParsedFrame, parseFrameInto, u32ToIpv4 } from '../../src/core/packet';
import { macForIpv4 } from '../../src/core/desired-state/ipv4';
import type { Endpoint } from './loopback-fabric';

/** One inner session (what an on-node proxy would tunnel with the rule's VNI). */
export interface TrafficSession {
  vni: number;
  srcIp: string;
  dstIp: string;
  srcPort: number;
  dstPort: number;
}

/** Where a packet landed: the receiving server and the outer destination it carried. */
export interface Landing {
  server: string;
  outerDst: string;
  vni: number;
  serviced: boolean;
}

/**
 * Plays the mesh servers of a loopback fabric: one UDP socket per server bound at its loopback endpoint,
 * sending VXLAN frames to its access switch (so the switch sees the right ingress port) and recording every
 * frame that arrives, keyed by the inner session.
 *
 * @example
 * const servers = await ServerSockets.open(layout, ['server1', 'server3', 'server4']);
 * servers.send('server1', { vtepIp: '10.1.0.1', accessIp: '10.0.0.11', access: layout.get('access1')! }, session);
 * await servers.waitFor((n) => n >= 100, 5000);
 * servers.close();
 */
export class ServerSockets {
  /** Inner session key → landings, in arrival order. */
  readonly landings = new Map<string, Landing[]>();
  received = 0;
  /** `srcIp|srcPort` of the inner session of the last frame received. */
  lastKey: string | undefined;
  /** Called for every VXLAN frame that arrives (closed-loop generators). */
  onPacket: ((landing: Landing) => void) | undefined;
  private readonly waiters = new Set<() => void>();

  private constructor(private readonly sockets: Map<string, dgram.Socket>) {}

  static async open(layout: Map<string, Endpoint>, servers: string[]): Promise<ServerSockets> {
    const sockets = new Map<string, dgram.Socket>();
    const instance = new ServerSockets(sockets);
    for (const name of servers) {
      const ep = layout.get(name);
      if (!ep) throw new Error(`no loopback endpoint for ${name}`);
      const socket = dgram.createSocket('udp4');
      socket.on('message', (msg) => instance.record(name, new Uint8Array(msg)));
      await new Promise<void>((resolve, reject) => {
        socket.once('error', reject);
        socket.bind(ep.port, ep.host, () => resolve());
      });
      // Closed-loop generators keep hundreds of datagrams in flight: the default ~200 KB buffers drop a burst.
      socket.setRecvBufferSize(4 * 1024 * 1024);
      socket.setSendBufferSize(4 * 1024 * 1024);
      sockets.set(name, socket);
    }
    return instance;
  }

  private readonly view = createParsedFrame();

  private record(server: string, frame: Uint8Array): void {
    if (parseFrameInto(frame, this.view) !== null || this.view.kind !== 'vxlan') return;
    const v = this.view;
    const key = sessionKeyOf({ vni: v.vni, srcIp: u32ToIpv4(v.innerSrcAddr), dstIp: u32ToIpv4(v.innerDstAddr), srcPort: v.l4SrcPort, dstPort: v.l4DstPort });
    let list = this.landings.get(key);
    if (!list) this.landings.set(key, (list = []));
    list.push({ server, outerDst: u32ToIpv4(v.dstAddr), vni: v.vni, serviced: v.vxlanReserved2 === 1 });
    this.received++;
    this.lastKey = `${u32ToIpv4(v.innerSrcAddr)}|${v.l4SrcPort}`;
    this.onPacket?.(list[list.length - 1]);
    for (const w of [...this.waiters]) w();
  }

  /** Sends one packet of `session` from `server` (VTEP `vtepIp`) to its access switch. */
  send(server: string, via: { vtepIp: string; accessIp: string; access: Endpoint }, session: TrafficSession, seq = 0): void {
    const socket = this.sockets.get(server);
    if (!socket) throw new Error(`no socket for ${server}`);
    const built = buildVxlanFrame({
      outer: { srcMac: macForIpv4(via.vtepIp), dstMac: macForIpv4(via.accessIp), srcIp: via.vtepIp, dstIp: via.accessIp, udpSrcPort: 49152 + (session.srcPort % 16384) },
      vxlan: { vni: session.vni },
      inner: {
        srcMac: '02:aa:00:00:00:01', dstMac: '02:bb:00:00:00:01', srcIp: session.srcIp, dstIp: session.dstIp,
        protocol: 6, srcPort: session.srcPort, dstPort: session.dstPort, seq,
      },
    });
    if (!built.ok) throw new Error(`cannot build frame: ${built.field}: ${built.reason}`);
    socket.send(built.bytes, via.access.port, via.access.host);
  }

  /**
   * Sends one packet of each session, paced in bursts (UDP on loopback drops what a busy receiver's socket
   * buffer cannot hold, as a real NIC queue would).
   */
  async sendPaced(
    server: string, via: { vtepIp: string; accessIp: string; access: Endpoint }, sessions: TrafficSession[], seq = 0,
    pace: { burst: number; gapMs: number } = { burst: 40, gapMs: 2 },
  ): Promise<void> {
    for (let i = 0; i < sessions.length; i++) {
      this.send(server, via, sessions[i], seq);
      if ((i + 1) % pace.burst === 0) await new Promise((r) => setTimeout(r, pace.gapMs));
    }
  }

  /** Resolves once `condition(received)` holds, or rejects after `timeoutMs`. */
  waitFor(condition: (received: number) => boolean, timeoutMs: number): Promise<void> {
    if (condition(this.received)) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters.delete(check);
        reject(new Error(`timed out after ${timeoutMs} ms with ${this.received} packets received`));
      }, timeoutMs);
      const check = (): void => {
        if (!condition(this.received)) return;
        clearTimeout(timer);
        this.waiters.delete(check);
        resolve();
      };
      this.waiters.add(check);
    });
  }

  close(): void {
    for (const s of this.sockets.values()) s.close();
    this.sockets.clear();
  }
}

/**
 * The key of an inner session.
 *
 * @example
 * sessionKeyOf({ vni: 7, srcIp: '100.64.0.1', dstIp: '10.96.0.9', srcPort: 40000, dstPort: 9080 });
 */
export function sessionKeyOf(s: TrafficSession): string {
  return `${s.vni}|${s.srcIp}|${s.dstIp}|${s.srcPort}|${s.dstPort}`;
}

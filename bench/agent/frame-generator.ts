import dgram from 'node:dgram';
import { buildVxlanFrame, createParsedFrame, ipv4ToU32, parseFrameInto, u32ToIpv4 } from '../../src/core/packet';
import { macForIpv4 } from '../../src/core/desired-state/ipv4';
import type { Endpoint } from '../../scripts/lib/loopback-fabric';
import type { TrafficSession } from '../../scripts/lib/vxlan-traffic';

/**
 * A TCP SYN's initial retransmission timeout (RFC 6298: 1 s). A shorter one resends sessions that are merely queued
 * behind a large window, and the duplicates feed a retry storm.
 */
const RETRY_AFTER_MS = 1000;

/** Frames built ahead of a run, with the arrival index (inner source address × 65536 + source port → session). */
export interface PreparedRun {
  via: GeneratorVia;
  frames: Uint8Array[];
  index: Map<number, number>;
}

/** Where the generator's packets enter the fabric: a server's VTEP behind an access switch, sent to the switch under test. */
export interface GeneratorVia {
  vtepIp: string;
  accessIp: string;
  access: Endpoint;
}

/**
 * The closed-loop traffic generator of the slow-path benchmark: plays the switch's neighbours on loopback UDP
 * (one socket per neighbour endpoint), sends the first packet of each session from the first neighbour and
 * counts, per session, the first packet that comes back out of the switch on any neighbour. Why its own
 * generator rather than scripts/lib/vxlan-traffic: that one builds every frame on send and records every landing
 * (≈ 55 µs of CPU per session), which on a 2-core machine takes CPU from the two processes under test. Here
 * frames are built before the clock starts (as a packet generator replays a capture) and an arrival is matched by
 * its inner source address and port; what is timed — real datagrams through the real switch and agent — is the same.
 *
 * @example
 * const gen = await FrameGenerator.open([layout.get('access1')!, layout.get('access2')!]);
 * const { ms } = await gen.closedLoop(via, sessions, 0, 512);
 */
export class FrameGenerator {
  /** Arrivals per outer destination (backend node VTEP) of the last run. */
  landedOn = new Map<string, number>();
  private onArrival: ((i: number, outerDst: number) => void) | undefined;
  private index = new Map<number, number>();
  private readonly view = createParsedFrame();
  /** The endpoint the sending socket is connected to (see connectSender). */
  private senderPeer: Endpoint | undefined;

  private constructor(private readonly sockets: dgram.Socket[]) {
    for (const s of sockets) s.on('message', (msg) => this.arrived(msg));
  }

  /** Binds one UDP socket per endpoint (the first one sends). */
  static async open(endpoints: Endpoint[]): Promise<FrameGenerator> {
    const sockets: dgram.Socket[] = [];
    for (const ep of endpoints) {
      const socket = dgram.createSocket('udp4');
      await new Promise<void>((resolve, reject) => {
        socket.once('error', reject);
        socket.bind(ep.port, ep.host, () => resolve());
      });
      socket.setRecvBufferSize(4 * 1024 * 1024);
      socket.setSendBufferSize(4 * 1024 * 1024);
      sockets.push(socket);
    }
    return new FrameGenerator(sockets);
  }

  private arrived(msg: Buffer): void {
    const v = this.view;
    if (parseFrameInto(msg, v) !== null || v.kind !== 'vxlan' || v.innerL4Offset < 0) return;
    const i = this.index.get(v.innerSrcAddr * 65536 + v.l4SrcPort);
    if (i !== undefined) this.onArrival?.(i, v.dstAddr);
  }

  /**
   * Sends packet `seq` of each session keeping at most `window` unanswered; a session unanswered for RETRY_AFTER_MS
   * is sent again (a datagram a full socket buffer dropped, as a TCP SYN would be retried). Frames are built before
   * the clock starts. Resolves with the elapsed ms and the resends.
   */
  async closedLoop(via: GeneratorVia, sessions: TrafficSession[], seq: number, window: number): Promise<{ ms: number; retries: number }> {
    return this.run(this.prepare(via, sessions, seq), window);
  }

  /** Builds the frames of packet `seq` of each session (done before any clock or CPU meter starts). */
  prepare(via: GeneratorVia, sessions: TrafficSession[], seq: number): PreparedRun {
    const frames = sessions.map(function build(t) {
      const built = buildVxlanFrame({
        outer: { srcMac: macForIpv4(via.vtepIp), dstMac: macForIpv4(via.accessIp), srcIp: via.vtepIp, dstIp: via.accessIp, udpSrcPort: 49152 + (t.srcPort % 16384) },
        vxlan: { vni: t.vni },
        inner: { srcMac: '02:aa:00:00:00:01', dstMac: '02:bb:00:00:00:01', srcIp: t.srcIp, dstIp: t.dstIp, protocol: 6, srcPort: t.srcPort, dstPort: t.dstPort, seq },
      });
      if (!built.ok) throw new Error(`cannot build frame: ${built.field}: ${built.reason}`);
      return built.bytes;
    });
    const index = new Map(sessions.map((t, i) => [ipv4ToU32(t.srcIp) * 65536 + t.srcPort, i]));
    if (index.size !== sessions.length) throw new Error('sessions must differ in inner source address or port');
    return { via, frames, index };
  }

  /**
   * Connects the sending socket to the switch under test: a connected UDP socket sends without a route lookup per
   * datagram (as a hardware generator's fixed stream would), and still receives the switch's datagrams.
   */
  private async connectSender(to: Endpoint): Promise<void> {
    const sender = this.sockets[0];
    if (this.senderPeer?.host === to.host && this.senderPeer.port === to.port) return;
    if (this.senderPeer) sender.disconnect();
    await new Promise<void>((resolve, reject) => sender.connect(to.port, to.host, (err?: Error) => (err ? reject(err) : resolve())));
    this.senderPeer = to;
  }

  /** Runs a prepared closed loop: see closedLoop. */
  async run(prepared: PreparedRun, window: number): Promise<{ ms: number; retries: number }> {
    const { via, frames } = prepared;
    await this.connectSender(via.access);
    const sessions = frames;
    this.index = prepared.index;
    this.landedOn = new Map();
    const sender = this.sockets[0];
    const sentAt = new Float64Array(sessions.length);
    const answered = new Uint8Array(sessions.length);
    let done = 0;
    let next = 0;
    let retries = 0;
    const landed = new Map<number, number>();
    const start = performance.now();
    function send(i: number): void {
      sentAt[i] = performance.now();
      sender.send(frames[i]);
    }
    await new Promise<void>((resolve, reject) => {
      const timer = setInterval(function resend() {
        const now = performance.now();
        for (let i = 0; i < next; i++) {
          if (answered[i] || now - sentAt[i] <= RETRY_AFTER_MS) continue;
          retries++;
          send(i);
        }
        if (retries > sessions.length) {
          clearInterval(timer);
          reject(new Error(`too many retries (${retries}); ${done}/${sessions.length} answered`));
        }
      }, 100);
      this.onArrival = (i, outerDst) => {
        if (answered[i]) return;
        answered[i] = 1;
        landed.set(outerDst, (landed.get(outerDst) ?? 0) + 1);
        done++;
        if (done >= sessions.length) {
          clearInterval(timer);
          this.onArrival = undefined;
          resolve();
          return;
        }
        if (next < sessions.length) send(next++);
      };
      for (; next < Math.min(window, sessions.length); next++) send(next);
    });
    const ms = performance.now() - start;
    for (const [dst, n] of landed) this.landedOn.set(u32ToIpv4(dst), n);
    return { ms, retries };
  }

  close(): void {
    for (const s of this.sockets) s.close();
  }
}

import type { FabricGraph } from '../fabric/fabric-graph';
import { dctcpRound } from './dctcp';
import { FlowHeap } from './flow-heap';
import { maxMinFair, MaxMinWorkspace } from './max-min';
import type { Connection, NetworkEvent, NetworkParams, NetworkSink } from './network-types';
import { PathPorts } from './path-ports';

/** Bits of slack when deciding that a flow has received all its bits (float accumulation error). */
const FINISH_EPSILON_BITS = 1e-3;

/**
 * The flow-level network: directed ports (one per link direction) with capacities and fluid queues,
 * connections (DCTCP senders) sharing them max-min fairly, and the flows (requests) queued in each
 * connection's byte stream (FIFO: a TCP connection delivers its bytes in order).
 *
 * Rates are recomputed only when the set of active connections changes or a window change moves a
 * connection's cap across its allocated rate, and then only for the component of connections that share
 * ports (transitively) with the one that changed. A connection's window in excess of its bottleneck's
 * bandwidth-delay product stands in that port's queue (fluid equilibrium: queue = cwnd − rate · RTT₀);
 * above K the port marks, and each connection runs one DCTCP round per RTT while it is growing or marked.
 *
 * @example
 * const net = new FlowNetwork(graph, params, sink);
 * net.startFlow(0, src, -1, dst, 1.912e6, request); // the sink's `delivered` fires when the last bit lands
 */
export class FlowNetwork<R> {
  readonly portCapacity: Float64Array;
  readonly portQueue: Float64Array;
  /** Bits offered to each port (counted when a flow starts): the load the detour test compares. */
  readonly portOfferedBits: Float64Array;
  readonly connections = new Map<number, Connection<R>>();
  /** Rate recomputations done (a cost statistic for benchmarks). */
  recomputations = 0;
  /** Largest queue seen on any port, bits. */
  maxQueueBits = 0;
  private readonly portConns: Array<Connection<R>[] | undefined>;
  private readonly paths: PathPorts;
  private readonly nodeCount: number;
  private stampCounter = 0;
  private readonly workspace: MaxMinWorkspace;
  /** Port stamps for the component search (instead of a Set per recomputation). */
  private readonly portSeenStamp: Int32Array;

  constructor(
    private readonly graph: FabricGraph,
    private readonly params: NetworkParams,
    private readonly sink: NetworkSink<R>,
  ) {
    const portCount = 2 * graph.linkCount;
    this.portCapacity = new Float64Array(portCount);
    for (let l = 0; l < graph.linkCount; l++) {
      const bps = graph.link(l).bandwidthGbps * 1e9;
      this.portCapacity[2 * l] = bps;
      this.portCapacity[2 * l + 1] = bps;
    }
    this.portQueue = new Float64Array(portCount);
    this.portOfferedBits = new Float64Array(portCount);
    this.portConns = new Array(portCount);
    this.workspace = new MaxMinWorkspace(portCount);
    this.portSeenStamp = new Int32Array(portCount);
    this.paths = new PathPorts(graph);
    this.nodeCount = graph.nodeCount;
  }

  /**
   * Starts a flow of `bits` from node `from` to node `to`, through `via` when via ≥ 0 (an owner switch
   * or a node the path must visit). A flow with no links to cross is delivered at once.
   */
  startFlow(now: number, from: number, via: number, to: number, bits: number, request: R): void {
    const key = this.connectionKey(from, via, to);
    let conn = this.connections.get(key);
    if (conn === undefined) {
      const ports = this.paths.ports(from, via, to);
      if (ports.length === 0) { this.sink.delivered(now, request); return; }
      conn = this.createConnection(key, ports, now);
      this.connections.set(key, conn);
    }
    for (const p of conn.ports) this.portOfferedBits[p] += bits;
    if (conn.active) {
      this.advance(conn, now);
      conn.enqueued += bits;
      conn.flows.push(conn.enqueued, request);
      this.scheduleCompletion(conn, now);
      return;
    }
    if (now - conn.idleSince > this.params.idleRestartSeconds) this.resetWindow(conn);
    conn.active = true;
    conn.served = 0;
    conn.enqueued = bits;
    conn.lastUpdate = now;
    conn.flows.push(bits, request);
    for (const p of conn.ports) {
      let list = this.portConns[p];
      if (list === undefined) { list = []; this.portConns[p] = list; }
      list.push(conn);
    }
    this.recompute(now, [conn], undefined);
  }

  /** Handles an event this network scheduled. */
  handle(now: number, event: NetworkEvent<R>): void {
    if (event.kind === 'complete') this.onComplete(now, event);
    else this.onTick(now, event);
  }

  /** Queueing delay Σ Q(p)/C(p) along a connection's path, seconds. */
  queueDelay(conn: Connection<R>): number {
    let d = 0;
    for (const p of conn.ports) d += this.portQueue[p] / this.portCapacity[p];
    return d;
  }

  /** Forgets connections idle for longer than the restart interval (their state would be reset anyway). */
  sweepIdle(now: number): void {
    for (const [key, conn] of this.connections) {
      if (!conn.active && now - conn.idleSince > this.params.idleRestartSeconds) this.connections.delete(key);
    }
  }

  /** The map key of the connection from → (via) → to. */
  connectionKey(from: number, via: number, to: number): number {
    const n = this.nodeCount;
    return (via + 1) * n * n + from * n + to;
  }

  /** Directed ports of the path from → (via) → to; exposed for reports that watch one port. */
  pathPorts(from: number, via: number, to: number): Int32Array {
    return this.paths.ports(from, via, to);
  }

  private createConnection(key: number, ports: Int32Array, now: number): Connection<R> {
    let oneWay = 0;
    for (const p of ports) oneWay += this.graph.link(p >> 1).baseLatencyUs * 1e-6;
    const rtt0 = 2 * oneWay;
    const maxWindow = Math.max(this.params.mssBits, this.params.maxWindowBdpFactor * this.portCapacity[ports[0]] * rtt0);
    const conn: Connection<R> = {
      key, ports, oneWaySeconds: oneWay, rtt0, maxWindow,
      cwnd: 0, ssthresh: Infinity, alpha: 0, capRate: 0, rate: 0, bottleneck: -1, excess: 0,
      served: 0, enqueued: 0, lastUpdate: now, flows: new FlowHeap<R>(), active: false, idleSince: -Infinity,
      completionVersion: 0, tickVersion: 0, tickPending: false, stamp: 0,
    };
    this.resetWindow(conn);
    return conn;
  }

  private resetWindow(conn: Connection<R>): void {
    conn.cwnd = Math.min(conn.maxWindow, this.params.initialWindowBits);
    conn.ssthresh = Infinity;
    conn.alpha = this.params.initialAlpha;
    conn.capRate = conn.rtt0 > 0 ? conn.cwnd / conn.rtt0 : Infinity;
  }

  private advance(conn: Connection<R>, now: number): void {
    if (conn.flows.size > 0 && conn.rate > 0) conn.served += conn.rate * (now - conn.lastUpdate);
    conn.lastUpdate = now;
  }

  private scheduleCompletion(conn: Connection<R>, now: number): void {
    conn.completionVersion++;
    if (conn.flows.size === 0 || !(conn.rate > 0)) return;
    const dt = Math.max(0, conn.flows.peekFinish() - conn.served) / conn.rate;
    this.sink.schedule(now + dt, { kind: 'complete', conn, version: conn.completionVersion });
  }

  private onComplete(now: number, event: NetworkEvent<R>): void {
    const conn = event.conn;
    if (event.version !== conn.completionVersion || !conn.active) return;
    this.advance(conn, now);
    const arrival = now + conn.oneWaySeconds + this.queueDelay(conn);
    while (conn.flows.size > 0 && conn.flows.peekFinish() <= conn.served + FINISH_EPSILON_BITS) {
      this.sink.delivered(arrival, conn.flows.pop()!);
    }
    if (conn.flows.size > 0) { this.scheduleCompletion(conn, now); return; }
    conn.active = false;
    conn.idleSince = now;
    conn.rate = 0;
    conn.completionVersion++;
    const neighbours: Connection<R>[] = [];
    for (const p of conn.ports) {
      const list = this.portConns[p]!;
      const i = list.indexOf(conn);
      list[i] = list[list.length - 1];
      list.pop();
      for (const other of list) neighbours.push(other);
    }
    this.recompute(now, neighbours, conn.ports);
  }

  private onTick(now: number, event: NetworkEvent<R>): void {
    const conn = event.conn;
    if (event.version !== conn.tickVersion) return;
    conn.tickPending = false;
    if (!conn.active) return;
    const marked = this.aboveK(conn) ? 1 : 0;
    dctcpRound(conn, marked, { g: this.params.g, mssBits: this.params.mssBits, maxWindowBits: conn.maxWindow });
    conn.capRate = conn.cwnd / conn.rtt0;
    if (conn.bottleneck >= 0 && conn.capRate >= conn.rate) {
      // Still held by its bottleneck port: rates stand, only that port's standing queue moves.
      const b = conn.bottleneck;
      const before = this.portQueue[b];
      const excess = Math.max(0, conn.cwnd - conn.rate * conn.rtt0);
      this.portQueue[b] = Math.min(this.params.portBufferBits, Math.max(0, before + excess - conn.excess));
      conn.excess = excess;
      if (this.portQueue[b] > this.maxQueueBits) this.maxQueueBits = this.portQueue[b];
      if (before <= this.params.ecnThresholdBits && this.portQueue[b] > this.params.ecnThresholdBits) {
        for (const other of this.portConns[b] ?? []) this.ensureTick(other, now);
      }
    } else {
      this.recompute(now, [conn], undefined);
    }
    this.ensureTick(conn, now);
  }

  private aboveK(conn: Connection<R>): boolean {
    for (const p of conn.ports) if (this.portQueue[p] > this.params.ecnThresholdBits) return true;
    return false;
  }

  /** A connection runs DCTCP rounds while it can still grow or while its path marks. */
  private ensureTick(conn: Connection<R>, now: number): void {
    if (conn.tickPending || !conn.active) return;
    if (conn.cwnd >= conn.maxWindow && !this.aboveK(conn)) return;
    conn.tickPending = true;
    conn.tickVersion++;
    const rtt = conn.rtt0 + this.queueDelay(conn);
    this.sink.schedule(now + rtt, { kind: 'tick', conn, version: conn.tickVersion });
  }

  /** Max-min allocation; a lone connection (the common case on a lightly loaded large fabric) needs no filling. */
  private allocate(component: Connection<R>[]): { rate: Float64Array; bottleneck: Int32Array } {
    const capacity = this.portCapacity;
    if (component.length !== 1) return maxMinFair(component, function capacityOf(p) { return capacity[p]; }, this.workspace);
    const c = component[0];
    let rate = Infinity, bottleneck = -1;
    for (const p of c.ports) if (capacity[p] < rate) { rate = capacity[p]; bottleneck = p; }
    if (c.capRate <= rate) { rate = c.capRate; bottleneck = -1; }
    return { rate: Float64Array.of(rate), bottleneck: Int32Array.of(bottleneck) };
  }

  /** Max-min rates and standing queues for the component reachable from `seeds` through shared ports. */
  private recompute(now: number, seeds: Connection<R>[], extraPorts: Int32Array | undefined): void {
    this.recomputations++;
    const stamp = ++this.stampCounter;
    const component: Connection<R>[] = [];
    const ports: number[] = [];
    const seen = this.portSeenStamp;
    const roots = this.params.recomputeAll ? this.connections.values() : seeds;
    for (const s of roots) if (s.active && s.stamp !== stamp) { s.stamp = stamp; component.push(s); }
    for (let i = 0; i < component.length; i++) {
      for (const p of component[i].ports) {
        if (seen[p] === stamp) continue;
        seen[p] = stamp;
        ports.push(p);
        for (const other of this.portConns[p] ?? []) {
          if (other.stamp !== stamp) { other.stamp = stamp; component.push(other); }
        }
      }
    }
    if (extraPorts) for (const p of extraPorts) if (seen[p] !== stamp) { seen[p] = stamp; ports.push(p); }
    for (const c of component) this.advance(c, now);
    const allocation = this.allocate(component);
    for (const p of ports) this.portQueue[p] = 0;
    for (let i = 0; i < component.length; i++) {
      const c = component[i];
      const rate = allocation.rate[i];
      c.bottleneck = allocation.bottleneck[i];
      if (rate !== c.rate) { c.rate = rate; this.scheduleCompletion(c, now); }
      c.excess = c.bottleneck >= 0 ? Math.max(0, c.cwnd - c.rate * c.rtt0) : 0;
      if (c.bottleneck >= 0) this.portQueue[c.bottleneck] += c.excess;
    }
    for (const p of ports) {
      const q = Math.min(this.params.portBufferBits, this.portQueue[p]);
      this.portQueue[p] = q;
      if (q > this.maxQueueBits) this.maxQueueBits = q;
    }
    for (const c of component) this.ensureTick(c, now);
  }
}

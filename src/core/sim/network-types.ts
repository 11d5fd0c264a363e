import type { FlowHeap } from './flow-heap';

/** Parameters of the flow-level network (all in bits and seconds); see `constants.ts` for the sources. */
export interface NetworkParams {
  /** DCTCP K, in bits (K packets · packet size). */
  ecnThresholdBits: number;
  mssBits: number;
  /** Initial window in bits; Infinity starts every connection at its ceiling (used by hand-checked tests). */
  initialWindowBits: number;
  /** Window ceiling = factor · path BDP (first-hop rate · base RTT). */
  maxWindowBdpFactor: number;
  /** DCTCP g. */
  g: number;
  initialAlpha: number;
  idleRestartSeconds: number;
  /** A port's queue never exceeds this (a finite buffer); the fluid model does not model the drops. */
  portBufferBits: number;
  /** Baseline for benchmarks: recompute every active connection at each change instead of one component. */
  recomputeAll?: boolean;
}

/**
 * A transport connection: one DCTCP sender from a server to a server (optionally through a via node that
 * is on its path), a pooled connection carrying the requests between the two in order (a TCP byte stream is
 * FIFO); connections share ports max-min fairly.
 */
export interface Connection<R> {
  readonly key: number;
  /** Directed ports along the path (2 · link + direction). */
  readonly ports: Int32Array;
  /** One-way propagation latency Σ T_base(e), seconds. */
  readonly oneWaySeconds: number;
  /** Base RTT = 2 · one-way (the ACKs take the same links back). */
  readonly rtt0: number;
  readonly maxWindow: number;
  cwnd: number;
  ssthresh: number;
  alpha: number;
  /** cwnd / rtt0: the rate the window allows. */
  capRate: number;
  /** Allocated rate (bits/s) for the whole connection. */
  rate: number;
  /** Port that froze the connection in the max-min allocation, -1 when its window froze it. */
  bottleneck: number;
  /** Bits of its window standing in the bottleneck queue: max(0, cwnd − rate · rtt0). */
  excess: number;
  /** Bits sent since the connection last became active. */
  served: number;
  /** Bits written into the connection since it last became active (a flow ends when `served` reaches its mark). */
  enqueued: number;
  lastUpdate: number;
  flows: FlowHeap<R>;
  active: boolean;
  idleSince: number;
  completionVersion: number;
  tickVersion: number;
  tickPending: boolean;
  /** Component-search stamp (avoids a visited set per recomputation). */
  stamp: number;
}

/** A timed network event the simulator must hand back to the network when its time comes. */
export interface NetworkEvent<R> {
  kind: 'complete' | 'tick';
  conn: Connection<R>;
  version: number;
}

/** How the network talks to the simulator that drives it. */
export interface NetworkSink<R> {
  schedule(time: number, event: NetworkEvent<R>): void;
  /** The last bit of a request's flow arrived at the far end at `time`. */
  delivered(time: number, request: R): void;
}

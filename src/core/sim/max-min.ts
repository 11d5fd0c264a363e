/** One connection's demand in a max-min allocation: the directed ports it crosses and its own rate cap. */
export interface MaxMinDemand {
  /** Directed port ids (2 · link + direction) the connection crosses. */
  readonly ports: Int32Array;
  /** Rate ceiling (bits/s), e.g. its window over its base RTT; Infinity for none. */
  readonly capRate: number;
}

/** The max-min fair allocation: per connection its rate and the port that froze it (-1: its own cap). */
export interface MaxMinAllocation {
  rate: Float64Array;
  bottleneck: Int32Array;
}

/**
 * Scratch space reused across allocations (a port → local index map by epoch stamps, flat buffers), so a
 * recomputation allocates nothing proportional to the fabric.
 *
 * @example
 * const ws = new MaxMinWorkspace(2 * graph.linkCount);
 * maxMinFair(demands, capacityOf, ws);
 */
export class MaxMinWorkspace {
  readonly portLocal: Int32Array;
  readonly portStamp: Int32Array;
  stamp = 0;
  portIds = new Int32Array(64);
  remaining = new Float64Array(64);
  count = new Int32Array(64);
  saturated = new Uint8Array(64);
  flat = new Int32Array(256);

  constructor(portCount: number) {
    this.portLocal = new Int32Array(portCount);
    this.portStamp = new Int32Array(portCount);
  }

  ensure(ports: number, flat: number): void {
    if (ports > this.portIds.length) {
      const n = Math.max(ports, 2 * this.portIds.length);
      this.portIds = new Int32Array(n); this.remaining = new Float64Array(n);
      this.count = new Int32Array(n); this.saturated = new Uint8Array(n);
    }
    if (flat > this.flat.length) this.flat = new Int32Array(Math.max(flat, 2 * this.flat.length));
  }
}

/**
 * Max-min fair rates by progressive filling: raise every unfrozen connection's rate together until a port
 * saturates (freeze the connections crossing it at that level) or a connection reaches its own cap
 * (freeze it there); repeat. O(rounds · (ports + connections)) for one component of the sharing graph;
 * the caller passes only the connections that share ports (transitively) with the one that changed.
 * Among several saturated ports on a path, the first one on the path is reported as the bottleneck.
 *
 * @example
 * // two connections on one 100 Gbps port: 50 Gbps each, both bottlenecked at port 0
 * maxMinFair([{ ports: Int32Array.of(0), capRate: Infinity }, { ports: Int32Array.of(0), capRate: Infinity }], () => 100e9);
 */
export function maxMinFair(demands: ReadonlyArray<MaxMinDemand>, capacityOf: (port: number) => number,
  workspace?: MaxMinWorkspace): MaxMinAllocation {
  const n = demands.length;
  let flatSize = 0, maxPort = 0;
  for (const d of demands) {
    flatSize += d.ports.length;
    for (const p of d.ports) if (p > maxPort) maxPort = p;
  }
  const ws = workspace ?? new MaxMinWorkspace(maxPort + 1);
  ws.ensure(flatSize, flatSize);
  if (ws.stamp >= 0x7ffffffe) { ws.portStamp.fill(0); ws.stamp = 0; }
  const stamp = ++ws.stamp;
  const { portLocal, portStamp, flat } = ws;
  const start = new Int32Array(n + 1);
  let portCount = 0, k = 0;
  for (let i = 0; i < n; i++) {
    start[i] = k;
    for (const p of demands[i].ports) {
      if (portStamp[p] !== stamp) {
        portStamp[p] = stamp; portLocal[p] = portCount;
        ws.portIds[portCount] = p; ws.remaining[portCount] = capacityOf(p); ws.count[portCount] = 0;
        portCount++;
      }
      const q = portLocal[p];
      flat[k++] = q;
      ws.count[q]++;
    }
  }
  start[n] = k;
  const { portIds, remaining, count, saturated } = ws;
  const rate = new Float64Array(n);
  const bottleneck = new Int32Array(n).fill(-1);
  const frozen = new Uint8Array(n);
  let left = n;

  function freeze(i: number, r: number, port: number): void {
    frozen[i] = 1;
    rate[i] = r;
    bottleneck[i] = port;
    left--;
    for (let j = start[i]; j < start[i + 1]; j++) {
      const q = flat[j];
      remaining[q] = Math.max(0, remaining[q] - r);
      count[q]--;
    }
  }

  while (left > 0) {
    let level = Infinity;
    for (let q = 0; q < portCount; q++) {
      if (count[q] > 0) { const l = remaining[q] / count[q]; if (l < level) level = l; }
    }
    let capMin = Infinity;
    for (let i = 0; i < n; i++) if (!frozen[i] && demands[i].capRate < capMin) capMin = demands[i].capRate;
    if (capMin <= level) {
      for (let i = 0; i < n; i++) if (!frozen[i] && demands[i].capRate <= capMin) freeze(i, demands[i].capRate, -1);
      continue;
    }
    // A connection on no port at all (empty path) is only limited by its cap; with none, nothing limits it.
    if (level === Infinity) {
      for (let i = 0; i < n; i++) if (!frozen[i]) freeze(i, Infinity, -1);
      break;
    }
    const tolerance = level * (1 + 1e-12);
    for (let q = 0; q < portCount; q++) saturated[q] = count[q] > 0 && remaining[q] / count[q] <= tolerance ? 1 : 0;
    for (let i = 0; i < n; i++) {
      if (frozen[i]) continue;
      for (let j = start[i]; j < start[i + 1]; j++) {
        if (saturated[flat[j]]) { freeze(i, level, portIds[flat[j]]); break; }
      }
    }
  }
  return { rate, bottleneck };
}

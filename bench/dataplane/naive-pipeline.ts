/**
 * Baseline for the pipeline benchmark: the same PiggyCar semantics written the straightforward way — parse
 * every header into fresh objects through a DataView, look sessions up by a string key in a Map, rewrite the
 * objects and serialise the outer headers back. Correct, but allocating per packet.
 */

interface NaiveHeaders {
  eth: { dst: Uint8Array; src: Uint8Array; type: number };
  ipv4: { verIhl: number; tos: number; len: number; id: number; frag: number; ttl: number; proto: number; csum: number; src: number; dst: number };
  udp: { sport: number; dport: number; len: number; csum: number };
  vxlan: { flags: number; reserved: number; vni: number; reserved2: number };
  inner: { src: number; dst: number; proto: number; sport: number; dport: number };
}

/** Naive tables. */
export interface NaiveState {
  offload: Map<number, { kind: 'set_owner'; ownerIp: number } | { kind: 'owner_is_local' }>;
  sessions: Map<string, { nodeIp: number; lastHitMs: number }>;
  routes: { prefix: number; len: number; port: number; mac: Uint8Array }[];
}

function parse(frame: Uint8Array): NaiveHeaders | undefined {
  if (frame.length < 88) return undefined;
  const v = new DataView(frame.buffer, frame.byteOffset, frame.byteLength);
  const headers: NaiveHeaders = {
    eth: { dst: frame.slice(0, 6), src: frame.slice(6, 12), type: v.getUint16(12) },
    ipv4: {
      verIhl: v.getUint8(14), tos: v.getUint8(15), len: v.getUint16(16), id: v.getUint16(18), frag: v.getUint16(20),
      ttl: v.getUint8(22), proto: v.getUint8(23), csum: v.getUint16(24), src: v.getUint32(26), dst: v.getUint32(30),
    },
    udp: { sport: v.getUint16(34), dport: v.getUint16(36), len: v.getUint16(38), csum: v.getUint16(40) },
    vxlan: { flags: v.getUint8(42), reserved: v.getUint32(42) & 0xffffff, vni: v.getUint32(46) >>> 8, reserved2: v.getUint8(49) },
    inner: { src: v.getUint32(76), dst: v.getUint32(80), proto: v.getUint8(73), sport: v.getUint16(84), dport: v.getUint16(86) },
  };
  if (headers.eth.type !== 0x0800 || headers.ipv4.proto !== 17 || headers.udp.dport !== 4789) return undefined;
  return headers;
}

function serialise(h: NaiveHeaders, frame: Uint8Array): void {
  const v = new DataView(frame.buffer, frame.byteOffset, frame.byteLength);
  frame.set(h.eth.dst, 0);
  frame.set(h.eth.src, 6);
  v.setUint8(22, h.ipv4.ttl);
  v.setUint32(30, h.ipv4.dst);
  v.setUint16(24, 0);
  let sum = 0;
  for (let i = 14; i < 34; i += 2) sum += v.getUint16(i);
  while (sum > 0xffff) sum = (sum & 0xffff) + (sum >>> 16);
  v.setUint16(24, ~sum & 0xffff);
  v.setUint16(40, 0);
  v.setUint8(49, h.vxlan.reserved2);
}

/**
 * Runs one frame through the naive pipeline; returns the egress port or -1 (drop / CPU).
 * @example
 * naiveProcess(state, frame, Date.now());
 */
export function naiveProcess(state: NaiveState, frame: Uint8Array, nowMs: number): number {
  const h = parse(frame);
  if (!h) return -1;
  if (h.vxlan.reserved2 === 0) {
    const o = state.offload.get(h.vxlan.vni);
    if (o?.kind === 'set_owner') h.ipv4.dst = o.ownerIp;
    else if (o?.kind === 'owner_is_local') {
      const key = `${h.vxlan.vni}|${h.inner.src}|${h.inner.dst}|${h.inner.proto}|${h.inner.sport}|${h.inner.dport}`;
      const s = state.sessions.get(key);
      if (!s) return -1;
      s.lastHitMs = nowMs;
      h.ipv4.dst = s.nodeIp;
      h.vxlan.reserved2 = 1;
    }
  }
  if (h.ipv4.ttl <= 1) return -1;
  const route = state.routes
    .filter((r) => (h.ipv4.dst & (r.len === 0 ? 0 : (0xffffffff << (32 - r.len)) >>> 0)) >>> 0 === r.prefix)
    .sort((a, b) => b.len - a.len)[0];
  if (!route) return -1;
  h.eth.src = h.eth.dst;
  h.eth.dst = route.mac;
  h.ipv4.ttl--;
  serialise(h, frame);
  return route.port;
}

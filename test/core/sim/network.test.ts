import { describe, expect, it } from 'vitest';
import { maxMinFair } from '../../../src/core/sim/max-min';
import { drivenNetwork, star } from './network-helpers';

const NO_ECN = { ecnThresholdBits: Infinity };

describe('flow-level network', () => {
  it('one flow on one link: FCT = size / rate + path latency', () => {
    // 1 Mb over one 10 Gbps link with T_base = 5 µs, the window at one BDP (nothing left standing in a queue):
    // 1e6 / 10e9 = 100 µs of transmission + 5 µs of propagation = 105 µs.
    const { net, node, run, deliveries } = drivenNetwork(star([{ gbps: 10, us: 5 }]), {
      ...NO_ECN, initialWindowBits: Infinity, maxWindowBdpFactor: 1,
    });
    net.startFlow(0, node('s1'), -1, node('sw'), 1e6, 'f');
    run(1);
    expect(deliveries.get('f')).toBeCloseTo(105e-6, 12);
  });

  it('a fresh connection in slow start takes longer than the line-rate bound', () => {
    const { net, node, run, deliveries } = drivenNetwork(star([{ gbps: 10, us: 5 }]), NO_ECN);
    net.startFlow(0, node('s1'), -1, node('sw'), 1e6, 'f');
    run(1);
    expect(deliveries.get('f')!).toBeGreaterThan(105e-6);
  });

  it('two flows sharing a bottleneck get half of it each (max-min), the survivor then gets all of it', () => {
    // s1 → s3 (1 Mb) and s2 → s3 (2 Mb) meet on the sw → s3 port (10 Gbps): 5 Gbps each.
    // Each window is one BDP of its 10 Gbps first hop (factor 1): cwnd = 10e9 · rtt0, rtt0 = 2 · (1 + 1) µs,
    // of which rate · rtt0 = 5e9 · rtt0 is in flight and the rest stands in the sw → s3 queue:
    // Q = 2 · 5e9 · 4e-6 = 40 kb → 4 µs of queueing at 10 Gbps.
    // a: 1e6 / 5e9 = 200 µs, + 2 µs propagation + 4 µs queueing = 206 µs.
    // b: 1 Mb left at 200 µs, now alone at 10 Gbps with no standing queue: 200 + 100 + 2 = 302 µs.
    const doc = star([{ gbps: 10, us: 1 }, { gbps: 10, us: 1 }, { gbps: 10, us: 1 }]);
    const { net, node, run, deliveries } = drivenNetwork(doc, { ...NO_ECN, initialWindowBits: Infinity, maxWindowBdpFactor: 1 });
    net.startFlow(0, node('s1'), -1, node('s3'), 1e6, 'a');
    net.startFlow(0, node('s2'), -1, node('s3'), 2e6, 'b');
    run(1);
    expect(deliveries.get('a')).toBeCloseTo(206e-6, 12);
    expect(deliveries.get('b')).toBeCloseTo(302e-6, 12);
  });

  it('max-min: the flow not on the bottleneck takes what is left of the shared link', () => {
    // Ports: 0 (100 Gbps) carries A and C; 1 (10 Gbps) carries A and B. A, B get 5; C gets 95.
    const cap = [100e9, 10e9];
    const out = maxMinFair([
      { ports: Int32Array.of(0, 1), capRate: Infinity },
      { ports: Int32Array.of(1), capRate: Infinity },
      { ports: Int32Array.of(0), capRate: Infinity },
    ], (p) => cap[p]);
    expect(Array.from(out.rate)).toEqual([5e9, 5e9, 95e9]);
    expect(Array.from(out.bottleneck)).toEqual([1, 1, 0]);
  });

  it('max-min: a window-capped flow leaves its share to the others', () => {
    const out = maxMinFair([
      { ports: Int32Array.of(0), capRate: 2e9 },
      { ports: Int32Array.of(0), capRate: Infinity },
    ], () => 10e9);
    expect(Array.from(out.rate)).toEqual([2e9, 8e9]);
    expect(Array.from(out.bottleneck)).toEqual([-1, 0]);
  });

  it('a queue above K marks, and the window shrinks by α/2 as DCTCP says', () => {
    // Two senders at 2 × BDP into one 10 Gbps port: the standing queue is
    // 2 · cwnd − 10e9 · rtt0 = 3 BDP = 3 · 10e9 · 4e-6 = 120 kb, above K = 5 packets (60 kb).
    // With α₀ = 0 and F = 1: α = g = 1/16, cwnd ← cwnd · (1 − 1/32).
    const doc = star([{ gbps: 10, us: 1 }, { gbps: 10, us: 1 }, { gbps: 10, us: 1 }]);
    const { net, node, run } = drivenNetwork(doc, {
      ecnThresholdBits: 5 * 12000, initialWindowBits: Infinity, maxWindowBdpFactor: 2, initialAlpha: 0,
    });
    net.startFlow(0, node('s1'), -1, node('s3'), 1e9, 'a');
    net.startFlow(0, node('s2'), -1, node('s3'), 1e9, 'b');
    const conn = net.connections.get(net.connectionKey(node('s1'), -1, node('s3')))!;
    const port = conn.bottleneck;
    expect(port).toBeGreaterThanOrEqual(0);
    expect(net.portQueue[port]).toBeCloseTo(120e3, 6);
    const before = conn.cwnd;
    expect(before).toBeCloseTo(80e3, 6);
    run(1, (e) => e.kind === 'tick' && e.conn === conn);
    expect(conn.alpha).toBeCloseTo(1 / 16, 12);
    expect(conn.cwnd).toBeCloseTo(before * (1 - 1 / 32), 6);
    expect(conn.ssthresh).toBeCloseTo(conn.cwnd, 6);
  });

  it('below K nothing is marked and the window does not shrink', () => {
    const doc = star([{ gbps: 10, us: 10 }, { gbps: 10, us: 10 }, { gbps: 10, us: 10 }]);
    const { net, node, run } = drivenNetwork(doc, {
      ecnThresholdBits: 1e9, initialWindowBits: 10 * 12000, maxWindowBdpFactor: 2, initialAlpha: 0,
    });
    net.startFlow(0, node('s1'), -1, node('s3'), 1e9, 'a');
    const conn = net.connections.get(net.connectionKey(node('s1'), -1, node('s3')))!;
    const before = conn.cwnd;
    run(1, (e) => e.kind === 'tick' && e.conn === conn);
    expect(conn.alpha).toBe(0);
    expect(conn.cwnd).toBe(2 * before); // slow start
  });
});

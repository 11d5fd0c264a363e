import { describe, expect, it } from 'vitest';
import { ipv4ToU32 } from '../../../src/core/packet';
import { sessionKey } from '../../../src/core/reconcile';
import type { SessionEntry } from '../../../src/core/reconcile/types';
import { SessionTracker } from '../../../switch-agent/agent/session-tracker';

const VNI = 0x5a3c1e;

function entry(i: number, backendIp: string, vni = VNI): SessionEntry {
  return { vni, srcIp: `100.64.0.${i}`, dstIp: '10.96.0.20', protocol: 6, srcPort: 40000 + i, dstPort: 9080, backendIp };
}

function numbers(e: SessionEntry) {
  return {
    vni: e.vni, srcAddr: ipv4ToU32(e.srcIp), dstAddr: ipv4ToU32(e.dstIp), protocol: e.protocol,
    srcPort: e.srcPort, dstPort: e.dstPort, nodeIp: ipv4ToU32(e.backendIp),
  };
}

describe('SessionTracker', () => {
  it('keeps x_r^ob and per-backend counts in step with pins by value and by entry, re-pins and removals', () => {
    const t = new SessionTracker();
    t.pin(numbers(entry(1, '10.1.0.3')));
    t.add(entry(2, '10.1.0.3'));
    t.add(entry(3, '10.1.0.4'));
    t.add(entry(4, '10.1.0.4', 7));
    expect(t.size).toBe(4);
    expect(t.countFor(VNI)).toBe(3);
    expect(t.activeFor(VNI, '10.1.0.3')).toBe(2);
    // Re-pinning a flow to another backend moves its count, it does not add one.
    t.add(entry(2, '10.1.0.4'));
    expect(t.size).toBe(4);
    expect(t.activeFor(VNI, '10.1.0.3')).toBe(1);
    expect(t.activeFor(VNI, '10.1.0.4')).toBe(2);
    expect(t.hasFlow(numbers(entry(1, 'x')))).toBe(true);
    expect(t.has(entry(3, ''))).toBe(true);
    expect(t.remove(entry(3, ''))).toBe(true);
    expect(t.remove(entry(3, ''))).toBe(false);
    expect(t.countFor(VNI)).toBe(2);
    expect(t.activeFor(VNI, '10.1.0.4')).toBe(1);
    expect(t.sessionsOf(7)).toEqual([entry(4, '10.1.0.4', 7)]);
    expect(t.all().map(sessionKey).sort()).toEqual([entry(1, ''), entry(2, ''), entry(4, '', 7)].map(sessionKey).sort());
    expect(new Map(t.all().map((e) => [e.srcIp, e.backendIp]))).toEqual(new Map([['100.64.0.1', '10.1.0.3'], ['100.64.0.2', '10.1.0.4'], ['100.64.0.4', '10.1.0.4']]));
  });

  it('a read-back keeps the pins made while it was in flight, and not the removals', () => {
    const t = new SessionTracker();
    t.add(entry(1, '10.1.0.3'));
    t.startRecording();
    t.pin(numbers(entry(2, '10.1.0.3')));
    t.add(entry(3, '10.1.0.4'));
    t.remove(entry(3, ''));
    // The read-back saw session 1 only (it started before 2 was pinned).
    t.replaceAll([entry(1, '10.1.0.3')]);
    expect(t.all().map(sessionKey).sort()).toEqual([entry(1, ''), entry(2, '')].map(sessionKey).sort());
    expect(t.activeFor(VNI, '10.1.0.3')).toBe(2);
    expect(t.activeFor(VNI, '10.1.0.4')).toBe(0);
  });
});

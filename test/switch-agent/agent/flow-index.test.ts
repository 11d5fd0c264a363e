import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../../../src/core/reconcile';
import type { FlowNumbers } from '../../../src/core/reconcile/flow-words';
import { FlowIndex } from '../../../switch-agent/agent/flow-index';

function flowOf(i: number): FlowNumbers {
  // Flows that differ only in a few low bits (as a burst of new sessions does) and span the u32 range.
  return { vni: 0x5a3c1e, srcAddr: (0x64400000 + (i >> 8)) >>> 0, dstAddr: 0xfa600014, protocol: 6, srcPort: 1024 + (i & 255), dstPort: 9080 };
}

function keyOf(f: FlowNumbers): string {
  return `${f.vni}|${f.srcAddr}|${f.dstAddr}|${f.protocol}|${f.srcPort}|${f.dstPort}`;
}

describe('FlowIndex', () => {
  it('agrees with a Map through random inserts, overwrites and deletes, across growth', () => {
    const random = mulberry32(7);
    const index = new FlowIndex();
    const reference = new Map<string, number>();
    for (let step = 0; step < 60_000; step++) {
      const f = flowOf(Math.floor(random() * 5000));
      const k = keyOf(f);
      if (random() < 0.35) {
        expect(index.delete(f)).toBe(reference.get(k));
        reference.delete(k);
      } else {
        const value = Math.floor(random() * 2 ** 32);
        expect(index.set(f, value)).toBe(!reference.has(k));
        reference.set(k, value);
      }
      expect(index.size).toBe(reference.size);
    }
    for (let i = 0; i < 5000; i++) expect(index.get(flowOf(i))).toBe(reference.get(keyOf(flowOf(i))));
    const listed = new Map<string, number>();
    index.forEach((f, v) => listed.set(keyOf(f), v));
    expect(listed).toEqual(reference);
  });

  it('holds more flows than its initial slots and forgets everything on clear', () => {
    const index = new FlowIndex();
    for (let i = 0; i < 3000; i++) index.set(flowOf(i), i);
    expect(index.size).toBe(3000);
    expect(index.get(flowOf(2999))).toBe(2999);
    expect(index.has(flowOf(3000))).toBe(false);
    index.clear();
    expect(index.size).toBe(0);
    expect(index.has(flowOf(5))).toBe(false);
  });
});

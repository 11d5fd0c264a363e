import { describe, expect, it } from 'vitest';
import { randomBytes as nodeRandomBytes } from 'node:crypto';
import { assignVnis, drawVni } from '../../../src/core/vni/allocate-vni';
import { DEFAULT_VNI_OPTIONS } from '../../../src/core/vni/vni-types';

/** Replays a fixed byte sequence (to steer draws into the reserved range, collisions, ...). */
function scripted(bytes: number[]): (n: number) => Uint8Array {
  let i = 0;
  return (n) => {
    const out = new Uint8Array(n);
    for (let k = 0; k < n; k++) out[k] = bytes[i++ % bytes.length];
    return out;
  };
}

const crypto = (n: number) => new Uint8Array(nodeRandomBytes(n));

describe('VNI allocation', () => {
  it('rejects the reserved low range and taken VNIs, takes the next draw', () => {
    // 0x000fff (reserved), 0x123456 (taken), 0xabcdef (free)
    const r = drawVni((v) => v === 0x123456, scripted([0x00, 0x0f, 0xff, 0x12, 0x34, 0x56, 0xab, 0xcd, 0xef]));
    expect(r).toEqual({ ok: true, vni: 0xabcdef });
  });

  it('gives up with a reason when the space is exhausted', () => {
    const r = drawVni(() => true, crypto, { ...DEFAULT_VNI_OPTIONS, maxAttempts: 8 });
    expect(r.ok).toBe(false);
    expect(!r.ok && r.reason).toMatch(/no free VNI after 8 random draws/);
  });

  it('unique across a fabric, 24-bit, ≥ 4096, from a real cryptographic source', () => {
    const ids = Array.from({ length: 5000 }, (_, i) => `ns/vs/http/${i}`);
    const r = assignVnis(ids, { inUse: new Map(), released: [] }, 0, crypto);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const vnis = [...r.vnis.values()];
    expect(new Set(vnis).size).toBe(5000);
    expect(vnis.every((v) => v >= 4096 && v <= 0xffffff)).toBe(true);
  });

  it('stable across re-applies; a removed rule releases its VNI into the cool-down', () => {
    const first = assignVnis(['a', 'b'], { inUse: new Map(), released: [] }, 1000, crypto);
    if (!first.ok) throw new Error(first.reason);
    const second = assignVnis(['a', 'c'], first.state, 2000, crypto);
    if (!second.ok) throw new Error(second.reason);
    expect(second.vnis.get('a')).toBe(first.vnis.get('a'));
    expect(second.released).toEqual([first.vnis.get('b')]);
    expect(second.state.released).toEqual([{ vni: first.vnis.get('b'), releasedAt: 2000 }]);
    expect(second.allocated).toEqual(['c']);
  });

  it('never reuses a VNI within the cool-down, and may after it', () => {
    const b = 0x222222;
    const state = { inUse: new Map<string, number>(), released: [{ vni: b, releasedAt: 1000 }] };
    // The source offers b first, then 0x333333.
    const src = () => scripted([0x22, 0x22, 0x22, 0x33, 0x33, 0x33]);
    const within = assignVnis(['x'], state, 1000 + DEFAULT_VNI_OPTIONS.coolDownMs - 1, src());
    expect(within.ok && within.vnis.get('x')).toBe(0x333333);
    const after = assignVnis(['x'], state, 1000 + DEFAULT_VNI_OPTIONS.coolDownMs, src());
    expect(after.ok && after.vnis.get('x')).toBe(b);
    expect(after.ok && after.state.released).toEqual([]);
  });

  it('avoids extra in-use VNIs (e.g. old VNIs still valid during a rotation grace period)', () => {
    const r = assignVnis(['x'], { inUse: new Map(), released: [] }, 0, scripted([0x44, 0x44, 0x44, 0x55, 0x55, 0x55]), DEFAULT_VNI_OPTIONS, new Set([0x444444]));
    expect(r.ok && r.vnis.get('x')).toBe(0x555555);
  });
});

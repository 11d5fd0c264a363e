import { describe, expect, it } from 'vitest';
import {
  buildUdpFrame,
  buildVxlanFrame,
  createParsedFrame,
  ipv4ToU32,
  parseFrame,
  parseFrameInto,
  parseIpv4,
  parseMac,
  u32ToIpv4,
  formatMac,
} from '../../../src/core/packet';
import { SESSION_FRAME, SESSION_FRAME_HEX, hex, toHex } from './fixtures';

describe('buildVxlanFrame', () => {
  it('builds the hand-checked VXLAN frame byte for byte', () => {
    const r = buildVxlanFrame(SESSION_FRAME);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.bytes.length).toBe(104);
    expect(toHex(r.bytes)).toBe(SESSION_FRAME_HEX);
  });

  it('sets reserved2 and non-default flags/reserved bits where asked', () => {
    const r = buildVxlanFrame({ ...SESSION_FRAME, vxlan: { vni: 1, flags: 0x0c, reserved: 0xabcdef, reserved2: 1 } });
    expect(r.ok && toHex(r.bytes.subarray(42, 50))).toBe('0cabcdef00000101');
  });

  it('builds inner UDP with a correct checksum and payload', () => {
    const r = buildVxlanFrame({ ...SESSION_FRAME, inner: { ...SESSION_FRAME.inner, protocol: 17, srcPort: 5353, dstPort: 53, payload: Uint8Array.of(1, 2, 3) } });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const p = parseFrame(r.bytes);
    expect(p.ok && [p.frame.innerProtocol, p.frame.l4SrcPort, p.frame.l4DstPort]).toEqual([17, 5353, 53]);
    // UDP length field: 8-byte header + 3 payload bytes.
    const l4 = p.ok ? p.frame.innerL4Offset : 0;
    expect(toHex(r.bytes.subarray(l4 + 4, l4 + 6))).toBe('000b');
  });

  it('returns an error value naming the field for bad descriptions', () => {
    expect(buildVxlanFrame({ ...SESSION_FRAME, vxlan: { vni: 1 << 24 } })).toMatchObject({ ok: false, field: 'vxlan.vni' });
    expect(buildVxlanFrame({ ...SESSION_FRAME, outer: { ...SESSION_FRAME.outer, dstIp: '10.0.0.256' } })).toMatchObject({
      ok: false,
      field: 'outer.dstIp',
      reason: 'octet 4 is 256, above 255',
    });
    expect(buildVxlanFrame({ ...SESSION_FRAME, inner: { ...SESSION_FRAME.inner, srcMac: 'nope' } })).toMatchObject({ ok: false, field: 'inner.srcMac' });
    expect(buildVxlanFrame({ ...SESSION_FRAME, inner: { ...SESSION_FRAME.inner, dstPort: 70000 } })).toMatchObject({ ok: false, field: 'inner.dstPort' });
  });
});

describe('parseFrame', () => {
  it('parses every header of the hand-checked frame with offsets', () => {
    const r = parseFrame(hex(SESSION_FRAME_HEX));
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.frame).toEqual({
      kind: 'vxlan',
      length: 104,
      etherType: 0x0800,
      ipv4Offset: 14,
      ipv4HeaderLength: 20,
      ttl: 64,
      protocol: 17,
      srcAddr: ipv4ToU32('10.0.0.11'),
      dstAddr: ipv4ToU32('10.0.0.1'),
      udpOffset: 34,
      udpSrcPort: 49152,
      udpDstPort: 4789,
      vxlanOffset: 42,
      vxlanFlags: 0x08,
      vxlanReserved: 0,
      vni: 0x5a3c1e,
      vxlanReserved2: 0,
      innerEthernetOffset: 50,
      innerEtherType: 0x0800,
      innerIpv4Offset: 64,
      innerIpv4HeaderLength: 20,
      innerSrcAddr: ipv4ToU32('10.1.0.11'),
      innerDstAddr: ipv4ToU32('10.96.0.20'),
      innerProtocol: 6,
      innerL4Offset: 84,
      l4SrcPort: 43512,
      l4DstPort: 9080,
    });
  });

  it('classifies non-VXLAN frames without error', () => {
    const udp = buildUdpFrame({ ...SESSION_FRAME.outer, udpDstPort: 53 }, Uint8Array.of(9, 9));
    expect(udp.ok && parseFrame(udp.bytes)).toMatchObject({ ok: true, frame: { kind: 'ipv4', udpDstPort: 53, vxlanOffset: -1 } });
    const arp = hex('ffffffffffff02000000000a0806' + '00'.repeat(28));
    expect(parseFrame(arp)).toMatchObject({ ok: true, frame: { kind: 'ethernet', etherType: 0x0806, ipv4Offset: -1 } });
  });

  it('handles IPv4 options on the outer header', () => {
    const base = hex(SESSION_FRAME_HEX);
    const withOptions = new Uint8Array(base.length + 4);
    withOptions.set(base.subarray(0, 34));
    withOptions[14] = 0x46; // IHL 6
    withOptions.set([1, 1, 1, 0], 34); // NOP NOP NOP EOL
    withOptions.set(base.subarray(34), 38);
    const r = parseFrame(withOptions);
    expect(r.ok && [r.frame.ipv4HeaderLength, r.frame.udpOffset, r.frame.vni]).toEqual([24, 38, 0x5a3c1e]);
  });

  it('reports every truncation as a value naming the header, for every prefix length', () => {
    const full = hex(SESSION_FRAME_HEX);
    const expected = (len: number): string =>
      len < 14 ? 'truncated-ethernet' : len < 34 ? 'truncated-ipv4' : len < 42 ? 'truncated-udp' : len < 50 ? 'truncated-vxlan'
        : len < 64 ? 'truncated-inner-ethernet' : len < 84 ? 'truncated-inner-ipv4' : 'truncated-inner-l4';
    for (let len = 0; len < 104; len++) {
      const r = parseFrame(full.subarray(0, len));
      expect(r.ok, `length ${len}`).toBe(false);
      if (!r.ok) expect(r.code, `length ${len}`).toBe(expected(len));
    }
  });

  it('rejects bad IPv4 versions and IHL', () => {
    const f = hex(SESSION_FRAME_HEX);
    f[14] = 0x65;
    expect(parseFrame(f)).toMatchObject({ ok: false, code: 'bad-ipv4-version', field: 'ipv4.version' });
    f[14] = 0x44;
    expect(parseFrame(f)).toMatchObject({ ok: false, code: 'bad-ipv4-ihl' });
    const g = hex(SESSION_FRAME_HEX);
    g[64] = 0x43;
    expect(parseFrame(g)).toMatchObject({ ok: false, code: 'bad-inner-ipv4-ihl', field: 'inner_ipv4.ihl' });
  });

  it('never throws on random bytes', () => {
    let seed = 12345;
    const rand = (): number => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) >>> 16) & 0xff;
    const view = createParsedFrame();
    for (let i = 0; i < 2000; i++) {
      const len = rand() % 120;
      const b = Uint8Array.from({ length: len }, rand);
      if (i % 2 === 0 && len > 44) b.set(hex(SESSION_FRAME_HEX).subarray(0, 44)); // mostly-valid prefixes too
      expect(() => parseFrameInto(b, view)).not.toThrow();
    }
  });
});

describe('addresses', () => {
  it('converts IPv4 and MAC text', () => {
    expect(parseIpv4('192.168.0.4')).toEqual({ ok: true, value: 0xc0a80004 });
    expect(parseIpv4('1.2.3')).toMatchObject({ ok: false, field: 'ipv4' });
    expect(u32ToIpv4(0xc0a80004)).toBe('192.168.0.4');
    const mac = parseMac('02:00:00:00:00:0A');
    expect(mac.ok && formatMac(mac.value)).toBe('02:00:00:00:00:0a');
  });
});

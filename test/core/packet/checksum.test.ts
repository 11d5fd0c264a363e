import { describe, expect, it } from 'vitest';
import {
  checksumUpdate16,
  checksumUpdate32,
  createParsedFrame,
  decrementTtl,
  ipv4HeaderChecksum,
  ipv4HeaderChecksumValid,
  ipv4ToU32,
  parseFrameInto,
  readU16,
  setOuterDstAddr,
  writeIpv4HeaderChecksum,
} from '../../../src/core/packet';
import { SESSION_FRAME_HEX, hex, toHex } from './fixtures';

describe('IPv4 header checksum', () => {
  it('computes the hand-checked outer checksum 0x2688 and validates it', () => {
    const f = hex(SESSION_FRAME_HEX);
    expect(ipv4HeaderChecksum(f, 14, 20)).toBe(0x2688);
    expect(ipv4HeaderChecksumValid(f, 14, 20)).toBe(true);
    f[25] ^= 1;
    expect(ipv4HeaderChecksumValid(f, 14, 20)).toBe(false);
    writeIpv4HeaderChecksum(f, 14, 20);
    expect(ipv4HeaderChecksumValid(f, 14, 20)).toBe(true);
  });

  it('RFC 1624 example: HC = 0xdd2f, m 0x5555 → 0x3285 gives HC\' = 0x0000', () => {
    // RFC 1624 §4: HC' = ~(C + (-m) + m') = ~(0x22d0 + 0xaaaa + 0x3285) = 0x0000.
    expect(checksumUpdate16(0xdd2f, 0x5555, 0x3285)).toBe(0x0000);
  });

  it('incremental updates agree with a full recompute (dst rewrite 10.0.0.1 → 192.168.0.4, TTL 64 → 63 gives 0x70dc)', () => {
    const f = hex(SESSION_FRAME_HEX);
    const view = createParsedFrame();
    expect(parseFrameInto(f, view)).toBeNull();
    setOuterDstAddr(f, view, ipv4ToU32('192.168.0.4'));
    decrementTtl(f, view);
    expect(readU16(f, 24)).toBe(0x70dc);
    expect(ipv4HeaderChecksumValid(f, 14, 20)).toBe(true);
    expect(toHex(f.subarray(14, 34))).toBe('4500005a000040003f1170dc0a00000bc0a80004');
  });

  it('incremental 32-bit update matches recompute over many random rewrites', () => {
    const f = hex(SESSION_FRAME_HEX);
    let x = 7;
    for (let i = 0; i < 500; i++) {
      x = (Math.imul(x, 2654435761) + 1) >>> 0;
      const old = readU16(f, 30) * 65536 + readU16(f, 32);
      const before = readU16(f, 24);
      f[30] = x >>> 24;
      f[31] = (x >>> 16) & 0xff;
      f[32] = (x >>> 8) & 0xff;
      f[33] = x & 0xff;
      const incremental = checksumUpdate32(before, old, x);
      expect(incremental).toBe(ipv4HeaderChecksum(f, 14, 20));
      f[24] = incremental >>> 8;
      f[25] = incremental & 0xff;
    }
  });
});

import { describe, expect, it } from 'vitest';
import { canonicalBytes, encodeBitValue, toBitValue } from '../../../switch-agent/p4runtime/encode-bytes';

// encodeBitValue has a number-only path for small fields: it must give the very bytes and errors of the BigInt path.
describe('encodeBitValue small-value path', () => {
  const viaBigInt = (input: number | string, width: number) => canonicalBytes(toBitValue(input, width, 'f'));

  it('matches the BigInt path for numbers and IPv4 addresses at the edges', () => {
    const cases: [number | string, number][] = [
      [0, 9], [1, 9], [255, 8], [256, 16], [511, 9], [0x5a3c1e, 24], [65535, 16], [2 ** 32 - 1, 32], [2 ** 48 - 1, 48],
      [Number.MAX_SAFE_INTEGER, 53], ['0.0.0.0', 32], ['10.1.0.11', 32], ['255.255.255.255', 32], ['1.0.0.0', 32],
    ];
    for (const [input, width] of cases) expect(encodeBitValue(input, width, 'f')).toEqual(viaBigInt(input, width));
    expect(canonicalBytes(0x5a3c1en)).toEqual(Uint8Array.of(0x5a, 0x3c, 0x1e));
    expect(canonicalBytes(2n ** 64n)).toEqual(Uint8Array.of(1, 0, 0, 0, 0, 0, 0, 0, 0));
  });

  it('still rejects what does not fit, naming the field', () => {
    expect(() => encodeBitValue(512, 9, 'port')).toThrow(/port.*does not fit in 9 bits/);
    expect(() => encodeBitValue(-1, 9, 'port')).toThrow(/negative/);
    expect(() => encodeBitValue(1.5, 9, 'port')).toThrow(/not a safe integer/);
    expect(() => encodeBitValue('10.0.0.256', 32, 'ip')).toThrow(/octet above 255/);
    expect(() => encodeBitValue('10.0.0.1', 16, 'ip')).toThrow(/needs a 32-bit field/);
  });
});

import { describe, expect, it } from 'vitest';
import { arbitrate, createArbitration, isPrimaryRequest, leave, uint128ToBigInt } from '../../../switch-agent/p4runtime/arbitration';

describe('primary arbitration (pure)', () => {
  it('elects the highest election id, tells everyone on a change and only the newcomer otherwise', () => {
    const arb = createArbitration<string>(1n);
    expect(arbitrate(arb, 'a', 1n, 10n)).toEqual({ ok: true, notices: [{ stream: 'a', code: 0, message: 'primary', electionId: 10n }] });
    expect(arbitrate(arb, 'b', 1n, 5n)).toEqual({ ok: true, notices: [{ stream: 'b', code: 6, message: 'not primary', electionId: 10n }] });
    const takeover = arbitrate(arb, 'c', 1n, 20n);
    expect(takeover.ok && takeover.notices.map((n) => [n.stream, n.code])).toEqual([['a', 6], ['b', 6], ['c', 0]]);
    expect(isPrimaryRequest(arb, 1n, 20n)).toBe(true);
    expect(isPrimaryRequest(arb, 1n, 10n)).toBe(false);
    expect(isPrimaryRequest(arb, 2n, 20n)).toBe(false);
  });

  it('promotes the next highest when the primary leaves; a backup leaving changes nothing', () => {
    const arb = createArbitration<string>(1n);
    arbitrate(arb, 'a', 1n, 10n);
    arbitrate(arb, 'b', 1n, 5n);
    arbitrate(arb, 'c', 1n, 7n);
    expect(leave(arb, 'b')).toEqual([]);
    expect(leave(arb, 'a').map((n) => [n.stream, n.code, n.electionId])).toEqual([['c', 0, 7n]]);
    expect(arb.primary).toBe('c');
  });

  it('refuses a wrong device id and an election id already held by another stream', () => {
    const arb = createArbitration<string>(1n);
    arbitrate(arb, 'a', 1n, 10n);
    expect(arbitrate(arb, 'b', 2n, 11n)).toMatchObject({ ok: false, code: 5 });
    expect(arbitrate(arb, 'b', 1n, 10n)).toMatchObject({ ok: false, code: 3 });
  });

  it('reads Uint128 from Long-like, number and string halves', () => {
    expect(uint128ToBigInt({ high: 1, low: '2' })).toBe((1n << 64n) | 2n);
    expect(uint128ToBigInt({ low: { high: 1, low: 0, unsigned: true } })).toBe(1n << 32n);
    expect(uint128ToBigInt(null)).toBe(0n);
  });
});

import { ipv4ToU32 } from '../../src/core/packet';

/**
 * IPv4 text → unsigned 32-bit value, remembered: the agent turns the same few backend and source addresses
 * into numbers over and over. At most `limit` texts are kept (all are dropped when full: sources are many).
 *
 * @example
 * const u32Of = ipv4Memo(); u32Of('10.1.0.3'); // 167837955
 */
export function ipv4Memo(limit = 4096): (ip: string) => number {
  const memo = new Map<string, number>();
  return function u32Of(ip) {
    let v = memo.get(ip);
    if (v === undefined) {
      v = ipv4ToU32(ip) >>> 0;
      if (memo.size >= limit) memo.clear();
      memo.set(ip, v);
    }
    return v;
  };
}

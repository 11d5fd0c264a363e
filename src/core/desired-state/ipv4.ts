/**
 * Dotted-quad IPv4 ↔ unsigned 32-bit number, and the next-hop MAC the compiler derives from a VTEP IPv4.
 *
 * @example
 * ipv4ToNumber('10.0.0.1'); // 167772161
 * numberToIpv4(167772161);  // '10.0.0.1'
 * macForIpv4('10.0.0.1');   // '02:00:0a:00:00:01'
 */
export function ipv4ToNumber(ip: string): number | undefined {
  const parts = ip.split('.');
  if (parts.length !== 4) return undefined;
  let n = 0;
  for (const part of parts) {
    if (!/^\d{1,3}$/.test(part)) return undefined;
    const octet = Number(part);
    if (octet > 255) return undefined;
    n = n * 256 + octet;
  }
  return n;
}

/**
 * Unsigned 32-bit number → dotted quad.
 *
 * @example
 * numberToIpv4(0x7f000001); // '127.0.0.1'
 */
export function numberToIpv4(n: number): string {
  return [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join('.');
}

/**
 * A locally administered MAC for a neighbour, derived from its VTEP IPv4 so it is stable across plans.
 *
 * @example
 * macForIpv4('10.0.1.2'); // '02:00:0a:00:01:02'
 */
export function macForIpv4(ip: string): string {
  const n = ipv4ToNumber(ip) ?? 0;
  const bytes = [2, 0, n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255];
  return bytes.map(function hex(b) { return b.toString(16).padStart(2, '0'); }).join(':');
}

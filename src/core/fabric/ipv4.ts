const OCTET = '(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])';

/**
 * A dotted-quad IPv4 address: four decimal octets 0–255, no leading zeros.
 *
 * @example
 * IPV4_PATTERN.test('10.0.0.1'); // true
 */
export const IPV4_PATTERN = new RegExp(`^${OCTET}(\\.${OCTET}){3}$`);

/**
 * Parses a dotted-quad IPv4 address (exactly what {@link IPV4_PATTERN} accepts) to its 32-bit value,
 * or undefined when malformed. A hand-written scanner: validation calls it ~100k times at k = 90.
 *
 * @example
 * parseIpv4('10.0.0.1'); // 167772161
 * parseIpv4('10.0.0.256'); // undefined
 * parseIpv4('10.0.0.01'); // undefined (leading zero)
 */
export function parseIpv4(text: string): number | undefined {
  const n = text.length;
  if (n < 7 || n > 15) return undefined;
  let value = 0, octets = 0, i = 0;
  while (octets < 4) {
    const start = i;
    let octet = 0;
    while (i < n) {
      const c = text.charCodeAt(i);
      if (c < 48 || c > 57) break;
      octet = octet * 10 + (c - 48);
      i++;
    }
    const digits = i - start;
    if (digits === 0 || digits > 3 || octet > 255 || (digits > 1 && text.charCodeAt(start) === 48)) return undefined;
    value = value * 256 + octet;
    octets++;
    if (octets < 4) {
      if (text.charCodeAt(i) !== 46) return undefined;
      i++;
    }
  }
  return i === n ? value : undefined;
}

/**
 * Formats a 32-bit value as a dotted quad.
 *
 * @example
 * formatIpv4(167772161); // '10.0.0.1'
 */
export function formatIpv4(value: number): string {
  return `${(value >>> 24) & 255}.${(value >>> 16) & 255}.${(value >>> 8) & 255}.${value & 255}`;
}

/**
 * Byte helpers of the streaming classifier: compare, decode (only for regexes and query
 * parameters), and split a query string.
 */

const utf8 = new TextDecoder('utf-8');

/**
 * True when s[off, off + len) equals `want`.
 *
 * @example
 * sameRange(new Uint8Array([1, 2]), new Uint8Array([0, 1, 2]), 1, 2); // true
 */
export function sameRange(want: Uint8Array, s: Uint8Array, off: number, len: number): boolean {
  if (want.length !== len) return false;
  for (let i = 0; i < len; i++) if (s[off + i] !== want[i]) return false;
  return true;
}

/**
 * UTF-8 decode of s[off, off + len).
 *
 * @example
 * decodeRange(new TextEncoder().encode('xjason'), 1, 5); // 'jason'
 */
export function decodeRange(s: Uint8Array, off: number, len: number): string {
  return utf8.decode(s.subarray(off, off + len));
}

/**
 * First value of each query parameter, raw (Envoy matches undecoded values).
 *
 * @example
 * parseQuery('/a?x=1&y&x=2'); // Map { 'x' => '1', 'y' => '' }
 */
export function parseQuery(target: string): Map<string, string> {
  const out = new Map<string, string>();
  const q = target.indexOf('?');
  if (q < 0) return out;
  const frag = target.indexOf('#', q);
  for (const part of target.slice(q + 1, frag < 0 ? undefined : frag).split('&')) {
    if (part === '') continue;
    const eq = part.indexOf('=');
    const name = eq < 0 ? part : part.slice(0, eq);
    if (!out.has(name)) out.set(name, eq < 0 ? '' : part.slice(eq + 1));
  }
  return out;
}

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

/**
 * Index of the first LF (10) in bytes[from, end), else `end`. `words` is an Int32Array view of the
 * same buffer (byteOffset 0): aligned words are tested four bytes at a time (a zero byte in
 * w ^ 0x0a0a0a0a), which halves the cost of skipping header values nobody matches on.
 *
 * @example
 * const b = new Uint8Array(16); b.set(new TextEncoder().encode('Accept: text\r\nX'));
 * findLineFeed(b, new Int32Array(b.buffer), 0, 15); // 13
 */
export function findLineFeed(bytes: Uint8Array, words: Int32Array, from: number, end: number): number {
  let i = from;
  while ((i & 3) !== 0) {
    if (i >= end || bytes[i] === 10) return i;
    i++;
  }
  let w = i >> 2;
  const lastWord = end >> 2;
  while (w < lastWord) {
    const x = words[w] ^ 0x0a0a0a0a;
    if (((x - 0x01010101) & ~x & 0x80808080) !== 0) break;
    w++;
  }
  i = w << 2;
  while (i < end && bytes[i] !== 10) i++;
  return i;
}

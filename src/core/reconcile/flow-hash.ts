/**
 * 32-bit string hash (FNV-1a with a murmur3 finalizer) with a seed: the consistent-hash key function of the
 * slow path. Deterministic across processes, so every agent and every restart maps a key the same way.
 *
 * @example
 * hash32('10.1.0.2', 0) === hash32('10.1.0.2', 0); // true
 */
export function hash32(text: string, seed: number): number {
  let h = (0x811c9dc5 ^ seed) >>> 0;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return fmix32(h);
}

/**
 * MurmurHash3's 32-bit finalizer: every input bit affects every output bit (unsigned result).
 * @example
 * fmix32(0x9747b28c); // an unsigned 32-bit integer
 */
export function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

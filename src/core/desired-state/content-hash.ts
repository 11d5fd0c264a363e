/**
 * Canonical JSON (object keys sorted, arrays in order) and a 64-bit content hash over it: the ETag of a
 * desired state. Pure and synchronous so it runs the same in a Worker, the Node server and the agent.
 *
 * @example
 * canonicalJson({ b: 1, a: [2, 3] }); // '{"a":[2,3],"b":1}'
 * contentHash({ a: 1 }) === contentHash({ a: 1 }); // true
 */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeys(value));
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value as Record<string, unknown>).sort()) {
      const v = (value as Record<string, unknown>)[key];
      if (v !== undefined) out[key] = sortKeys(v);
    }
    return out;
  }
  return value;
}

/**
 * 64-bit hash (two independent 32-bit FNV-1a/murmur-mixed lanes) of a string, as 16 hex digits.
 * Not cryptographic: it detects change, it does not authenticate.
 *
 * @example
 * hashString('abc'); // e.g. '1a47e90b0c4a5f3d'
 */
export function hashString(text: string): string {
  let h1 = 0x811c9dc5;
  let h2 = 0x9747b28c;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 0x01000193);
    h2 = Math.imul(h2 ^ c, 0x5bd1e995);
    h2 ^= h2 >>> 15;
  }
  h1 = fmix(h1 ^ text.length);
  h2 = fmix(h2 ^ Math.imul(text.length, 31));
  return (h1 >>> 0).toString(16).padStart(8, '0') + (h2 >>> 0).toString(16).padStart(8, '0');
}

function fmix(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h;
}

/**
 * Hash of a value's canonical JSON.
 *
 * @example
 * contentHash({ routes: [] }); // 16 hex digits
 */
export function contentHash(value: unknown): string {
  return hashString(canonicalJson(value));
}

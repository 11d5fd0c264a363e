/**
 * SHA-256 of a bearer token as lowercase hex: the only form in which tokens are stored.
 *
 * @example
 * const hash = await hashToken('pc_abc...'); // '3b4c...'
 */
export async function hashToken(token: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(token));
  return toHex(new Uint8Array(digest));
}

/**
 * Makes a new bearer token from cryptographic random bytes: `pc_` + 43 base64url characters (256 bits).
 *
 * @example
 * const token = newToken(deps.randomBytes);
 */
export function newToken(randomBytes: (n: number) => Uint8Array): string {
  return `pc_${toBase64Url(randomBytes(32))}`;
}

/**
 * Lowercase hex of bytes.
 *
 * @example
 * toHex(new Uint8Array([1, 255])); // '01ff'
 */
export function toHex(bytes: Uint8Array): string {
  let out = '';
  for (const b of bytes) out += b.toString(16).padStart(2, '0');
  return out;
}

function toBase64Url(bytes: Uint8Array): string {
  let bin = '';
  for (const b of bytes) bin += String.fromCharCode(b);
  return btoa(bin).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

import { checkSafeRegex } from '../istio/safe-regex';
import type { StringMatch } from '../rules/types';
import { regexLiterals } from './regex-literals';

/** A StringMatch ready to run: kind 0 exact, 1 prefix, 2 regex (whole value). */
export interface StringMatcher {
  kind: 0 | 1 | 2;
  value: string;
  /** UTF-8 of `value` (lower-cased when ignoreCase): exact and prefix compare bytes, not strings. */
  bytes: Uint8Array;
  regex: RegExp | null;
  ignoreCase: boolean;
  /** Regex only: UTF-8 of the ASCII literals every match starts / ends with (empty when none), checked on bytes first. */
  litPrefix?: Uint8Array;
  litSuffix?: Uint8Array;
}

const utf8 = new TextEncoder();
const NO_BYTES = new Uint8Array(0);

/**
 * Compiles a StringMatch once (regexes checked by checkSafeRegex and anchored).
 *
 * @example
 * const m = compileStringMatch({ prefix: '/api' }, false);
 * m.ok && testString(m.matcher, '/api/v1'); // true
 */
export function compileStringMatch(
  sm: StringMatch,
  ignoreCase: boolean,
): { ok: true; matcher: StringMatcher } | { ok: false; reason: string } {
  if ('regex' in sm) {
    const r = checkSafeRegex(sm.regex);
    if (!r.ok) return { ok: false, reason: `regex "${sm.regex}": ${r.reason}` };
    const src = r.regex.source;
    const inner = src.startsWith('^(?:') && src.endsWith(')$') ? src.slice(4, -2) : '|';
    const lit = regexLiterals(inner, r.regex.flags);
    return {
      ok: true,
      matcher: {
        kind: 2, value: sm.regex, bytes: utf8.encode(sm.regex), regex: r.regex, ignoreCase: false,
        litPrefix: utf8.encode(lit.prefix), litSuffix: utf8.encode(lit.suffix),
      },
    };
  }
  const kind = 'exact' in sm ? 0 : 1;
  const raw = 'exact' in sm ? sm.exact : sm.prefix;
  const value = ignoreCase ? raw.toLowerCase() : raw;
  return { ok: true, matcher: { kind, value, bytes: utf8.encode(value), regex: null, ignoreCase, litPrefix: NO_BYTES, litSuffix: NO_BYTES } };
}

/**
 * Runs an exact or prefix matcher on bytes[off, off + len) without decoding them (regexes need
 * the decoded string: use testString for them).
 *
 * @example
 * testBytes(m, buf, 10, 5); // true for { exact: 'jason' } when buf[10..15) is "jason"
 */
export function testBytes(m: StringMatcher, buf: Uint8Array, off: number, len: number): boolean {
  const want = m.bytes;
  const n = want.length;
  if (m.kind === 0 ? len !== n : len < n) return false;
  if (m.ignoreCase) {
    for (let i = 0; i < n; i++) {
      const b = buf[off + i];
      if ((b >= 65 && b <= 90 ? b | 32 : b) !== want[i]) return false;
    }
  } else {
    for (let i = 0; i < n; i++) if (buf[off + i] !== want[i]) return false;
  }
  return true;
}

/**
 * False when bytes[off, off + len) cannot match regex matcher `m`: it lacks the literal prefix or
 * suffix every match has (true means: run the regex).
 *
 * @example
 * mayMatchRegex(m, buf, off, len); // false for /items/[0-9]+/k2 on "/items/7/k5", without decoding
 */
export function mayMatchRegex(m: StringMatcher, buf: Uint8Array, off: number, len: number): boolean {
  const pre = m.litPrefix;
  const suf = m.litSuffix;
  if (pre === undefined || suf === undefined) return true;
  const np = pre.length;
  const ns = suf.length;
  if (len < np || len < ns) return false;
  for (let i = 0; i < np; i++) if (buf[off + i] !== pre[i]) return false;
  const tail = off + len - ns;
  for (let i = 0; i < ns; i++) if (buf[tail + i] !== suf[i]) return false;
  return true;
}

/**
 * Runs a compiled matcher on a value.
 *
 * @example
 * testString({ kind: 0, value: 'jason', regex: null, ignoreCase: false }, 'jason'); // true
 */
export function testString(m: StringMatcher, s: string): boolean {
  if (m.kind === 2) return m.regex!.test(s);
  const v = m.ignoreCase ? s.toLowerCase() : s;
  return m.kind === 0 ? v === m.value : v.startsWith(m.value);
}

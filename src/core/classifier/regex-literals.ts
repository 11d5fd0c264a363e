/**
 * The literal text an anchored regex requires at the start and at the end of every value it
 * matches, so the classifier can reject most values by comparing bytes before decoding them and
 * running the regex. Conservative: anything it does not fully understand yields no literal.
 */

/** Required leading and trailing ASCII literals of `^(?:source)$` ('' when none is certain). */
export interface RegexLiterals {
  prefix: string;
  suffix: string;
}

const NONE: RegexLiterals = { prefix: '', suffix: '' };

/** A literal ASCII character, or null for anything else (class, group, dot, anchor, escape class). */
type Token = string | null;

/**
 * Required literals of a JavaScript regex source matched whole (as compileStringMatch anchors
 * it). Patterns with alternation, flags, or escapes that carry a payload (\u, \x, \c, \p, \k,
 * \digit) give none.
 *
 * @example
 * regexLiterals('\\/items\\/[0-9]+\\/k2', ''); // { prefix: '/items/', suffix: '/k2' }
 * regexLiterals('a|b', '');                    // { prefix: '', suffix: '' }
 */
export function regexLiterals(source: string, flags: string): RegexLiterals {
  if (flags !== '' || source.includes('|') || /\\[uxcpPk0-9]/.test(source)) return NONE;
  const tokens: Token[] = [];
  for (let i = 0; i < source.length; i++) {
    const c = source[i];
    if (c === '\\') {
      const n = source[++i];
      tokens.push(n !== undefined && /^[!-/:-@[-`{-~]$/.test(n) ? n : null);
    } else if (c === '[') {
      // A class: skip to its unescaped ']' (JS: a ']' right after '[' or '[^' closes it).
      i++;
      while (i < source.length && source[i] !== ']') i += source[i] === '\\' ? 2 : 1;
      tokens.push(null);
    } else if (c === '?' || c === '*' || c === '+' || c === '{') {
      // A quantifier makes the atom before it optional or repeated (and '(?' opens a group kind).
      if (tokens.length > 0) tokens[tokens.length - 1] = null;
      tokens.push(null);
    } else if (c.charCodeAt(0) < 128 && !'()^$.}]'.includes(c)) {
      tokens.push(c);
    } else {
      tokens.push(null);
    }
  }
  let p = 0;
  while (p < tokens.length && tokens[p] !== null) p++;
  let s = tokens.length;
  while (s > p && tokens[s - 1] !== null) s--;
  return { prefix: tokens.slice(0, p).join(''), suffix: tokens.slice(s).join('') };
}

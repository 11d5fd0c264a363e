/**
 * Istio regexes are RE2 (linear time, no backreferences, no lookaround) and must match the
 * whole value (Envoy's safe_regex). PiggyCar's classifier runs them on JavaScript's engine, so
 * each pattern is checked to stay within RE2's safe subset and compiled once, anchored.
 */

/** Longest pattern accepted (Envoy warns on large programs; this keeps matching cheap). */
export const MAX_REGEX_LENGTH = 1024;

/** A checked pattern: the compiled, anchored RegExp and any non-fatal finding. */
export type SafeRegexResult =
  | { ok: true; regex: RegExp; warning?: string }
  | { ok: false; reason: string };

/**
 * Checks an RE2-syntax pattern (no backreferences, no lookaround, valid syntax) and compiles it
 * anchored at both ends. RE2's `(?P<name>…)`, `\A`, `\z` and a leading `(?i)` are translated.
 *
 * @example
 * checkSafeRegex('/api/v[0-9]+/.*');   // { ok: true, regex: /^(?:\/api\/v[0-9]+\/.*)$/ }
 * checkSafeRegex('(a)\\1');            // { ok: false, reason: 'backreference \\1 is not allowed (RE2 syntax)' }
 * checkSafeRegex('foo(?=bar)');        // { ok: false, reason: 'lookahead (?= is not allowed (RE2 syntax)' }
 */
export function checkSafeRegex(pattern: string): SafeRegexResult {
  if (pattern.length > MAX_REGEX_LENGTH) {
    return { ok: false, reason: `regex is longer than ${MAX_REGEX_LENGTH} characters` };
  }
  let flags = '';
  let src = pattern;
  if (src.startsWith('(?i)')) {
    flags = 'i';
    src = src.slice(4);
  }
  const translated = translateRe2(src);
  if (!translated.ok) return translated;
  let regex: RegExp;
  try {
    regex = new RegExp(`^(?:${translated.source})$`, flags);
  } catch (e) {
    // RegExp construction is the only syntax check JavaScript offers; its message names the fault.
    return { ok: false, reason: `invalid regex: ${(e as Error).message}` };
  }
  const nested = hasNestedQuantifier(translated.source);
  return nested
    ? { ok: true, regex, warning: 'nested quantifiers may backtrack heavily on this matcher' }
    : { ok: true, regex };
}

/** Walks the pattern once, rejecting what RE2 rejects and rewriting RE2-only spellings. */
function translateRe2(src: string): { ok: true; source: string } | { ok: false; reason: string } {
  let out = '';
  let inClass = false;
  for (let i = 0; i < src.length; i++) {
    const c = src[i];
    if (c === '\\') {
      const n = src[i + 1];
      if (n === undefined) return { ok: false, reason: 'invalid regex: trailing backslash' };
      if (n >= '1' && n <= '9') return { ok: false, reason: `backreference \\${n} is not allowed (RE2 syntax)` };
      if (n === 'k' && src[i + 2] === '<') return { ok: false, reason: 'backreference \\k<…> is not allowed (RE2 syntax)' };
      if (!inClass && n === 'A') {
        out += '^';
      } else if (!inClass && n === 'z') {
        out += '$';
      } else if (n === 'Q') {
        return { ok: false, reason: 'quoted literals \\Q…\\E are not supported' };
      } else {
        out += c + n;
      }
      i++;
      continue;
    }
    if (inClass) {
      if (c === ']') inClass = false;
      out += c;
      continue;
    }
    if (c === '[') {
      inClass = true;
      out += c;
      // A ']' right after '[' or '[^' is a literal, not the end of the class.
      if (src[i + 1] === '^') {
        out += '^';
        i++;
      }
      if (src[i + 1] === ']') {
        out += '\\]';
        i++;
      }
      continue;
    }
    if (c === '(' && src[i + 1] === '?') {
      const rest = src.slice(i + 2);
      if (rest.startsWith('=')) return { ok: false, reason: 'lookahead (?= is not allowed (RE2 syntax)' };
      if (rest.startsWith('!')) return { ok: false, reason: 'negative lookahead (?! is not allowed (RE2 syntax)' };
      if (rest.startsWith('<=')) return { ok: false, reason: 'lookbehind (?<= is not allowed (RE2 syntax)' };
      if (rest.startsWith('<!')) return { ok: false, reason: 'negative lookbehind (?<! is not allowed (RE2 syntax)' };
      if (rest.startsWith('P=')) return { ok: false, reason: 'backreference (?P=…) is not allowed (RE2 syntax)' };
      if (rest.startsWith('P<')) {
        out += '(?<';
        i += 3;
        continue;
      }
      if (rest.startsWith(':') || rest.startsWith('<')) {
        out += '(?';
        i++;
        continue;
      }
      return { ok: false, reason: 'inline flags other than a leading (?i) are not supported' };
    }
    out += c;
  }
  if (inClass) return { ok: false, reason: 'invalid regex: missing closing ]' };
  return { ok: true, source: out };
}

/** Heuristic: a quantified group whose body already has an unbounded quantifier, e.g. `(a+)+`. */
function hasNestedQuantifier(src: string): boolean {
  const stack: boolean[] = [];
  let inner = false;
  for (let i = 0; i < src.length; i++) {
    const c = src[i];
    if (c === '\\') {
      i++;
      continue;
    }
    if (c === '[') {
      const end = src.indexOf(']', i + 2);
      i = end < 0 ? src.length : end;
      continue;
    }
    if (c === '(') {
      stack.push(inner);
      inner = false;
    } else if (c === ')') {
      const groupHadQuantifier = inner;
      inner = stack.pop() ?? false;
      const q = src[i + 1];
      if (q === '*' || q === '+' || q === '{') {
        if (groupHadQuantifier) return true;
        inner = true;
      } else if (groupHadQuantifier) {
        inner = true;
      }
    } else if (c === '*' || c === '+') {
      inner = true;
    }
  }
  return false;
}

import { describe, expect, it } from 'vitest';
import { checkSafeRegex } from '../../../src/core/istio/safe-regex';

describe('checkSafeRegex', () => {
  it('compiles RE2-style patterns anchored (whole-value match, as Envoy safe_regex)', () => {
    const r = checkSafeRegex('/api/v[0-9]+');
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.regex.test('/api/v12')).toBe(true);
    expect(r.regex.test('/api/v12/more')).toBe(false);
    expect(r.regex.test('x/api/v1')).toBe(false);
  });

  it('translates (?P<name>…), a leading (?i), \\A and \\z', () => {
    const r = checkSafeRegex('(?i)\\A(?P<u>jason|ALICE)\\z');
    expect(r.ok && r.regex.test('Jason') && r.regex.test('alice')).toBe(true);
  });

  it('rejects backreferences and lookaround with a reason', () => {
    for (const [re, reason] of [
      ['(a)\\1', 'backreference \\1'], ['(?<x>a)\\k<x>', 'backreference \\k'], ['(?P<x>a)(?P=x)', 'backreference (?P=…)'],
      ['a(?=b)', 'lookahead (?='], ['a(?!b)', 'negative lookahead'], ['(?<=a)b', 'lookbehind (?<='], ['(?<!a)b', 'negative lookbehind'],
    ]) {
      const r = checkSafeRegex(re);
      expect(r.ok, re).toBe(false);
      expect(!r.ok && r.reason, re).toContain(reason);
    }
  });

  it('rejects invalid syntax and over-long patterns, warns on nested quantifiers', () => {
    expect(checkSafeRegex('a(b').ok).toBe(false);
    expect(checkSafeRegex('[a-').ok).toBe(false);
    expect(checkSafeRegex('a'.repeat(2000)).ok).toBe(false);
    const nested = checkSafeRegex('(a+)+b');
    expect(nested.ok && nested.warning).toMatch(/nested quantifiers/);
    expect(checkSafeRegex('[(]\\)+').ok && (checkSafeRegex('[(]\\)+') as { warning?: string }).warning).toBeFalsy();
  });
});

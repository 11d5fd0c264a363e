import type { StringMatch } from '../rules/types';
import { FieldReader, isPlainObject, join } from './field-reader';
import { checkSafeRegex } from './safe-regex';

/** Which StringMatch forms a field allows (queryParams: exact and regex only, as Istio documents). */
export interface StringMatchOptions {
  allowPrefix: boolean;
  /** Header matches: `{}` means "header present", stored as prefix ''. */
  emptyMeansPresent: boolean;
}

/**
 * Validates an Istio StringMatch (`exact` | `prefix` | `regex`, exactly one), checking regexes
 * with {@link checkSafeRegex}. Returns the match or undefined (issues recorded on `r`).
 *
 * @example
 * const r = new FieldReader();
 * validateStringMatch(r, { exact: 'jason' }, 'spec.http[0].match[0].headers.end-user', { allowPrefix: true, emptyMeansPresent: true });
 * // → { exact: 'jason' }
 */
export function validateStringMatch(
  r: FieldReader,
  value: unknown,
  path: string,
  options: StringMatchOptions,
): StringMatch | undefined {
  if (!isPlainObject(value)) {
    r.error(path, 'must be an object with one of exact, prefix or regex');
    return undefined;
  }
  r.unknownFields(value, ['exact', 'prefix', 'regex'], path);
  const present = (['exact', 'prefix', 'regex'] as const).filter((k) => value[k] !== undefined && value[k] !== null);
  if (present.length === 0) {
    if (options.emptyMeansPresent) return { prefix: '' };
    r.error(path, 'one of exact, prefix or regex is required');
    return undefined;
  }
  if (present.length > 1) {
    r.error(path, `only one of exact, prefix or regex may be set (found ${present.join(', ')})`);
    return undefined;
  }
  const key = present[0];
  const s = r.string(value, key, join(path, key));
  if (s === undefined) return undefined;
  if (key === 'prefix' && !options.allowPrefix) {
    r.error(join(path, key), 'prefix match is not supported here (only exact and regex)');
    return undefined;
  }
  if (key === 'regex') {
    const checked = checkSafeRegex(s);
    if (!checked.ok) {
      r.error(join(path, 'regex'), `"${s}" is not a safe regex: ${checked.reason}`);
      return undefined;
    }
    if (checked.warning) r.warn(join(path, 'regex'), checked.warning);
    return { regex: s };
  }
  return key === 'exact' ? { exact: s } : { prefix: s };
}

/**
 * Validates a map of header (or query parameter) name → StringMatch. Header names are
 * case-insensitive in HTTP, so they are lower-cased.
 *
 * @example
 * validateMatchMap(new FieldReader(), { 'End-User': { exact: 'jason' } }, 'spec.http[0].match[0].headers', true, true);
 * // → { 'end-user': { exact: 'jason' } }
 */
export function validateMatchMap(
  r: FieldReader,
  value: unknown,
  path: string,
  lowerCaseKeys: boolean,
  isHeader: boolean,
): Record<string, StringMatch> | undefined {
  if (value === undefined || value === null) return undefined;
  if (!isPlainObject(value)) {
    r.error(path, 'must be a map of name to string match');
    return undefined;
  }
  const out: Record<string, StringMatch> = {};
  for (const [name, m] of Object.entries(value)) {
    const p = join(path, name);
    if (name === '') {
      r.error(p, 'name must not be empty');
      continue;
    }
    if (isHeader && !/^[!#$%&'*+\-.^_`|~0-9A-Za-z:]+$/.test(name)) {
      r.error(p, `"${name}" is not a valid header name`);
      continue;
    }
    const sm = validateStringMatch(r, m ?? {}, p, { allowPrefix: isHeader, emptyMeansPresent: isHeader });
    if (sm) out[lowerCaseKeys ? name.toLowerCase() : name] = sm;
  }
  return out;
}

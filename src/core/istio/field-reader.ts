import type { IstioIssue } from './istio-issue';

/**
 * Collects issues while walking untrusted JSON, with helpers that check a field's type and
 * report it by its path (`spec.http[0].route[1].weight`), the way Istio's validation does.
 *
 * @example
 * const r = new FieldReader();
 * const hosts = r.stringArray({ hosts: 'x' }, 'hosts', 'spec.hosts'); // undefined; r.errors[0].message = 'must be a list of strings'
 */
export class FieldReader {
  readonly errors: IstioIssue[] = [];
  readonly warnings: IstioIssue[] = [];

  error(path: string, message: string): void {
    this.errors.push({ path, message });
  }

  warn(path: string, message: string, unenforced = false): void {
    this.warnings.push(unenforced ? { path, message, unenforced } : { path, message });
  }

  /** Reports fields of `obj` not in `known` (Istio's CRD schemas reject unknown fields). */
  unknownFields(obj: Record<string, unknown>, known: readonly string[], path: string): void {
    for (const k of Object.keys(obj)) {
      if (!known.includes(k)) this.error(join(path, k), 'unknown field');
    }
  }

  object(parent: Record<string, unknown>, key: string, path: string): Record<string, unknown> | undefined {
    const v = parent[key];
    if (v === undefined || v === null) return undefined;
    if (!isPlainObject(v)) {
      this.error(path, 'must be an object');
      return undefined;
    }
    return v;
  }

  array(parent: Record<string, unknown>, key: string, path: string): unknown[] | undefined {
    const v = parent[key];
    if (v === undefined || v === null) return undefined;
    if (!Array.isArray(v)) {
      this.error(path, 'must be a list');
      return undefined;
    }
    return v;
  }

  string(parent: Record<string, unknown>, key: string, path: string): string | undefined {
    const v = parent[key];
    if (v === undefined || v === null) return undefined;
    if (typeof v !== 'string') {
      this.error(path, 'must be a string');
      return undefined;
    }
    return v;
  }

  boolean(parent: Record<string, unknown>, key: string, path: string): boolean | undefined {
    const v = parent[key];
    if (v === undefined || v === null) return undefined;
    if (typeof v !== 'boolean') {
      this.error(path, 'must be true or false');
      return undefined;
    }
    return v;
  }

  /** An integer in [min, max]. */
  integer(parent: Record<string, unknown>, key: string, path: string, min: number, max: number): number | undefined {
    const v = parent[key];
    if (v === undefined || v === null) return undefined;
    if (typeof v !== 'number' || !Number.isInteger(v)) {
      this.error(path, 'must be an integer');
      return undefined;
    }
    if (v < min || v > max) {
      this.error(path, `${v} is out of range [${min}, ${max}]`);
      return undefined;
    }
    return v;
  }

  stringArray(parent: Record<string, unknown>, key: string, path: string): string[] | undefined {
    const v = parent[key];
    if (v === undefined || v === null) return undefined;
    if (!Array.isArray(v) || v.some((x) => typeof x !== 'string')) {
      this.error(path, 'must be a list of strings');
      return undefined;
    }
    return v as string[];
  }

  /** A map of string → string (labels, annotations, sourceLabels). */
  stringMap(parent: Record<string, unknown>, key: string, path: string): Record<string, string> | undefined {
    const v = parent[key];
    if (v === undefined || v === null) return undefined;
    if (!isPlainObject(v)) {
      this.error(path, 'must be a map of strings');
      return undefined;
    }
    const out: Record<string, string> = {};
    for (const [k, val] of Object.entries(v)) {
      if (typeof val !== 'string') {
        this.error(join(path, k), 'must be a string');
        continue;
      }
      out[k] = val;
    }
    return out;
  }
}

/**
 * True for a JSON object (not null, not an array).
 *
 * @example
 * isPlainObject({}); // true
 * isPlainObject([]); // false
 */
export function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * Joins a field path: `join('spec', 'hosts')` → `spec.hosts`; keys that are not identifiers are
 * bracketed (`metadata.annotations[piggycar.io/expected-gbps]`).
 *
 * @example
 * join('spec.http[0]', 'route'); // 'spec.http[0].route'
 */
export function join(path: string, key: string): string {
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(key)) return `${path}[${key}]`;
  return path ? `${path}.${key}` : key;
}

import { parseAllDocuments, YAMLError } from 'yaml';

/**
 * Limits of {@link parseDocuments}; every field has a safe default.
 *
 * @example
 * parseDocuments(body, { maxBytes: 1 << 20, maxAliasCount: 50 } satisfies ParseDocumentsOptions);
 */
export interface ParseDocumentsOptions {
  /** Largest accepted input, UTF-8 bytes. Default 64 MiB (the k = 90 fat-tree as JSON is ~45 MB). */
  maxBytes?: number;
  /** The `yaml` package's alias budget (aliases × the aliases inside what they point to). Default 100. */
  maxAliasCount?: number;
  /**
   * Budget for the expanded data: each value counts 1 and each string or key its length, aliases counted
   * every time they are reached. Default max(4 × input bytes, 65,536): expansion past that is refused.
   */
  maxExpandedSize?: number;
  /** Deepest nesting of arrays/objects. Default 64. */
  maxDepth?: number;
}

/**
 * Why the input was refused: `kind` lets an API pick 413 (too-large) or 400 (the rest).
 *
 * @example
 * const e: ParseDocumentsError = { kind: 'syntax', reason: 'Map keys must be unique', line: 3, column: 1, document: 0 };
 */
export interface ParseDocumentsError {
  kind: 'too-large' | 'syntax' | 'expansion' | 'nesting';
  reason: string;
  /** 1-based position of a syntax error. */
  line?: number;
  column?: number;
  /** 0-based index of the offending document in a multi-document stream. */
  document?: number;
}

/**
 * Parsed documents (empty ones dropped), or one error.
 *
 * @example
 * const r: ParseDocumentsResult = parseDocuments('a: 1');
 */
export type ParseDocumentsResult = { ok: true; documents: unknown[] } | { ok: false; error: ParseDocumentsError };

/** Above this size a text that looks like JSON but is not is not re-tried as YAML (too slow to be worth it). */
const YAML_RETRY_LIMIT = 1 << 20;

/**
 * Safely parses JSON or (multi-document) YAML, as the fabric PUT and the Istio apply API take it.
 * JSON takes a fast path (a one-pass depth check on the text, then JSON.parse); YAML uses the core schema with unique keys, `maxAliasCount` against alias bombs,
 * and every result is walked once to bound its expanded size and depth (shared alias targets count each
 * time they are reached, so a "billion laughs" is refused even though `yaml` shares the objects).
 * Errors are values with a kind, a reason and, for syntax errors, line and column.
 *
 * @example
 * parseDocuments('a: 1\n---\nb: 2\n'); // { ok: true, documents: [{ a: 1 }, { b: 2 }] }
 * parseDocuments('{"a": 1}');           // { ok: true, documents: [{ a: 1 }] }
 * parseDocuments('a: [1, 2\n');         // { ok: false, error: { kind: 'syntax', reason: '...', line: 1, column: 4, document: 0 } }
 */
export function parseDocuments(text: string, options: ParseDocumentsOptions = {}): ParseDocumentsResult {
  const maxBytes = options.maxBytes ?? 64 * 1024 * 1024;
  const bytes = utf8Length(text, maxBytes);
  if (bytes > maxBytes) {
    return fail({ kind: 'too-large', reason: `input is larger than the limit of ${maxBytes} bytes` });
  }
  const limits: WalkLimits = {
    maxSize: options.maxExpandedSize ?? Math.max(4 * bytes, 65_536),
    maxDepth: options.maxDepth ?? 64,
  };

  const first = firstNonSpace(text);
  if (first === '{' || first === '[') {
    // JSON has no aliases, so its expanded size is its text size; only depth needs a check, done on the
    // text before parsing (walking a parsed 40 MB fabric would cost more than JSON.parse itself).
    const tooDeep = jsonDepthExceeds(text, limits.maxDepth);
    if (tooDeep === undefined) {
      let value: unknown;
      let jsonError: string | undefined;
      try {
        value = JSON.parse(text);
      } catch (e) {
        jsonError = e instanceof Error ? e.message : String(e);
      }
      if (jsonError === undefined) return { ok: true, documents: [value] };
      if (text.length > YAML_RETRY_LIMIT) {
        return fail({ kind: 'syntax', reason: `invalid JSON: ${jsonError}`, ...jsonPosition(text, jsonError) });
      }
    } else if (text.length > YAML_RETRY_LIMIT) {
      return fail({ kind: 'nesting', reason: `nesting deeper than ${limits.maxDepth} levels`, ...position(text, tooDeep), document: 0 });
    }
  }
  return parseYaml(text, options.maxAliasCount ?? 100, limits);
}

function fail(error: ParseDocumentsError): ParseDocumentsResult {
  return { ok: false, error };
}

function parseYaml(text: string, maxAliasCount: number, limits: WalkLimits): ParseDocumentsResult {
  let docs: ReturnType<typeof parseAllDocuments>;
  try {
    docs = parseAllDocuments(text, { prettyErrors: true, uniqueKeys: true, version: '1.2', schema: 'core' });
  } catch (e) {
    // The parser recurses on nesting; a pathological depth overflows the stack before our walk sees it.
    if (e instanceof RangeError) return fail({ kind: 'nesting', reason: 'input is nested too deeply' });
    throw e;
  }
  const list = Array.isArray(docs) ? docs : [];
  const documents: unknown[] = [];
  for (let i = 0; i < list.length; i++) {
    const doc = list[i];
    const error = doc.errors[0];
    if (error !== undefined) return fail({ kind: 'syntax', reason: syntaxReason(error), ...yamlPosition(error), document: i });
    let value: unknown;
    try {
      value = doc.toJS({ maxAliasCount });
    } catch (e) {
      if (e instanceof RangeError) return fail({ kind: 'nesting', reason: 'input is nested too deeply', document: i });
      const reason = e instanceof Error ? e.message : String(e);
      const kind = /alias count/i.test(reason) ? 'expansion' : 'syntax';
      return fail({ kind, reason, document: i });
    }
    // An empty document (a stray `---`) or an explicit null is no resource, as with kubectl apply.
    if (value !== null && value !== undefined) documents.push(value);
  }
  return checked(documents, limits);
}

function syntaxReason(error: YAMLError): string {
  // prettyErrors appends a source excerpt after the first line; keep the message itself.
  return error.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '');
}

function yamlPosition(error: YAMLError): { line?: number; column?: number } {
  const at = error.linePos?.[0];
  return at === undefined ? {} : { line: at.line, column: at.col };
}

/** V8 reports "at position N" (Node 20) or "(line L column C)" (Node 22+). */
function jsonPosition(text: string, message: string): { line?: number; column?: number } {
  const lc = /line (\d+) column (\d+)/.exec(message);
  if (lc) return { line: Number(lc[1]), column: Number(lc[2]) };
  const pos = /position (\d+)/.exec(message);
  if (!pos) return {};
  return position(text, Number(pos[1]));
}

/** 1-based line and column of a character offset. */
function position(text: string, offset: number): { line: number; column: number } {
  let line = 1, lineStart = 0;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text.charCodeAt(i) === 10) { line++; lineStart = i + 1; }
  }
  return { line, column: offset - lineStart + 1 };
}

/**
 * Offset of the first bracket that nests deeper than `maxDepth` in JSON text (brackets inside strings
 * ignored), or undefined. One pass over the characters, no allocation.
 */
function jsonDepthExceeds(text: string, maxDepth: number): number | undefined {
  let depth = 0, inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92) i++; // backslash: skip the escaped character
      else if (c === 34) inString = false;
    } else if (c === 34) inString = true;
    else if (c === 123 || c === 91) { if (++depth > maxDepth) return i; }
    else if (c === 125 || c === 93) depth--;
  }
  return undefined;
}

function firstNonSpace(text: string): string | undefined {
  const m = /\S/.exec(text.length > 4096 ? text.slice(0, 4096) : text);
  return m?.[0];
}

/** UTF-8 length, or a cheap bound when the answer against `limit` is already clear (the input may be huge). */
function utf8Length(text: string, limit: number): number {
  if (text.length > limit || text.length * 3 <= limit) return text.length;
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) bytes += 1;
    else if (c < 0x800) bytes += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length) { bytes += 4; i++; }
    else bytes += 3;
  }
  return bytes;
}

interface WalkLimits {
  maxSize: number;
  maxDepth: number;
}

/**
 * Walks every parsed YAML document (iteratively: depth is attacker-controlled) against the size and depth
 * budgets. Parallel stacks instead of tuples: no allocation per value.
 */
function checked(documents: unknown[], limits: WalkLimits): ParseDocumentsResult {
  let size = 0;
  const values: unknown[] = [];
  const depths: number[] = [];
  for (let d = 0; d < documents.length; d++) {
    values.push(documents[d]);
    depths.push(0);
    while (values.length > 0) {
      const value = values.pop();
      const depth = depths.pop()!;
      size += typeof value === 'string' ? value.length + 1 : 1;
      if (size > limits.maxSize) {
        return fail({
          kind: 'expansion', document: d,
          reason: `expanded data exceeds ${limits.maxSize} units (aliases expand to more than the input allows)`,
        });
      }
      if (typeof value !== 'object' || value === null) continue;
      if (depth >= limits.maxDepth) {
        return fail({ kind: 'nesting', document: d, reason: `nesting deeper than ${limits.maxDepth} levels` });
      }
      if (Array.isArray(value)) {
        for (let i = value.length - 1; i >= 0; i--) { values.push(value[i]); depths.push(depth + 1); }
      } else {
        const record = value as Record<string, unknown>;
        for (const key in record) {
          size += key.length;
          values.push(record[key]);
          depths.push(depth + 1);
        }
      }
    }
  }
  return { ok: true, documents };
}

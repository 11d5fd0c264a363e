import type { TextField, TextMessage, TextPosition, TextValue } from './text-format-types';

/**
 * A syntax error in protobuf text format, with the 1-based line and column where it was found.
 *
 * @example
 * try { parseTextFormat('tables {'); } catch (e) { (e as TextFormatError).line; }
 */
export class TextFormatError extends Error {
  constructor(
    message: string,
    readonly line: number,
    readonly column: number,
  ) {
    super(`${line}:${column}: ${message}`);
    this.name = 'TextFormatError';
  }
}

type TokenKind = 'identifier' | 'number' | 'string' | 'symbol' | 'end';

interface Token extends TextPosition {
  kind: TokenKind;
  text: string;
  /** Decoded bytes, for string tokens only. */
  bytes?: Uint8Array;
}

const SIMPLE_ESCAPES: Record<string, number> = {
  a: 0x07, b: 0x08, f: 0x0c, n: 0x0a, r: 0x0d, t: 0x09, v: 0x0b, '\\': 0x5c, "'": 0x27, '"': 0x22, '?': 0x3f,
};

/**
 * Splits text-format source into tokens. `#` starts a comment to the end of the line.
 * Identifiers may contain `.` and `/` so extension names (`[type.googleapis.com/x.Y]`) stay one token.
 */
function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  let line = 1;
  let lineStart = 0;
  const isIdentStart = (c: string) => /[A-Za-z_]/.test(c);
  const isIdentPart = (c: string) => /[A-Za-z0-9_./]/.test(c);

  while (i < source.length) {
    const c = source[i];
    if (c === '\n') {
      line++;
      i++;
      lineStart = i;
      continue;
    }
    if (c === ' ' || c === '\t' || c === '\r' || c === '\f' || c === '\v') {
      i++;
      continue;
    }
    if (c === '#') {
      while (i < source.length && source[i] !== '\n') i++;
      continue;
    }
    const pos = { line, column: i - lineStart + 1 };
    if (c === '"' || c === "'") {
      const { bytes, end } = readString(source, i, pos);
      tokens.push({ kind: 'string', text: source.slice(i, end), bytes, ...pos });
      i = end;
      continue;
    }
    const startsNumber = /[0-9]/.test(c) || (c === '.' && /[0-9]/.test(source[i + 1] ?? ''))
      || (c === '-' && /[0-9.]/.test(source[i + 1] ?? ''));
    if (startsNumber) {
      let j = i + 1;
      // Exponent signs (1e-3) are the only `+`/`-` allowed inside a number.
      while (j < source.length && (/[0-9A-Za-z_.]/.test(source[j]) || (/[+-]/.test(source[j]) && /[eE]/.test(source[j - 1]) && !/^-?0[xX]/.test(source.slice(i, j))))) j++;
      tokens.push({ kind: 'number', text: source.slice(i, j), ...pos });
      i = j;
      continue;
    }
    if (isIdentStart(c)) {
      let j = i + 1;
      while (j < source.length && isIdentPart(source[j])) j++;
      tokens.push({ kind: 'identifier', text: source.slice(i, j), ...pos });
      i = j;
      continue;
    }
    if ('{}<>[]:;,-'.includes(c)) {
      tokens.push({ kind: 'symbol', text: c, ...pos });
      i++;
      continue;
    }
    throw new TextFormatError(`unexpected character ${JSON.stringify(c)}`, pos.line, pos.column);
  }
  tokens.push({ kind: 'end', text: '', line, column: i - lineStart + 1 });
  return tokens;
}

/** Reads one quoted literal starting at `start`, decoding C-style escapes to bytes (UTF-8 for plain text). */
function readString(source: string, start: number, pos: TextPosition): { bytes: Uint8Array; end: number } {
  const quote = source[start];
  const out: number[] = [];
  const encoder = new TextEncoder();
  let i = start + 1;
  while (true) {
    if (i >= source.length || source[i] === '\n') {
      throw new TextFormatError('unterminated string literal', pos.line, pos.column);
    }
    const c = source[i];
    if (c === quote) return { bytes: Uint8Array.from(out), end: i + 1 };
    if (c !== '\\') {
      const cp = source.codePointAt(i)!;
      const ch = String.fromCodePoint(cp);
      out.push(...encoder.encode(ch));
      i += ch.length;
      continue;
    }
    const e = source[i + 1] ?? '';
    if (e in SIMPLE_ESCAPES) {
      out.push(SIMPLE_ESCAPES[e]);
      i += 2;
    } else if (/[0-7]/.test(e)) {
      const m = /^[0-7]{1,3}/.exec(source.slice(i + 1))![0];
      const v = parseInt(m, 8);
      if (v > 255) throw new TextFormatError(`octal escape \\${m} is above 255`, pos.line, pos.column);
      out.push(v);
      i += 1 + m.length;
    } else if (e === 'x' || e === 'X') {
      const m = /^[0-9A-Fa-f]{1,2}/.exec(source.slice(i + 2));
      if (!m) throw new TextFormatError('\\x escape without hex digits', pos.line, pos.column);
      out.push(parseInt(m[0], 16));
      i += 2 + m[0].length;
    } else if (e === 'u' || e === 'U') {
      const n = e === 'u' ? 4 : 8;
      const hex = source.slice(i + 2, i + 2 + n);
      if (!new RegExp(`^[0-9A-Fa-f]{${n}}$`).test(hex)) {
        throw new TextFormatError(`\\${e} escape needs ${n} hex digits`, pos.line, pos.column);
      }
      out.push(...encoder.encode(String.fromCodePoint(parseInt(hex, 16))));
      i += 2 + n;
    } else {
      throw new TextFormatError(`unknown escape \\${e}`, pos.line, pos.column);
    }
  }
}

/**
 * Parses protobuf text format (the `.txtpb` / `.pb.txt` syntax `protoc --decode` and p4c print) into an
 * untyped tree. Types (repeated or not, enum or int, int64 as string) come later from a schema:
 * see `textToObject`.
 *
 * Supported: `name: scalar`, `name { ... }`, `name: { ... }`, `name < ... >`, list syntax `name: [a, b]`,
 * optional `,`/`;` separators, `#` comments, adjacent string concatenation, C escapes (`\n`, `\"`, `\101`,
 * `\x41`, `\u00e9`), decimal/hex/octal/float numbers, negative numbers, extension-style names `[a.b]`.
 *
 * @example
 * const msg = parseTextFormat('pkg_info { arch: "v1model" }  # comment');
 * msg.fields[0].name; // 'pkg_info'
 */
export function parseTextFormat(source: string): TextMessage {
  const tokens = tokenize(source);
  let p = 0;
  const peek = () => tokens[p];
  const next = () => tokens[p++];
  const fail = (t: Token, message: string): never => {
    throw new TextFormatError(message, t.line, t.column);
  };
  const describe = (t: Token) => (t.kind === 'end' ? 'end of input' : JSON.stringify(t.text));
  const isSymbol = (t: Token, s: string) => t.kind === 'symbol' && t.text === s;

  function parseFields(close: string | undefined, at: TextPosition): TextMessage {
    const fields: TextField[] = [];
    while (true) {
      const t = peek();
      if (close === undefined ? t.kind === 'end' : isSymbol(t, close)) {
        next();
        return { kind: 'message', fields, line: at.line, column: at.column };
      }
      if (t.kind === 'end') fail(t, `expected "${close}" to close the message opened at ${at.line}:${at.column}`);
      parseField(fields);
      if (isSymbol(peek(), ',') || isSymbol(peek(), ';')) next();
    }
  }

  function parseFieldName(): Token {
    const t = next();
    if (t.kind === 'identifier') return t;
    if (isSymbol(t, '[')) {
      const name = next();
      if (name.kind !== 'identifier') fail(name, `expected an extension or Any type name, got ${describe(name)}`);
      if (!isSymbol(next(), ']')) fail(tokens[p - 1], 'expected "]" after extension name');
      return { ...name, text: `[${name.text}]` };
    }
    return fail(t, `expected a field name, got ${describe(t)}`);
  }

  function parseField(into: TextField[]): void {
    const name = parseFieldName();
    const push = (value: TextValue) => into.push({ name: name.text, value, line: name.line, column: name.column });
    let t = peek();
    if (isSymbol(t, ':')) {
      next();
      t = peek();
      if (isSymbol(t, '[')) {
        next();
        if (isSymbol(peek(), ']')) {
          next();
          return;
        }
        while (true) {
          push(parseValue());
          const sep = next();
          if (isSymbol(sep, ']')) return;
          if (!isSymbol(sep, ',')) fail(sep, `expected "," or "]" in the list of "${name.text}", got ${describe(sep)}`);
        }
      }
      push(parseValue());
      return;
    }
    if (isSymbol(t, '{') || isSymbol(t, '<')) {
      push(parseValue());
      return;
    }
    fail(t, `expected ":" or "{" after field name "${name.text}", got ${describe(t)}`);
  }

  function parseValue(): TextValue {
    const t = next();
    if (isSymbol(t, '{')) return parseFields('}', t);
    if (isSymbol(t, '<')) return parseFields('>', t);
    if (t.kind === 'number') return { kind: 'number', text: t.text, line: t.line, column: t.column };
    if (isSymbol(t, '-') && peek().kind === 'identifier') {
      const id = next();
      return { kind: 'number', text: `-${id.text}`, line: t.line, column: t.column };
    }
    if (t.kind === 'identifier') return { kind: 'identifier', text: t.text, line: t.line, column: t.column };
    if (t.kind === 'string') {
      const parts = [t.bytes!];
      while (peek().kind === 'string') parts.push(next().bytes!);
      const bytes = new Uint8Array(parts.reduce((n, b) => n + b.length, 0));
      let o = 0;
      for (const b of parts) {
        bytes.set(b, o);
        o += b.length;
      }
      return { kind: 'string', bytes, line: t.line, column: t.column };
    }
    return fail(t, `expected a value, got ${describe(t)}`);
  }

  return parseFields(undefined, { line: 1, column: 1 });
}

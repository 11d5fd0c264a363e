import { describe, expect, it } from 'vitest';
import { parseDocuments } from '../../../src/core/yaml/parse-documents';
import { fatTreeFabric } from '../../../src/core/fabric/generators/fat-tree-fabric';

const LAUGHS = `a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]
b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]
c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]
d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]
e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]
f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]
g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]
h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]
`;

describe('parseDocuments', () => {
  it('parses multi-document YAML and drops empty documents', () => {
    const text = '---\napiVersion: v1\nkind: A\n---\n# only a comment\n---\nkind: B\nlist: [1, 2]\n---\n';
    expect(parseDocuments(text)).toEqual({ ok: true, documents: [{ apiVersion: 'v1', kind: 'A' }, { kind: 'B', list: [1, 2] }] });
  });

  it('parses JSON objects and arrays', () => {
    expect(parseDocuments(' {"name": "x", "n": [1, {"a": null}]}')).toEqual({ ok: true, documents: [{ name: 'x', n: [1, { a: null }] }] });
    expect(parseDocuments('[1, 2]')).toEqual({ ok: true, documents: [[1, 2]] });
  });

  it('round-trips a k = 8 fat-tree as JSON', () => {
    const doc = fatTreeFabric({ k: 8, serversPerEdge: 4 });
    expect(parseDocuments(JSON.stringify(doc))).toEqual({ ok: true, documents: [doc] });
  });

  it('uses YAML 1.2 core scalars (no yes/no booleans, no sexagesimal)', () => {
    expect(parseDocuments('a: yes\nb: 1:20\nc: true\nd: 0x10\n')).toEqual({ ok: true, documents: [{ a: 'yes', b: '1:20', c: true, d: 16 }] });
  });

  it('reports YAML syntax errors with line, column and document', () => {
    const r = parseDocuments('a: 1\n---\nb:\n  - x\n c: [1, 2\n');
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.kind).toBe('syntax');
      expect(r.error.document).toBe(1);
      expect(r.error.line).toBeGreaterThanOrEqual(4);
      expect(r.error.column).toBeGreaterThanOrEqual(1);
      expect(r.error.reason.length).toBeGreaterThan(0);
    }
  });

  it('rejects duplicate keys', () => {
    const r = parseDocuments('a: 1\nb: 2\na: 3\n');
    expect(r).toMatchObject({ ok: false, error: { kind: 'syntax', line: 3, column: 1 } });
  });

  it('reports malformed JSON with a position', () => {
    const r = parseDocuments('{\n  "a": 1,\n  "b": ]\n}');
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.kind).toBe('syntax');
      expect(r.error.line).toBe(3);
    }
  });

  it('refuses a billion-laughs alias bomb through maxAliasCount', () => {
    expect(parseDocuments(LAUGHS)).toMatchObject({ ok: false, error: { kind: 'expansion', document: 0 } });
  });

  it('refuses the bomb through the expanded-size bound even with the alias check off', () => {
    const r = parseDocuments(LAUGHS, { maxAliasCount: -1 });
    expect(r).toMatchObject({ ok: false, error: { kind: 'expansion' } });
    if (!r.ok) expect(r.error.reason).toMatch(/expanded data exceeds/);
  });

  it('allows modest alias use', () => {
    const r = parseDocuments('base: &b {port: 80}\nx: *b\ny: *b\n');
    expect(r).toEqual({ ok: true, documents: [{ base: { port: 80 }, x: { port: 80 }, y: { port: 80 } }] });
  });

  it('refuses oversize input before parsing', () => {
    expect(parseDocuments('a: ' + 'x'.repeat(100), { maxBytes: 50 })).toMatchObject({ ok: false, error: { kind: 'too-large' } });
    // Bytes, not characters: 20 three-byte characters are 60 bytes.
    expect(parseDocuments('a: ' + '€'.repeat(20), { maxBytes: 50 })).toMatchObject({ ok: false, error: { kind: 'too-large' } });
    expect(parseDocuments('a: ' + '€'.repeat(10), { maxBytes: 50 }).ok).toBe(true);
  });

  it('refuses deep nesting in JSON and YAML', () => {
    const deep = '['.repeat(200) + ']'.repeat(200);
    expect(parseDocuments(deep)).toMatchObject({ ok: false, error: { kind: 'nesting' } });
    expect(parseDocuments('a: ' + '['.repeat(100) + ']'.repeat(100))).toMatchObject({ ok: false, error: { kind: 'nesting' } });
    expect(parseDocuments('[[[1]]]', { maxDepth: 2 })).toMatchObject({ ok: false, error: { kind: 'nesting' } });
  });

  it('checks the depth of large JSON on the text, ignoring brackets inside strings', () => {
    const pad = 'x'.repeat(1_100_000);
    const deep = `{"pad": "${pad}",\n"d": ${'['.repeat(100)}${']'.repeat(100)}}`;
    expect(parseDocuments(deep)).toMatchObject({ ok: false, error: { kind: 'nesting', line: 2 } });
    const brackets = `{"pad": "${pad}", "s": "${'['.repeat(500)}\\"{{{"}`;
    const r = parseDocuments(brackets);
    expect(r.ok).toBe(true);
    if (r.ok) expect((r.documents[0] as { s: string }).s).toBe(`${'['.repeat(500)}"{{{`);
  });

  it('keeps __proto__ keys as plain data (no prototype pollution)', () => {
    for (const text of ['a: 1\n__proto__:\n  polluted: 1\n', '{"a": 1, "__proto__": {"polluted": 1}}']) {
      const r = parseDocuments(text);
      expect(r.ok).toBe(true);
      if (r.ok) {
        const doc = r.documents[0] as object;
        expect(Object.getPrototypeOf(doc)).toBe(Object.prototype);
        expect(Object.keys(doc)).toEqual(['a', '__proto__']);
      }
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    }
  });

  it('reports an alias to an unknown anchor', () => {
    expect(parseDocuments('a: *nope\n')).toMatchObject({ ok: false, error: { document: 0 } });
  });

  it('returns no documents for empty input', () => {
    expect(parseDocuments('')).toEqual({ ok: true, documents: [] });
    expect(parseDocuments('# nothing\n')).toEqual({ ok: true, documents: [] });
  });
});

import { describe, expect, it } from 'vitest';
import { TextFormatError, parseTextFormat } from '../../../switch-agent/p4info/text-format';
import { textToObject } from '../../../switch-agent/p4info/text-to-object';
import { loadP4InfoRoot } from '../../../switch-agent/p4info/p4info-proto';

const decode = (b: Uint8Array) => Buffer.from(b).toString('latin1');

describe('parseTextFormat (untyped syntax)', () => {
  it('parses nested messages in both bracket styles, separators, comments and list syntax', () => {
    const msg = parseTextFormat(`
      # leading comment
      a: 1, b: "x";  # trailing comment
      c { d: FOO }
      c: < d: BAR >
      e: [1, 0x1f, -3]
      f: []
    `);
    expect(msg.fields.map((f) => f.name)).toEqual(['a', 'b', 'c', 'c', 'e', 'e', 'e']);
    const c = msg.fields[2].value;
    expect(c.kind).toBe('message');
    if (c.kind === 'message') expect(c.fields[0].value).toMatchObject({ kind: 'identifier', text: 'FOO' });
    expect(msg.fields.slice(4).map((f) => (f.value.kind === 'number' ? f.value.text : ''))).toEqual(['1', '0x1f', '-3']);
    expect(msg.fields[0]).toMatchObject({ line: 3, column: 7 });
  });

  it('decodes string escapes and concatenates adjacent literals', () => {
    const msg = parseTextFormat(String.raw`s: "a\"b\\c\n\t\101\x42\u00e9" 'it\'s' "!"`);
    const v = msg.fields[0].value;
    expect(v.kind).toBe('string');
    if (v.kind !== 'string') return;
    expect(Buffer.from(v.bytes).toString('utf8')).toBe('a"b\\c\n\tABé' + "it's!");
    expect(decode(parseTextFormat(String.raw`s: "\0\377"`).fields[0].value.kind === 'string'
      ? (parseTextFormat(String.raw`s: "\0\377"`).fields[0].value as { bytes: Uint8Array }).bytes : new Uint8Array())).toBe('\x00\xff');
  });

  it('reports syntax errors with line and column', () => {
    const cases: [string, RegExp][] = [
      ['a {\n  b: 1\n', /^3:1: expected "}" to close the message opened at 1:3/],
      ['a: "open\n', /^1:4: unterminated string literal/],
      ['a 1', /^1:3: expected ":" or "{" after field name "a"/],
      ['a: }', /^1:4: expected a value/],
      ['a: [1 2]', /^1:7: expected "," or "]"/],
      ['a: "\\q"', /unknown escape \\q/],
      ['a: 1 $', /^1:6: unexpected character "\$"/],
    ];
    for (const [source, message] of cases) {
      expect(() => parseTextFormat(source), source).toThrowError(message);
      expect(() => parseTextFormat(source)).toThrowError(TextFormatError);
    }
  });
});

describe('textToObject (typed by p4info.proto)', () => {
  it('maps snake_case to camelCase, repeated to arrays, int64 to strings, enums by name', async () => {
    const root = await loadP4InfoRoot();
    const obj = textToObject(parseTextFormat(`
      tables { preamble { id: 0x02000001 name: "t" } size: 4096 idle_timeout_behavior: NOTIFY_CONTROL
               direct_resource_ids: [1, 2] match_fields { id: 1 match_type: 3 } is_const_table: true }
    `), root.lookupType('p4.config.v1.P4Info'));
    expect(obj).toEqual({
      tables: [{
        preamble: { id: 33554433, name: 't' }, size: '4096', idleTimeoutBehavior: 'NOTIFY_CONTROL',
        directResourceIds: [1, 2], matchFields: [{ id: 1, matchType: 'LPM' }], isConstTable: true,
      }],
    });
  });

  it('rejects unknown fields, repeated singular fields, bad enums and out-of-range integers, naming the path', async () => {
    const type = (await loadP4InfoRoot()).lookupType('p4.config.v1.P4Info');
    const bad: [string, RegExp][] = [
      ['tables { preamble { nme: "x" } }', /^1:21: tables\[0\]\.preamble: unknown field "nme" in p4\.config\.v1\.Preamble/],
      ['pkg_info { arch: "a" arch: "b" }', /pkg_info\.arch: non-repeated field set twice/],
      ['tables { idle_timeout_behavior: SOMETIMES }', /unknown p4\.config\.v1\.Table\.IdleTimeoutBehavior value "SOMETIMES"/],
      ['tables { preamble { id: 4294967296 } }', /tables\[0\]\.preamble\.id: 4294967296 is out of range for uint32/],
      ['tables { preamble { id: -1 } }', /out of range for uint32/],
      ['tables { preamble { id: "7" } }', /expected an integer \(uint32\), got string/],
      ['tables { preamble: 7 }', /tables\[0\]\.preamble: expected a message \(p4\.config\.v1\.Preamble\)/],
      ['[ext.x] { }', /extension and Any expansions/],
    ];
    for (const [source, message] of bad) {
      expect(() => textToObject(parseTextFormat(source), type), source).toThrowError(message);
    }
  });

  it('reads p4c-style extras: map fields, bytes with octal escapes, annotations with escaped quotes, documentation', async () => {
    const type = (await loadP4InfoRoot()).lookupType('p4.config.v1.P4Info');
    const obj = textToObject(parseTextFormat(`
      actions { preamble { id: 1 name: "a" annotations: "@name(\\"x.y\\")" doc { brief: "first line" } } }
      type_info {
        serializable_enums {
          key: "reason_t"
          value { underlying_type { bitwidth: 8 } members { name: "SESSION_MISS" value: "\\001" } members { name: "ZERO" value: "\\000" } }
        }
      }
    `), type);
    expect(obj).toEqual({
      actions: [{ preamble: { id: 1, name: 'a', annotations: ['@name("x.y")'], doc: { brief: 'first line' } } }],
      typeInfo: {
        serializableEnums: {
          reason_t: { underlyingType: { bitwidth: 8 }, members: [{ name: 'SESSION_MISS', value: 'AQ==' }, { name: 'ZERO', value: 'AA==' }] },
        },
      },
    });
  });
});

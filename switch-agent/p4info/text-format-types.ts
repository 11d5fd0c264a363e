/**
 * Contract of the protobuf text-format parser: the untyped tree it produces before a schema gives it types.
 * Every node carries its 1-based source position so schema errors can name the line and column.
 */

/**
 * Where a token started in the text (1-based).
 *
 * @example
 * const at: TextPosition = { line: 3, column: 7 };
 */
export interface TextPosition {
  line: number;
  column: number;
}

/**
 * An enum name, `true`/`false`, `inf`, `nan`: a bare identifier in value position.
 *
 * @example
 * parseTextFormat('t: LPM').fields[0].value; // { kind: 'identifier', text: 'LPM', ... }
 */
export interface TextIdentifier extends TextPosition {
  kind: 'identifier';
  text: string;
}

/**
 * A numeric literal exactly as written (sign included): `-12`, `0x1f`, `017`, `1.5e3`.
 *
 * @example
 * parseTextFormat('n: 0x1f').fields[0].value; // { kind: 'number', text: '0x1f', ... }
 */
export interface TextNumber extends TextPosition {
  kind: 'number';
  text: string;
}

/**
 * A string literal (adjacent literals concatenated), escapes already decoded to raw bytes.
 *
 * @example
 * parseTextFormat('s: "a\\n"').fields[0].value; // { kind: 'string', bytes: [0x61, 0x0a], ... }
 */
export interface TextString extends TextPosition {
  kind: 'string';
  bytes: Uint8Array;
}

/**
 * A nested message, `{ ... }` or `< ... >`.
 *
 * @example
 * parseTextFormat('m { a: 1 }').fields[0].value.kind; // 'message'
 */
export interface TextMessage extends TextPosition {
  kind: 'message';
  fields: TextField[];
}

/**
 * Any value a field can carry.
 *
 * @example
 * const v: TextValue = parseTextFormat('a: 1').fields[0].value;
 */
export type TextValue = TextIdentifier | TextNumber | TextString | TextMessage;

/**
 * One `name: value` occurrence. A repeated field appears once per element, in source order; the list syntax
 * `name: [a, b]` is expanded into one TextField per element.
 *
 * @example
 * parseTextFormat('a: [1, 2]').fields.length; // 2
 */
export interface TextField extends TextPosition {
  name: string;
  value: TextValue;
}

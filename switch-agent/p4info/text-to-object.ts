import protobuf from 'protobufjs';
import { TextFormatError } from './text-format';
import type { TextField, TextMessage, TextValue } from './text-format-types';

/**
 * A proto3-JSON-shaped value: what `textToObject` produces and protobufjs `Type.fromObject` accepts.
 *
 * @example
 * const v: JsonValue = ['1024', { arch: 'v1model' }];
 */
export type JsonValue = string | number | boolean | JsonObject | JsonValue[];
/**
 * A proto3-JSON-shaped message.
 *
 * @example
 * const o: JsonObject = { pkgInfo: { arch: 'v1model' } };
 */
export interface JsonObject {
  [field: string]: JsonValue;
}

const INT_RANGES: Record<string, [bigint, bigint]> = {
  int32: [-(2n ** 31n), 2n ** 31n - 1n],
  sint32: [-(2n ** 31n), 2n ** 31n - 1n],
  sfixed32: [-(2n ** 31n), 2n ** 31n - 1n],
  uint32: [0n, 2n ** 32n - 1n],
  fixed32: [0n, 2n ** 32n - 1n],
  int64: [-(2n ** 63n), 2n ** 63n - 1n],
  sint64: [-(2n ** 63n), 2n ** 63n - 1n],
  sfixed64: [-(2n ** 63n), 2n ** 63n - 1n],
  uint64: [0n, 2n ** 64n - 1n],
  fixed64: [0n, 2n ** 64n - 1n],
};
const LONG_TYPES = new Set(['int64', 'sint64', 'sfixed64', 'uint64', 'fixed64']);

function snakeToCamel(name: string): string {
  return name.replace(/_([a-z0-9])/g, (_m, c: string) => c.toUpperCase());
}

function err(at: { line: number; column: number }, message: string): never {
  throw new TextFormatError(message, at.line, at.column);
}

/** Parses a text-format integer literal (decimal, 0x hex, leading-0 octal, optional minus) exactly. */
function parseInteger(value: TextValue, type: string, path: string): bigint {
  if (value.kind !== 'number') err(value, `${path}: expected an integer (${type}), got ${value.kind}`);
  const m = /^(-?)(0[xX][0-9A-Fa-f]+|0[0-7]*|[1-9][0-9]*)([uU]?[lL]{0,2})?$/.exec(value.text);
  if (!m) err(value, `${path}: "${value.text}" is not an integer (${type})`);
  const digits = m[2];
  const magnitude = /^0[xX]/.test(digits) ? BigInt(digits) : digits.length > 1 && digits[0] === '0'
    ? BigInt(`0o${digits.slice(1)}`) : BigInt(digits);
  const n = m[1] ? -magnitude : magnitude;
  const [lo, hi] = INT_RANGES[type];
  if (n < lo || n > hi) err(value, `${path}: ${value.text} is out of range for ${type}`);
  return n;
}

function convertScalar(field: protobuf.Field, value: TextValue, path: string): JsonValue {
  const type = field.type;
  if (field.resolvedType instanceof protobuf.Type) {
    if (value.kind !== 'message') err(value, `${path}: expected a message (${field.resolvedType.fullName.slice(1)})`);
    return convertMessage(value, field.resolvedType, path);
  }
  if (field.resolvedType instanceof protobuf.Enum) {
    const e = field.resolvedType;
    if (value.kind === 'identifier') {
      if (!(value.text in e.values)) {
        err(value, `${path}: unknown ${e.fullName.slice(1)} value "${value.text}" (expected one of ${Object.keys(e.values).join(', ')})`);
      }
      return value.text;
    }
    const n = Number(parseInteger(value, 'int32', path));
    return e.valuesById[n] ?? n;
  }
  if (type in INT_RANGES) {
    const n = parseInteger(value, type, path);
    return LONG_TYPES.has(type) ? n.toString() : Number(n);
  }
  switch (type) {
    case 'bool':
      if (value.kind === 'identifier' && (value.text === 'true' || value.text === 't')) return true;
      if (value.kind === 'identifier' && (value.text === 'false' || value.text === 'f')) return false;
      if (value.kind === 'number' && (value.text === '1' || value.text === '0')) return value.text === '1';
      return err(value, `${path}: expected true or false`);
    case 'string':
      if (value.kind !== 'string') err(value, `${path}: expected a quoted string`);
      try {
        return new TextDecoder('utf-8', { fatal: true }).decode(value.bytes);
      } catch {
        return err(value, `${path}: string is not valid UTF-8`);
      }
    case 'bytes':
      if (value.kind !== 'string') err(value, `${path}: expected a quoted byte string`);
      return Buffer.from(value.bytes).toString('base64');
    case 'float':
    case 'double': {
      const text = value.kind === 'number' || value.kind === 'identifier' ? value.text.toLowerCase() : '';
      const special: Record<string, number> = { inf: Infinity, infinity: Infinity, '-inf': -Infinity, '-infinity': -Infinity, nan: NaN };
      if (text in special) return special[text];
      const f = Number(text.replace(/f$/, ''));
      if (value.kind !== 'number' || Number.isNaN(f)) err(value, `${path}: expected a number (${type})`);
      return f;
    }
    default:
      return err(value, `${path}: unsupported field type ${type}`);
  }
}

function findField(type: protobuf.Type, name: string): protobuf.Field | undefined {
  return type.fields[name] ?? type.fields[snakeToCamel(name)];
}

function convertMessage(message: TextMessage, type: protobuf.Type, path: string): JsonObject {
  const out: JsonObject = {};
  const seenOneof = new Map<string, string>();
  for (const f of message.fields) {
    convertField(out, f, type, path, seenOneof);
  }
  return out;
}

function convertField(out: JsonObject, f: TextField, type: protobuf.Type, path: string, seenOneof: Map<string, string>): void {
  const typeName = type.fullName.slice(1);
  if (f.name.startsWith('[')) err(f, `${path}: extension and Any expansions (${f.name}) are not supported`);
  const field = findField(type, f.name);
  if (!field) err(f, `${path}: unknown field "${f.name}" in ${typeName}`);
  field.resolve();
  const key = field.name;
  const fieldPath = path ? `${path}.${f.name}` : f.name;
  if (field instanceof protobuf.MapField) {
    if (f.value.kind !== 'message') err(f, `${fieldPath}: a map entry must be a message with key and value`);
    const entryKey = f.value.fields.find((e) => e.name === 'key');
    const entryValue = f.value.fields.find((e) => e.name === 'value');
    if (!entryKey) err(f, `${fieldPath}: map entry without a key`);
    const k = entryKey.value.kind === 'string' ? new TextDecoder().decode(entryKey.value.bytes)
      : entryKey.value.kind === 'message' ? err(entryKey, `${fieldPath}: map key must be a scalar`) : entryKey.value.text;
    const map = (out[key] ??= {}) as JsonObject;
    map[k] = entryValue ? convertScalar(field, entryValue.value, `${fieldPath}[${k}]`)
      : field.resolvedType instanceof protobuf.Type ? {} : '';
    return;
  }
  if (field.partOf) {
    const other = seenOneof.get(field.partOf.name);
    if (other !== undefined && other !== key) err(f, `${fieldPath}: oneof "${field.partOf.name}" already set by "${other}"`);
    seenOneof.set(field.partOf.name, key);
  }
  if (field.repeated) {
    const list = (out[key] ??= []) as JsonValue[];
    list.push(convertScalar(field, f.value, `${fieldPath}[${list.length}]`));
    return;
  }
  if (key in out) err(f, `${fieldPath}: non-repeated field set twice`);
  out[key] = convertScalar(field, f.value, fieldPath);
}

/**
 * Gives a parsed text-format tree the types of a protobufjs message type and returns the message in the
 * proto3 JSON mapping: lowerCamelCase field names, repeated fields as arrays, 64-bit integers as decimal
 * strings, enums by name, bytes as base64. Unknown fields, repeated singular fields, out-of-range
 * integers and unknown enum names throw a `TextFormatError` naming the field path, line and column.
 *
 * @example
 * const root = await loadP4InfoRoot();
 * textToObject(parseTextFormat('pkg_info { arch: "v1model" }'), root.lookupType('p4.config.v1.P4Info'));
 * // → { pkgInfo: { arch: 'v1model' } }
 */
export function textToObject(message: TextMessage, type: protobuf.Type): JsonObject {
  return convertMessage(message, type, '');
}

/**
 * Loads the P4Runtime schema (p4/v1/p4runtime.proto, p4/config/v1/p4info.proto and their imports) written
 * from the P4Runtime specification, with protobufjs. google/protobuf/any.proto comes from protobufjs' bundled
 * well-known types. The root is loaded once and shared.
 */
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { readFileSync } from 'node:fs';
import protobuf from 'protobufjs';

/** Directory holding the .proto tree (the include root for `import "p4/v1/p4data.proto"`). */
export const PROTO_DIR = path.dirname(fileURLToPath(import.meta.url));

/** The .proto files, relative to PROTO_DIR, that make up the P4Runtime schema. */
export const P4RUNTIME_PROTO_FILES = [
  'p4/v1/p4runtime.proto',
  'p4/v1/p4data.proto',
  'p4/config/v1/p4info.proto',
  'p4/config/v1/p4types.proto',
  'google/rpc/status.proto',
  'google/rpc/code.proto',
] as const;

let cachedRoot: protobuf.Root | undefined;

/**
 * The resolved protobufjs Root of the P4Runtime schema (loaded synchronously once, then cached).
 * @example
 * const WriteRequest = loadP4RuntimeRoot().lookupType('p4.v1.WriteRequest');
 * const bytes = WriteRequest.encode(WriteRequest.fromObject({ deviceId: '1' })).finish();
 */
export function loadP4RuntimeRoot(): protobuf.Root {
  if (cachedRoot) return cachedRoot;
  const root = new protobuf.Root();
  // Parsed file by file (not root.loadSync, which resolves at once) so field presence can be set before resolution.
  const anyJson = (protobuf.common as unknown as Record<string, protobuf.INamespace>)['google/protobuf/any.proto'];
  root.addJSON(anyJson.nested ?? {});
  for (const file of P4RUNTIME_PROTO_FILES) {
    protobuf.parse(readFileSync(path.join(PROTO_DIR, file), 'utf8'), root, { keepCase: false });
  }
  keepExplicitScalars(root);
  root.resolveAll();
  cachedRoot = root;
  return root;
}

/**
 * Makes every singular scalar field track presence, so a field that was set (even to its zero value) is written
 * and read back. Why: P4Runtime peers (protobufjs 7 based tools, the vectors in ../shared/p4runtime-vectors) put
 * explicit zeros on the wire (Uint128.high = 0, Status.code = 0, atomicity = CONTINUE_ON_ERROR) and a byte-exact
 * round trip needs them kept; protobufjs 8 would drop them under proto3 implicit presence. The wire format and
 * the .proto files are unchanged; fields that were never set still stay off the wire.
 */
function keepExplicitScalars(ns: protobuf.NamespaceBase): void {
  for (const child of ns.nestedArray) {
    if (child instanceof protobuf.Type) {
      for (const field of child.fieldsArray) {
        if (!field.repeated && !field.map && !field.partOf) field.setOption('features.field_presence', 'EXPLICIT');
      }
    }
    if (child instanceof protobuf.Namespace || child instanceof protobuf.Type) keepExplicitScalars(child);
  }
}

/**
 * Looks up a message type of the P4Runtime schema by its fully qualified name.
 * @example
 * const P4Info = p4Type('p4.config.v1.P4Info');
 */
export function p4Type(fullName: string): protobuf.Type {
  return loadP4RuntimeRoot().lookupType(fullName);
}

/**
 * The proto3 JSON-mapping conversion options used throughout: 64-bit integers as decimal strings, bytes as
 * base64, enums by name, defaults omitted.
 * @example
 * const json = p4Type('p4.v1.ReadRequest').toObject(msg, PROTO3_JSON_OPTIONS);
 */
export const PROTO3_JSON_OPTIONS: protobuf.IConversionOptions = Object.freeze({
  longs: String,
  bytes: String,
  enums: String,
  defaults: false,
  oneofs: false,
});

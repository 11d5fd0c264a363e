/**
 * P4Info for the switch agent: protobuf text-format parsing, the binary P4Info, and name ↔ ID lookups.
 *
 * @example
 * import { P4InfoHelper, loadP4InfoFile } from '../p4info';
 * const helper = new P4InfoHelper(await loadP4InfoFile());
 */
export { TextFormatError, parseTextFormat } from './text-format';
export { textToObject, type JsonObject, type JsonValue } from './text-to-object';
export { loadP4InfoRoot, PROTO_DIR } from './p4info-proto';
export { PIGGYCAR_P4INFO_PATH, decodeP4Info, encodeP4Info, loadP4InfoFile, parseP4InfoText } from './load-p4info';
export { P4InfoHelper, P4InfoLookupError } from './p4info-helper';
export type * from './p4info-types';

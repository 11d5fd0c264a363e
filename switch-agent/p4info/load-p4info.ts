import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { loadP4InfoRoot } from './p4info-proto';
import { parseTextFormat } from './text-format';
import { textToObject } from './text-to-object';
import type { P4Info } from './p4info-types';

/**
 * The P4Info of p4/piggycar.p4 shipped in this repository.
 *
 * @example
 * await loadP4InfoFile(PIGGYCAR_P4INFO_PATH);
 */
export const PIGGYCAR_P4INFO_PATH = fileURLToPath(new URL('../../p4/piggycar.p4info.txtpb', import.meta.url));

/**
 * Parses a P4Info in protobuf text format (what `p4c --p4runtime-files x.txtpb` writes) into the
 * proto3-JSON-shaped object. Syntax and schema errors throw a `TextFormatError` with line and column.
 *
 * @example
 * const p4info = await parseP4InfoText(await readFile('p4/piggycar.p4info.txtpb', 'utf8'));
 * p4info.tables![0].preamble.name; // 'PiggyCarIngress.ipv4_route'
 */
export async function parseP4InfoText(text: string): Promise<P4Info> {
  const root = await loadP4InfoRoot();
  return textToObject(parseTextFormat(text), root.lookupType('p4.config.v1.P4Info')) as P4Info;
}

/**
 * Reads and parses a P4Info text file; defaults to the repository's p4/piggycar.p4info.txtpb.
 *
 * @example
 * const p4info = await loadP4InfoFile();
 */
export async function loadP4InfoFile(file: string = PIGGYCAR_P4INFO_PATH): Promise<P4Info> {
  return parseP4InfoText(await readFile(file, 'utf8'));
}

/**
 * Encodes a P4Info object to the binary p4.config.v1.P4Info protobuf, e.g. for the `p4info` field of
 * SetForwardingPipelineConfig or to compare two pipelines byte for byte.
 *
 * @example
 * const bytes = await encodeP4Info(await loadP4InfoFile());
 */
export async function encodeP4Info(p4info: P4Info): Promise<Uint8Array> {
  const type = (await loadP4InfoRoot()).lookupType('p4.config.v1.P4Info');
  const problem = type.verify(type.fromObject(p4info));
  if (problem) throw new Error(`P4Info does not fit p4.config.v1.P4Info: ${problem}`);
  return type.encode(type.fromObject(p4info)).finish();
}

/**
 * Decodes a binary p4.config.v1.P4Info into the same proto3-JSON shape `parseP4InfoText` returns.
 *
 * @example
 * const again = await decodeP4Info(await encodeP4Info(p4info)); // deep-equals p4info
 */
export async function decodeP4Info(bytes: Uint8Array): Promise<P4Info> {
  const type = (await loadP4InfoRoot()).lookupType('p4.config.v1.P4Info');
  return type.toObject(type.decode(bytes), { longs: String, enums: String, bytes: String }) as P4Info;
}

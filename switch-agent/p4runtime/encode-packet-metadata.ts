import type { P4InfoHelper } from '../p4info/p4info-helper';
import { P4ValueError, decodeBitValue, encodeBitValue, type BitValueInput } from './encode-bytes';
import type { DecodedValue } from './encode-types';
import type { PacketMetadataMsg } from './p4runtime-messages';

/** PacketIn / PacketOut controller-header metadata (`packet_in`, `packet_out`) by field name ↔ p4.v1.PacketMetadata. */

function widthOf(field: { bitwidth?: number; name: string }, header: string): number {
  if (!field.bitwidth) throw new P4ValueError(`${header}.${field.name}`, 'has no bitwidth in the P4Info');
  return field.bitwidth;
}

function toDecoded(v: bigint): DecodedValue {
  return v <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : v;
}

/**
 * Encodes controller-header fields (`packet_in` / `packet_out`) by name into PacketMetadata in ID order.
 * Fields left out are sent as 0; unknown names throw.
 *
 * @example
 * encodePacketMetadata(helper, 'packet_out', { egress_port: 0 });
 * // → [{ metadataId: 1, value: [0x00] }, { metadataId: 2, value: [0x00] }]
 */
export function encodePacketMetadata(helper: P4InfoHelper, header: string, values: Record<string, BitValueInput>): PacketMetadataMsg[] {
  const h = helper.controllerMetadata(header);
  for (const name of Object.keys(values)) helper.controllerMetadataField(header, name);
  return (h.metadata ?? []).map(function encodeField(f) {
    const name = `${h.preamble.name}.${f.name}`;
    return { metadataId: f.id, value: encodeBitValue(values[f.name] ?? 0, widthOf(f, h.preamble.name), name) };
  });
}

/**
 * Decodes PacketMetadata of a controller header back to `{ fieldName: value }`.
 *
 * @example
 * decodePacketMetadata(helper, 'packet_in', packetIn.metadata); // { reason: 1, vni: 5913630, ingress_port: 3 }
 */
export function decodePacketMetadata(
  helper: P4InfoHelper, header: string, metadata: { metadataId: number; value: Uint8Array | string }[] = [],
): Record<string, DecodedValue> {
  const h = helper.controllerMetadata(header);
  const out: Record<string, DecodedValue> = {};
  for (const m of metadata) {
    const f = helper.controllerMetadataField(header, m.metadataId);
    out[f.name] = toDecoded(decodeBitValue(m.value, widthOf(f, h.preamble.name), `${h.preamble.name}.${f.name}`));
  }
  return out;
}

/**
 * The value of one metadata field of a PacketIn / PacketOut as an unsigned number (0 when the field is absent),
 * without the by-name lookups of decodePacketMetadata: for the per-packet `reason` check of the slow path.
 *
 * @example
 * packetMetadataNumber(packetIn, helper.controllerMetadataField('packet_in', 'reason').id); // 1
 */
export function packetMetadataNumber(packet: { metadata?: { metadataId: number; value: Uint8Array }[] }, metadataId: number): number {
  const metadata = packet.metadata ?? [];
  for (let i = 0; i < metadata.length; i++) {
    if (metadata[i].metadataId !== metadataId) continue;
    const value = metadata[i].value;
    let v = 0;
    for (let j = 0; j < value.length; j++) v = v * 256 + value[j];
    return v;
  }
  return 0;
}

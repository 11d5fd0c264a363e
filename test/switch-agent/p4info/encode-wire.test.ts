import { readFileSync } from 'node:fs';
import path from 'node:path';
import protobuf from 'protobufjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadP4InfoFile } from '../../../switch-agent/p4info/load-p4info';
import { PROTO_DIR } from '../../../switch-agent/p4info/p4info-proto';
import { P4InfoHelper } from '../../../switch-agent/p4info/p4info-helper';
import type { P4Info } from '../../../switch-agent/p4info/p4info-types';
import { decodeTableEntry, encodeUpdate } from '../../../switch-agent/p4runtime/encode';
import type { TableEntryMsg } from '../../../switch-agent/p4runtime/p4runtime-messages';

/**
 * Wire-level check of the encoding layer against ../shared/p4runtime-vectors (encoded with the official
 * P4Runtime schema): our by-name entries, encoded through the .proto files in switch-agent/proto, must give
 * exactly the bytes of the vector's Update messages (the WriteRequest envelope — device and election id — is
 * the gRPC layer's business and is checked by that area's vector test). The vectors use arbitrary example IDs, so this test gives our P4Info those IDs
 * (same names, same field/param numbering) before encoding.
 */

const VECTORS = '/work/shared/p4runtime-vectors';
const EXAMPLE_IDS: Record<string, number> = {
  'PiggyCarIngress.tc_session_table': 33554433,
  'PiggyCarIngress.function_offload_table': 33554434,
  'PiggyCarIngress.set_backend': 16777217,
  'PiggyCarIngress.set_owner': 16777218,
};

function withExampleIds(p4info: P4Info): P4Info {
  const copy = structuredClone(p4info);
  const remap = new Map<number, number>();
  for (const item of [...(copy.tables ?? []), ...(copy.actions ?? [])]) {
    const id = EXAMPLE_IDS[item.preamble.name];
    if (id !== undefined) {
      remap.set(item.preamble.id, id);
      item.preamble.id = id;
    }
  }
  for (const t of copy.tables ?? []) for (const r of t.actionRefs ?? []) r.id = remap.get(r.id) ?? r.id;
  return copy;
}

let helper: P4InfoHelper;
let root: protobuf.Root;
beforeAll(async () => {
  helper = new P4InfoHelper(withExampleIds(await loadP4InfoFile()));
  root = new protobuf.Root();
  root.resolvePath = (_o, t) => (t.startsWith('google/protobuf/') ? t : path.join(PROTO_DIR, t));
  await root.load('p4/v1/p4runtime.proto');
  root.resolveAll();
});

const session = {
  table: 'tc_session_table',
  match: {
    'hdr.vxlan.vni': 0x5a3c1e, 'hdr.inner_ipv4.src_addr': '10.1.0.11', 'hdr.inner_ipv4.dst_addr': '10.96.0.20',
    'hdr.inner_ipv4.protocol': 6, 'meta.l4_src_port': 43512, 'meta.l4_dst_port': 9080,
  },
  action: 'set_backend',
  params: { node_ip: '192.168.0.4' },
  idleTimeoutNs: 10_000_000_000n,
};

/** Raw bytes of each top-level length-delimited field `fieldNumber` of a serialized message, in order. */
function rawFields(bytes: Uint8Array, fieldNumber: number): string[] {
  const reader = protobuf.Reader.create(bytes);
  const out: string[] = [];
  while (reader.pos < reader.len) {
    const tag = reader.uint32();
    if (tag >>> 3 === fieldNumber && (tag & 7) === 2) out.push(Buffer.from(reader.bytes()).toString('hex'));
    else reader.skipType(tag & 7);
  }
  return out;
}

/** Our updates, each encoded as p4.v1.Update, must equal the vector's WriteRequest.updates (field 4) byte for byte. */
function expectUpdatesEqualVector(updates: object[], file: string): void {
  const type = root.lookupType('p4.v1.Update');
  const ours = updates.map((u) => Buffer.from(type.encode(type.fromObject(u)).finish()).toString('hex'));
  expect(ours).toEqual(rawFields(readFileSync(`${VECTORS}/${file}`), 4));
}

describe('encoding layer on the wire (official-schema vectors)', () => {
  it('write-insert-session: one INSERT of a session entry encodes to the exact vector bytes', () => {
    expectUpdatesEqualVector([encodeUpdate(helper, 'INSERT', session)], 'write-insert-session.bin');
  });

  it('write-batch-modify-delete: MODIFY function_offload_table + DELETE session encode to the exact vector bytes', () => {
    expectUpdatesEqualVector([
      encodeUpdate(helper, 'MODIFY', { table: 'function_offload_table', match: { 'hdr.vxlan.vni': 0x5a3c1e }, action: 'set_owner', params: { owner_ip: '10.0.0.1' } }),
      encodeUpdate(helper, 'DELETE', session),
    ], 'write-batch-modify-delete.bin');
  });

  it('decodes the entry of idle-timeout-notification back to names and values', () => {
    const type = root.lookupType('p4.v1.StreamMessageResponse');
    const msg = type.toObject(type.decode(readFileSync(`${VECTORS}/idle-timeout-notification.bin`)), { longs: String }) as {
      idleTimeoutNotification: { tableEntry: TableEntryMsg[] };
    };
    expect(decodeTableEntry(helper, msg.idleTimeoutNotification.tableEntry[0])).toEqual({
      table: 'PiggyCarIngress.tc_session_table',
      match: {
        'hdr.vxlan.vni': 0x5a3c1e, 'hdr.inner_ipv4.src_addr': 0x0a01000b, 'hdr.inner_ipv4.dst_addr': 0x0a600014,
        'hdr.inner_ipv4.protocol': 6, 'meta.l4_src_port': 43512, 'meta.l4_dst_port': 9080,
      },
      idleTimeoutNs: 10_000_000_000n,
    });
  });
});

import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadP4InfoFile } from '../../../switch-agent/p4info/load-p4info';
import { P4InfoHelper, P4InfoLookupError } from '../../../switch-agent/p4info/p4info-helper';
import {
  P4ValueError, canonicalBytes, decodeBitValue, encodeBitValue, formatIpv4, formatMac, isCanonical,
} from '../../../switch-agent/p4runtime/encode-bytes';
import {
  decodePacketMetadata, decodeTableEntry, encodePacketMetadata, encodeReadTable, encodeTableEntry, encodeUpdate,
} from '../../../switch-agent/p4runtime/encode';
import type { TableEntryDescription } from '../../../switch-agent/p4runtime/encode-types';

// These tests live beside the P4Info tests because switch-agent/p4runtime tests belong to another area.

const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');
const b64 = (b: Uint8Array) => Buffer.from(b).toString('base64');

let helper: P4InfoHelper;
beforeAll(async () => {
  helper = new P4InfoHelper(await loadP4InfoFile());
});

const session: TableEntryDescription = {
  table: 'PiggyCarIngress.tc_session_table',
  match: {
    'hdr.vxlan.vni': 0x5a3c1e, 'hdr.inner_ipv4.src_addr': '10.1.0.11', 'hdr.inner_ipv4.dst_addr': '10.96.0.20',
    'hdr.inner_ipv4.protocol': 6, 'meta.l4_src_port': 43512, 'meta.l4_dst_port': 9080,
  },
  action: 'PiggyCarIngress.set_backend',
  params: { node_ip: '192.168.0.4' },
  idleTimeoutNs: 10_000_000_000n,
};

describe('canonical byte strings (P4Runtime §8.3)', () => {
  it('is big-endian and shortest; zero is a single 0x00', () => {
    expect(hex(canonicalBytes(0n))).toBe('00');
    expect(hex(encodeBitValue(0, 24, 'vni'))).toBe('00');
    expect(hex(encodeBitValue(9, 9, 'port'))).toBe('09');
    expect(hex(encodeBitValue(0x1ff, 9, 'port'))).toBe('01ff');
    expect(hex(encodeBitValue(0x5a3c1e, 24, 'vni'))).toBe('5a3c1e');
    expect(hex(encodeBitValue('10.0.1.2', 32, 'ip'))).toBe('0a000102');
    expect(hex(encodeBitValue('0.0.0.7', 32, 'ip'))).toBe('07');
    expect(hex(encodeBitValue('00:00:00:00:01:02', 48, 'mac'))).toBe('0102');
    expect(hex(encodeBitValue('0xff', 8, 'x'))).toBe('ff');
    expect(hex(encodeBitValue(2n ** 47n, 48, 'x'))).toBe('800000000000');
    expect(hex(encodeBitValue(Uint8Array.of(0, 0, 5), 16, 'x'))).toBe('05');
    expect(isCanonical(Uint8Array.of(0, 9))).toBe(false);
    expect(isCanonical(Uint8Array.of(0))).toBe(true);
    expect(formatIpv4(0x0a000102)).toBe('10.0.1.2');
    expect(formatMac(0x0102)).toBe('00:00:00:00:01:02');
  });

  it('rejects values wider than the bitwidth, negatives, empty strings and malformed literals, naming the field', () => {
    expect(() => encodeBitValue(0x200, 9, 'ipv4_forward param port')).toThrowError('ipv4_forward param port: 0x200 does not fit in 9 bits');
    expect(() => encodeBitValue(0x1000000, 24, 'vni')).toThrowError(/does not fit in 24 bits/);
    expect(() => encodeBitValue(-1, 8, 'p')).toThrowError(/negative/);
    expect(() => encodeBitValue(2 ** 60, 64, 'p')).toThrowError(/not a safe integer/);
    expect(() => encodeBitValue(new Uint8Array(), 8, 'p')).toThrowError(/empty byte string/);
    expect(() => encodeBitValue('10.0.0.256', 32, 'ip')).toThrowError(/octet above 255/);
    expect(() => encodeBitValue('10.0.0.1', 24, 'vni')).toThrowError(/IPv4 address needs a 32-bit field/);
    expect(() => encodeBitValue('aa:bb', 48, 'mac')).toThrowError(/not a number, 0x-hex, IPv4 or MAC literal/);
    expect(() => encodeBitValue(1, 8, 'p')).not.toThrow();
    expect(() => encodeBitValue(0x100, 8, 'p')).toThrowError(P4ValueError);
  });

  it('decodes with extra leading zero bytes (receiver rule) but not values too wide', () => {
    expect(decodeBitValue(Uint8Array.of(0, 0, 1, 0xff), 9, 'port')).toBe(0x1ffn);
    expect(decodeBitValue('Wjwe', 24, 'vni')).toBe(0x5a3c1en);
    expect(() => decodeBitValue(Uint8Array.of(2, 0), 9, 'port')).toThrowError(/0x200 does not fit in 9 bits/);
    expect(() => decodeBitValue(new Uint8Array(), 9, 'port')).toThrowError(/empty/);
  });
});

describe('encodeTableEntry / decodeTableEntry', () => {
  it('gives the byte strings of the shared vector write-insert-session', () => {
    const vectors = JSON.parse(readFileSync('/work/shared/p4runtime-vectors/vectors.json', 'utf8')) as {
      name: string; message: { updates: { entity: { tableEntry: { match: { exact: { value: string } }[]; action: { action: { params: { value: string }[] } } } } }[] };
    }[];
    const expected = vectors.find((v) => v.name === 'write-insert-session')!.message.updates[0].entity.tableEntry;
    const msg = encodeTableEntry(helper, session);
    expect(msg.match!.map((m) => b64(m.exact!.value))).toEqual(expected.match.map((m) => m.exact.value));
    expect(b64(msg.action!.action!.params![0].value)).toBe(expected.action.action.params[0].value);
    expect(msg.idleTimeoutNs).toBe('10000000000');
    expect(msg.tableId).toBe(helper.tableId('tc_session_table'));
    expect(msg.action!.action!.actionId).toBe(helper.actionId('set_backend'));
    expect(msg.match!.map((m) => m.fieldId)).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it('round-trips every table through decode, with fully qualified names', () => {
    const entries: TableEntryDescription[] = [
      session,
      { table: 'ipv4_route', match: { 'hdr.ipv4.dst_addr': '10.0.1.0/24' }, action: 'ipv4_forward', params: { port: 3, dst_mac: '02:00:00:00:00:03' } },
      { table: 'function_offload_table', match: { 'hdr.vxlan.vni': 7 }, action: 'set_owner', params: { owner_ip: '10.0.0.1' } },
      { table: 'function_offload_table', match: { 'hdr.vxlan.vni': 0 }, action: 'owner_is_local' },
    ];
    const decoded = entries.map((e) => decodeTableEntry(helper, encodeTableEntry(helper, e)));
    expect(decoded[0]).toEqual({
      table: 'PiggyCarIngress.tc_session_table',
      match: {
        'hdr.vxlan.vni': 0x5a3c1e, 'hdr.inner_ipv4.src_addr': 0x0a01000b, 'hdr.inner_ipv4.dst_addr': 0x0a600014,
        'hdr.inner_ipv4.protocol': 6, 'meta.l4_src_port': 43512, 'meta.l4_dst_port': 9080,
      },
      action: 'PiggyCarIngress.set_backend', params: { node_ip: 0xc0a80004 }, idleTimeoutNs: 10_000_000_000n,
    });
    expect(decoded[1]).toEqual({
      table: 'PiggyCarIngress.ipv4_route', match: { 'hdr.ipv4.dst_addr': { value: 0x0a000100, prefixLen: 24 } },
      action: 'PiggyCarIngress.ipv4_forward', params: { port: 3, dst_mac: 0x020000000003 },
    });
    expect(decoded[2].params).toEqual({ owner_ip: 0x0a000001 });
    expect(decoded[3]).toEqual({ table: 'PiggyCarIngress.function_offload_table', match: { 'hdr.vxlan.vni': 0 }, action: 'PiggyCarIngress.owner_is_local' });
    expect(hex(encodeTableEntry(helper, entries[3]).match![0].exact!.value)).toBe('00');
  });

  it('handles lpm prefixes: canonical value, masked bits must be zero, /0 is a left-out wildcard', () => {
    const lpm = (v: unknown) => encodeTableEntry(helper, { table: 'ipv4_route', match: { 'hdr.ipv4.dst_addr': v as string }, action: 'drop' });
    expect(lpm('10.0.1.0/24').match).toEqual([{ fieldId: 1, lpm: { value: Uint8Array.of(10, 0, 1, 0), prefixLen: 24 } }]);
    expect(lpm({ value: '10.0.0.0', prefixLen: 8 }).match![0].lpm!.prefixLen).toBe(8);
    expect(lpm('10.0.0.5').match![0].lpm!.prefixLen).toBe(32);
    expect(lpm('0.0.0.0/0').match).toBeUndefined();
    expect(() => lpm('10.0.1.5/24')).toThrowError('PiggyCarIngress.ipv4_route key hdr.ipv4.dst_addr: 0xa000105/24 has bits set past the prefix length');
    expect(() => lpm('10.0.0.0/33')).toThrowError(/prefix length 33 is not an integer in 0..32/);
  });

  it('throws clear errors for unknown names, missing keys, wrong scopes and too-wide values', () => {
    const bad = (e: Partial<TableEntryDescription>) => () => encodeTableEntry(helper, { ...session, ...e });
    expect(bad({ table: 'PiggyCarIngress.sessions' })).toThrowError(P4InfoLookupError);
    expect(bad({ table: 'PiggyCarIngress.sessions' })).toThrowError(/unknown table "PiggyCarIngress.sessions"/);
    expect(bad({ match: { ...session.match, 'hdr.inner_tcp.src_port': 1 } })).toThrowError(
      /unknown match field "hdr.inner_tcp.src_port" in table PiggyCarIngress.tc_session_table/,
    );
    const { 'meta.l4_dst_port': _omitted, ...fiveKeys } = session.match!;
    expect(bad({ match: fiveKeys })).toThrowError('PiggyCarIngress.tc_session_table key meta.l4_dst_port: missing (exact keys cannot be wildcards)');
    expect(bad({ match: { ...session.match, 'hdr.vxlan.vni': 0x1000000 } })).toThrowError(
      'PiggyCarIngress.tc_session_table key hdr.vxlan.vni: 0x1000000 does not fit in 24 bits',
    );
    expect(bad({ match: { ...session.match, 'meta.l4_src_port': 70000 } })).toThrowError(/meta.l4_src_port: 0x11170 does not fit in 16 bits/);
    expect(bad({ action: 'send_to_cpu', params: undefined })).toThrowError(/action PiggyCarIngress.send_to_cpu is default-only/);
    expect(bad({ action: 'set_owner' })).toThrowError(/unknown action "PiggyCarIngress.set_owner" in table PiggyCarIngress.tc_session_table/);
    expect(bad({ params: {} })).toThrowError('PiggyCarIngress.set_backend param node_ip: missing');
    expect(bad({ params: { node_ip: 1, vtep: 2 } })).toThrowError(/unknown action parameter "vtep"/);
    expect(bad({ params: { node_ip: 2 ** 32 } })).toThrowError(/node_ip: 0x100000000 does not fit in 32 bits/);
    expect(bad({ priority: 10 })).toThrowError(/only tables with ternary, range or optional keys take a priority/);
    expect(bad({ idleTimeoutNs: -1 })).toThrowError(/outside 0..2\^63-1/);
    expect(() => encodeTableEntry(helper, { table: 'ipv4_route', match: { 'hdr.ipv4.dst_addr': '10.0.0.0/8' }, action: 'drop', idleTimeoutNs: 1 }))
      .toThrowError(/does not support idle timeout/);
    expect(() => encodeTableEntry(helper, { table: 'tc_session_table', isDefaultAction: true, action: 'send_to_cpu' }))
      .toThrowError(/default action is const/);
    expect(() => encodeTableEntry(helper, { table: 'ipv4_route', match: { 'hdr.ipv4.dst_addr': 'x' } })).toThrowError(P4ValueError);
  });

  it('sets a mutable default action and builds updates and wildcard reads', () => {
    expect(encodeTableEntry(helper, { table: 'ipv4_route', isDefaultAction: true, action: 'drop' })).toEqual({
      tableId: helper.tableId('ipv4_route'), action: { action: { actionId: helper.actionId('drop') } }, isDefaultAction: true,
    });
    const del = encodeUpdate(helper, 'DELETE', { table: 'function_offload_table', match: { 'hdr.vxlan.vni': 7 } });
    expect(del).toEqual({ type: 'DELETE', entity: { tableEntry: { tableId: helper.tableId('function_offload_table'), match: [{ fieldId: 1, exact: { value: Uint8Array.of(7) } }] } } });
    expect(encodeReadTable(helper)).toEqual({ tableEntry: {} });
    expect(encodeReadTable(helper, 'function_offload_table', { counters: true })).toEqual({
      tableEntry: { tableId: helper.tableId('function_offload_table'), counterData: {} },
    });
  });

  it('decodes counter data, idle time and int64 given as numbers or strings', () => {
    const msg = { ...encodeTableEntry(helper, { table: 'function_offload_table', match: { 'hdr.vxlan.vni': 7 }, action: 'owner_is_local' }),
      counterData: { packetCount: '12', byteCount: 1500 }, timeSinceLastHit: { elapsedNs: '42' } };
    expect(decodeTableEntry(helper, msg)).toMatchObject({ counterData: { packetCount: 12n, byteCount: 1500n }, elapsedNsSinceLastHit: 42n });
    expect(() => decodeTableEntry(helper, { tableId: 1 })).toThrowError(/unknown table id 1/);
    expect(() => decodeTableEntry(helper, { tableId: helper.tableId('tc_session_table'), match: [{ fieldId: 9, exact: { value: Uint8Array.of(1) } }] }))
      .toThrowError(/unknown match field id 9/);
  });
});

describe('controller packet metadata', () => {
  it('encodes packet_out and packet_in by name in ID order, zero-filling omitted fields', () => {
    expect(encodePacketMetadata(helper, 'packet_out', { egress_port: 0 })).toEqual([
      { metadataId: 1, value: Uint8Array.of(0) }, { metadataId: 2, value: Uint8Array.of(0) },
    ]);
    const pin = encodePacketMetadata(helper, 'packet_in', { reason: 1, vni: 0x5a3c1e, ingress_port: 3 });
    expect(pin.map((m) => [m.metadataId, b64(m.value)])).toEqual([[1, 'AQ=='], [2, 'Wjwe'], [3, 'Aw==']]);
    expect(decodePacketMetadata(helper, 'packet_in', pin)).toEqual({ reason: 1, vni: 0x5a3c1e, ingress_port: 3 });
    expect(() => encodePacketMetadata(helper, 'packet_out', { port: 1 })).toThrowError(/unknown controller metadata field "port" in controller header packet_out/);
    expect(() => encodePacketMetadata(helper, 'packet_out', { egress_port: 0x10000 })).toThrowError(/packet_out.egress_port: 0x10000 does not fit in 16 bits/);
  });

  it('decodes the shared packet-in-miss and packet-out vectors (base64 as in proto3 JSON)', () => {
    const vectors = JSON.parse(readFileSync('/work/shared/p4runtime-vectors/vectors.json', 'utf8')) as { name: string; message: { packet: { metadata: { metadataId: number; value: string }[] } } }[];
    const pin = vectors.find((v) => v.name === 'packet-in-miss')!.message.packet.metadata;
    const pout = vectors.find((v) => v.name === 'packet-out')!.message.packet.metadata;
    expect(decodePacketMetadata(helper, 'packet_in', pin)).toEqual({ reason: 1, vni: 0x5a3c1e });
    expect(decodePacketMetadata(helper, 'packet_out', pout)).toEqual({ egress_port: 3 });
  });
});

import { beforeAll, describe, expect, it } from 'vitest';
import { decodeP4Info, encodeP4Info, loadP4InfoFile } from '../../../switch-agent/p4info/load-p4info';
import { P4InfoHelper, P4InfoLookupError } from '../../../switch-agent/p4info/p4info-helper';
import type { P4Info } from '../../../switch-agent/p4info/p4info-types';

/** p4c's ID rule (control-plane/p4RuntimeSymbolTable.cpp), re-implemented here independently of the file. */
function p4cId(prefix: number, name: string): number {
  let h = 0;
  for (const c of Buffer.from(name)) {
    h = (h + c) >>> 0;
    h = (h + (h << 10)) >>> 0;
    h = (h ^ (h >>> 6)) >>> 0;
  }
  h = (h + (h << 3)) >>> 0;
  h = (h ^ (h >>> 11)) >>> 0;
  h = (h + (h << 15)) >>> 0;
  return ((prefix << 24) | (h & 0xffffff)) >>> 0;
}

let p4info: P4Info;
let helper: P4InfoHelper;
beforeAll(async () => {
  p4info = await loadP4InfoFile();
  helper = new P4InfoHelper(p4info);
});

describe('p4/piggycar.p4info.txtpb (the names of interfaces.md)', () => {
  it('declares v1model and exactly the three PiggyCar tables', () => {
    expect(p4info.pkgInfo?.arch).toBe('v1model');
    expect(helper.allTables().map((t) => t.preamble.name)).toEqual([
      'PiggyCarIngress.ipv4_route', 'PiggyCarIngress.function_offload_table', 'PiggyCarIngress.tc_session_table',
    ]);
  });

  it('ipv4_route: lpm on hdr.ipv4.dst_addr/32 → ipv4_forward(port 9, dst_mac 48) | drop', () => {
    const t = helper.table('PiggyCarIngress.ipv4_route');
    expect(t.matchFields).toEqual([{ id: 1, name: 'hdr.ipv4.dst_addr', bitwidth: 32, matchType: 'LPM' }]);
    expect(t.actionRefs!.map((r) => helper.actionName(r.id))).toEqual(['PiggyCarIngress.ipv4_forward', 'PiggyCarIngress.drop']);
    expect(helper.action('PiggyCarIngress.ipv4_forward').params).toEqual([
      { id: 1, name: 'port', bitwidth: 9 }, { id: 2, name: 'dst_mac', bitwidth: 48 },
    ]);
    expect(helper.action('PiggyCarIngress.drop').params).toBeUndefined();
  });

  it('function_offload_table: exact vni/24 → set_owner(owner_ip 32) | owner_is_local | NoAction (const default), direct counter', () => {
    const t = helper.table('PiggyCarIngress.function_offload_table');
    expect(t.matchFields).toEqual([{ id: 1, name: 'hdr.vxlan.vni', bitwidth: 24, matchType: 'EXACT' }]);
    expect(t.actionRefs!.map((r) => [helper.actionName(r.id), r.scope ?? 'TABLE_AND_DEFAULT'])).toEqual([
      ['PiggyCarIngress.set_owner', 'TABLE_AND_DEFAULT'], ['PiggyCarIngress.owner_is_local', 'TABLE_AND_DEFAULT'], ['NoAction', 'DEFAULT_ONLY'],
    ]);
    expect(t.constDefaultActionId).toBe(helper.actionId('NoAction'));
    expect(helper.action('set_owner').params).toEqual([{ id: 1, name: 'owner_ip', bitwidth: 32 }]);
    const counter = helper.directCounter('PiggyCarIngress.function_offload_counter');
    expect(counter.spec?.unit).toBe('BOTH');
    expect(counter.directTableId).toBe(t.preamble.id);
    expect(t.directResourceIds).toEqual([counter.preamble.id]);
    expect(helper.directCounterOf('function_offload_table')).toBe(counter);
  });

  it('port_tx_counter: an indexed counter of packets and bytes, one cell per 9-bit port, with p4c\'s ID', () => {
    const c = helper.counter('PiggyCarEgress.port_tx_counter');
    expect(c.spec?.unit).toBe('BOTH');
    expect(Number(c.size)).toBe(512);
    expect(c.preamble.id).toBe(p4cId(0x12, 'PiggyCarEgress.port_tx_counter'));
    expect(helper.counter('port_tx_counter')).toBe(c);
  });

  it('tc_session_table: six exact keys, set_backend(node_ip 32), const default send_to_cpu, 65536 entries, idle timeout', () => {
    const t = helper.table('PiggyCarIngress.tc_session_table');
    expect(t.matchFields!.map((f) => [f.id, f.name, f.bitwidth, f.matchType])).toEqual([
      [1, 'hdr.vxlan.vni', 24, 'EXACT'],
      [2, 'hdr.inner_ipv4.src_addr', 32, 'EXACT'],
      [3, 'hdr.inner_ipv4.dst_addr', 32, 'EXACT'],
      [4, 'hdr.inner_ipv4.protocol', 8, 'EXACT'],
      [5, 'meta.l4_src_port', 16, 'EXACT'],
      [6, 'meta.l4_dst_port', 16, 'EXACT'],
    ]);
    expect(t.actionRefs!.map((r) => [helper.actionName(r.id), r.scope ?? 'TABLE_AND_DEFAULT'])).toEqual([
      ['PiggyCarIngress.set_backend', 'TABLE_AND_DEFAULT'], ['PiggyCarIngress.send_to_cpu', 'DEFAULT_ONLY'],
    ]);
    expect(t.constDefaultActionId).toBe(helper.actionId('PiggyCarIngress.send_to_cpu'));
    expect(t.size).toBe('65536');
    expect(t.idleTimeoutBehavior).toBe('NOTIFY_CONTROL');
    expect(helper.action('set_backend').params).toEqual([{ id: 1, name: 'node_ip', bitwidth: 32 }]);
  });

  it('controller headers packet_in (reason 8, vni 24, ingress_port 16) and packet_out (egress_port 16, reserved 8)', () => {
    expect(helper.controllerMetadata('packet_in').metadata).toEqual([
      { id: 1, name: 'reason', bitwidth: 8 }, { id: 2, name: 'vni', bitwidth: 24 }, { id: 3, name: 'ingress_port', bitwidth: 16 },
    ]);
    expect(helper.controllerMetadata('packet_out').metadata).toEqual([
      { id: 1, name: 'egress_port', bitwidth: 16 }, { id: 2, name: 'reserved', bitwidth: 8 },
    ]);
  });

  it('uses the IDs p4c derives from the names (prefix | jenkins hash), every alias the last name component', () => {
    const all: [number, { preamble: { id: number; name: string; alias?: string } }[]][] = [
      [0x02, p4info.tables ?? []], [0x01, p4info.actions ?? []], [0x13, p4info.directCounters ?? []],
      [0x04, p4info.controllerPacketMetadata ?? []],
    ];
    for (const [prefix, items] of all) {
      for (const { preamble } of items) {
        expect(preamble.id, preamble.name).toBe(p4cId(prefix, preamble.name));
        expect(preamble.alias).toBe(preamble.name.split('.').pop());
      }
    }
    // Every action a table references exists.
    for (const t of helper.allTables()) for (const r of t.actionRefs ?? []) expect(() => helper.action(r.id)).not.toThrow();
  });

  it('encodes to binary p4.config.v1.P4Info and decodes back to the same object', async () => {
    const bytes = await encodeP4Info(p4info);
    expect(bytes.length).toBeGreaterThan(500);
    expect(await decodeP4Info(bytes)).toEqual(p4info);
  });
});

describe('P4InfoHelper lookups', () => {
  it('finds by fully qualified name, alias and ID, both ways', () => {
    const id = helper.tableId('PiggyCarIngress.tc_session_table');
    expect(helper.tableId('tc_session_table')).toBe(id);
    expect(helper.tableName(id)).toBe('PiggyCarIngress.tc_session_table');
    expect(helper.actionName(helper.actionId('set_backend'))).toBe('PiggyCarIngress.set_backend');
    expect(helper.matchFieldId('tc_session_table', 'meta.l4_dst_port')).toBe(6);
    expect(helper.matchFieldName('tc_session_table', 1)).toBe('hdr.vxlan.vni');
    expect(helper.actionParamId('ipv4_forward', 'dst_mac')).toBe(2);
    expect(helper.controllerMetadataField('packet_in', 'vni').id).toBe(2);
    expect(helper.directCounterId('function_offload_counter')).toBe(helper.directCounter('PiggyCarIngress.function_offload_counter').preamble.id);
  });

  it('throws P4InfoLookupError naming the unknown thing and listing the known ones', () => {
    expect(() => helper.tableId('PiggyCarIngress.session_table')).toThrowError(
      /unknown table "PiggyCarIngress.session_table"; known: PiggyCarIngress.ipv4_route, PiggyCarIngress.function_offload_table, PiggyCarIngress.tc_session_table/,
    );
    expect(() => helper.matchField('tc_session_table', 'hdr.ipv4.dst_addr')).toThrowError(
      /unknown match field "hdr.ipv4.dst_addr" in table PiggyCarIngress.tc_session_table; known: hdr.vxlan.vni/,
    );
    expect(() => helper.actionParam('set_backend', 'vtep')).toThrowError(/unknown action parameter "vtep" in action PiggyCarIngress.set_backend; known: node_ip/);
    expect(() => helper.actionRef('ipv4_route', 'set_backend')).toThrowError(
      /unknown action "PiggyCarIngress.set_backend" in table PiggyCarIngress.ipv4_route; known: PiggyCarIngress.ipv4_forward, PiggyCarIngress.drop/,
    );
    expect(() => helper.tableName(0x02000001)).toThrowError(/unknown table id 33554433/);
    expect(() => helper.controllerMetadata('packet_sideways')).toThrowError(P4InfoLookupError);
    expect(() => helper.counter('x')).toThrowError(/unknown counter "x"; known: PiggyCarEgress\.port_tx_counter/);
  });
});

import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadP4InfoFile } from '../../switch-agent/p4info/load-p4info';
import { P4InfoHelper } from '../../switch-agent/p4info/p4info-helper';
import { readP4Source, type SourceModel } from './p4-source-model';

/**
 * p4c and bf-p4c cannot run here, so these tests do not compile anything: they read table, key, action,
 * parameter, counter and controller-header declarations out of the P4 sources with a small tokenizer and
 * check that they say exactly what p4/piggycar.p4info.txtpb says. A compile elsewhere remains the proof.
 */

const P4_DIR = fileURLToPath(new URL('../../p4/', import.meta.url));
const read = (file: string) => readFileSync(`${P4_DIR}${file}`, 'utf8');
const MATCH_KIND: Record<string, string> = { exact: 'EXACT', lpm: 'LPM', ternary: 'TERNARY', range: 'RANGE', optional: 'OPTIONAL' };

let helper: P4InfoHelper;
beforeAll(async () => {
  helper = new P4InfoHelper(await loadP4InfoFile());
});

/** Every disagreement between a P4 source model and the P4Info, as readable lines (empty = consistent). */
function compare(model: SourceModel, controlName: string): string[] {
  const problems: string[] = [];
  const control = model.controls.find((c) => c.name === controlName);
  if (!control) return [`no control ${controlName}`];
  const q = (n: string) => (n === 'NoAction' ? n : `${controlName}.${n}`);

  const p4infoTables = helper.allTables().map((t) => t.preamble.name).sort();
  const sourceTables = control.tables.map((t) => q(t.name)).sort();
  if (JSON.stringify(p4infoTables) !== JSON.stringify(sourceTables)) problems.push(`tables: source ${sourceTables} vs P4Info ${p4infoTables}`);

  for (const t of control.tables) {
    const name = q(t.name);
    let info;
    try {
      info = helper.table(name);
    } catch {
      continue;
    }
    const srcKeys = t.keys.map((k) => `${k.expr}:${MATCH_KIND[k.matchKind] ?? k.matchKind}:${k.bitwidth}`);
    const infoKeys = (info.matchFields ?? []).map((f) => `${f.name}:${f.matchType}:${f.bitwidth}`);
    if (srcKeys.join() !== infoKeys.join()) problems.push(`${name} keys: source [${srcKeys}] vs P4Info [${infoKeys}]`);
    const srcRefs = t.actions.map((a) => `${q(a.name)}${a.annotations.includes('@defaultonly') ? '/DEFAULT_ONLY' : ''}`);
    const infoRefs = (info.actionRefs ?? []).map((r) => `${helper.actionName(r.id)}${r.scope === 'DEFAULT_ONLY' ? '/DEFAULT_ONLY' : ''}`);
    if (srcRefs.join() !== infoRefs.join()) problems.push(`${name} actions: source [${srcRefs}] vs P4Info [${infoRefs}]`);
    if (String(t.size) !== info.size) problems.push(`${name} size: source ${t.size} vs P4Info ${info.size}`);
    const infoConst = info.constDefaultActionId ? helper.actionName(info.constDefaultActionId) : undefined;
    const srcConst = t.constDefault && t.defaultAction ? q(t.defaultAction) : undefined;
    if (srcConst !== infoConst) problems.push(`${name} const default action: source ${srcConst} vs P4Info ${infoConst}`);
    if (t.idleTimeout !== (info.idleTimeoutBehavior === 'NOTIFY_CONTROL')) problems.push(`${name} idle timeout: source ${t.idleTimeout} vs P4Info ${info.idleTimeoutBehavior}`);
    const infoCounter = helper.directCounterOf(name)?.preamble.name;
    if ((t.counters && q(t.counters)) !== infoCounter) problems.push(`${name} direct counter: source ${t.counters} vs P4Info ${infoCounter}`);
  }

  for (const a of helper.p4info.actions ?? []) {
    if (a.preamble.name === 'NoAction') continue;
    const src = control.actions.find((x) => q(x.name) === a.preamble.name);
    if (!src) {
      problems.push(`action ${a.preamble.name} missing from source`);
      continue;
    }
    const srcParams = src.params.map((p) => `${p.name}:${p.bitwidth}`);
    const infoParams = (a.params ?? []).map((p) => `${p.name}:${p.bitwidth}`);
    if (srcParams.join() !== infoParams.join()) problems.push(`${a.preamble.name} params: source [${srcParams}] vs P4Info [${infoParams}]`);
  }
  const referenced = new Set(control.tables.flatMap((t) => t.actions.map((a) => q(a.name))));
  for (const a of control.actions) if (referenced.has(q(a.name)) && !helper.p4info.actions?.some((x) => x.preamble.name === q(a.name))) problems.push(`action ${q(a.name)} missing from P4Info`);

  for (const c of helper.p4info.directCounters ?? []) {
    const src = control.directCounters.find((d) => q(d.name) === c.preamble.name);
    if (!src) problems.push(`direct counter ${c.preamble.name} missing from source`);
    else if (src.unit.replace('PACKETS_AND_BYTES', 'BOTH') !== c.spec?.unit) problems.push(`${c.preamble.name} unit: source ${src.unit} vs P4Info ${c.spec?.unit}`);
  }

  for (const h of helper.p4info.controllerPacketMetadata ?? []) {
    const src = model.controllerHeaders.find((x) => x.name === h.preamble.name);
    const srcFields = src?.fields.map((f) => `${f.name}:${f.bitwidth}`) ?? [];
    const infoFields = (h.metadata ?? []).map((f) => `${f.name}:${f.bitwidth}`);
    if (srcFields.join() !== infoFields.join()) problems.push(`controller header ${h.preamble.name}: source [${srcFields}] vs P4Info [${infoFields}]`);
  }
  if (model.controllerHeaders.length !== (helper.p4info.controllerPacketMetadata ?? []).length) problems.push('controller header count differs');
  return problems;
}

describe.each([
  ['piggycar.p4 (v1model)', 'piggycar.p4'],
  ['piggycar_tna.p4 (TNA)', 'piggycar_tna.p4'],
])('%s agrees with p4/piggycar.p4info.txtpb', (_label, file) => {
  it('declares exactly the P4Info tables, keys (match kinds and bitwidths), actions, params, counter and controller headers', () => {
    expect(compare(readP4Source(read(file)), 'PiggyCarIngress')).toEqual([]);
  });

  it('implements the pipeline order of interfaces.md (checked on the ingress apply block text)', () => {
    const body = readP4Source(read(file)).controls.find((c) => c.name === 'PiggyCarIngress')!.body;
    const apply = body.slice([...body.matchAll(/\bapply\s*\{/g)].pop()!.index);
    const order = ['packet_out.isValid()', 'hdr.vxlan.reserved2 == 0', 'function_offload_table.apply()', 'owner_is_local', 'tc_session_table.apply()', 'meta.to_cpu == 1', 'ipv4_route.apply()', 'hdr.udp.checksum = 0'];
    const positions = order.map((s) => apply.indexOf(s));
    expect(positions.every((p) => p >= 0), `missing one of ${order}`).toBe(true);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
    expect(body).toMatch(/action set_backend\([^)]*\)\s*\{[^}]*hdr\.ipv4\.dst_addr = node_ip;[^}]*hdr\.vxlan\.reserved2 = PIGGYCAR_SERVICED;/);
    expect(body).toMatch(/action set_owner\([^)]*\)\s*\{[^}]*hdr\.ipv4\.dst_addr = owner_ip;/);
    expect(body).toMatch(/action send_to_cpu\(\)\s*\{[^}]*hdr\.packet_in\.setValid\(\);[^}]*hdr\.packet_in\.reason = PACKET_IN_REASON_SESSION_MISS;/);
  });
});

describe('indexed counters', () => {
  it('piggycar.p4 declares each P4Info counter (unit, size) and counts port_tx_counter by egress port', () => {
    const model = readP4Source(read('piggycar.p4'));
    const declared = model.controls.flatMap((c) => c.counters.map((x) => [`${c.name}.${x.name}`, x.unit.replace('PACKETS_AND_BYTES', 'BOTH'), String(x.size)]));
    const inP4Info = (helper.p4info.counters ?? []).map((c) => [c.preamble.name, c.spec?.unit, String(c.size)]);
    expect(declared).toEqual(inP4Info);
    const egress = model.controls.find((c) => c.name === 'PiggyCarEgress')!.body;
    expect(egress).toMatch(/port_tx_counter\.count\(\s*\(bit<32>\)\s*standard_metadata\.egress_port\s*\)/);
  });

  it('piggycar_tna.p4 has none (it bypasses egress; Tofino counts per port in its MACs, as its header says)', () => {
    const text = read('piggycar_tna.p4');
    expect(readP4Source(text).controls.flatMap((c) => c.counters)).toEqual([]);
    expect(text).toMatch(/No port_tx_counter here/);
  });
});

describe('the consistency check itself', () => {
  const source = read('piggycar.p4');
  it('reports a renamed key, a changed bitwidth, a dropped @defaultonly and a lost support_timeout', () => {
    const mutated = source
      .replace('meta.l4_dst_port: exact;', 'meta.l4_src_port: exact;')
      .replace('bit<24> vni;\n    bit<16> ingress_port;', 'bit<24> vni;\n    bit<9> ingress_port;')
      .replace('@defaultonly send_to_cpu;', 'send_to_cpu;')
      .replace('support_timeout = true;', '');
    const problems = compare(readP4Source(mutated), 'PiggyCarIngress').join('\n');
    expect(problems).toMatch(/tc_session_table keys: .*meta\.l4_src_port:EXACT:16\] vs P4Info/);
    expect(problems).toMatch(/controller header packet_in: source \[reason:8,vni:24,ingress_port:9\]/);
    expect(problems).toMatch(/tc_session_table actions: source \[PiggyCarIngress.set_backend,PiggyCarIngress.send_to_cpu\]/);
    expect(problems).toMatch(/tc_session_table idle timeout: source false/);
  });

  it('reports a changed parameter width and an unknown key field', () => {
    expect(compare(readP4Source(source.replace('egress_spec_t port, mac_addr_t dst_mac', 'bit<16> port, mac_addr_t dst_mac')), 'PiggyCarIngress'))
      .toEqual(['PiggyCarIngress.ipv4_forward params: source [port:16,dst_mac:48] vs P4Info [port:9,dst_mac:48]']);
    expect(() => readP4Source(source.replace('hdr.vxlan.vni: exact;', 'hdr.vxlan.vnid: exact;'))).toThrowError(/no field "vnid" in vxlan_t/);
  });
});

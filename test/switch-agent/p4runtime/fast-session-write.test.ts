import { describe, expect, it } from 'vitest';
import { u32ToIpv4 } from '../../../src/core/packet';
import { loadP4InfoFile } from '../../../switch-agent/p4info/load-p4info';
import { P4InfoHelper } from '../../../switch-agent/p4info/p4info-helper';
import { encodeUpdate } from '../../../switch-agent/p4runtime/encode';
import { decodeWriteRequestFast } from '../../../switch-agent/p4runtime/fast-write-decode';
import { SessionUpdateWriter, UPDATE_DELETE, UPDATE_INSERT, UPDATE_MODIFY, type SessionNumbers } from '../../../switch-agent/p4runtime/fast-session-write';
import { p4Type } from '../../../switch-agent/proto/p4runtime-schema';
import { sessionToEntry, sessionWriteLayout } from '../../../switch-agent/agent/table-model';

const W = p4Type('p4.v1.WriteRequest');

function randomSessions(seed: number, n: number): SessionNumbers[] {
  let s = seed;
  const r = (m: number): number => ((s = (Math.imul(s, 1103515245) + 12345) >>> 0) % m);
  // Values at the edges of their widths too (0, 1 byte, full width), where canonical byte strings differ.
  const pick = (max: number): number => Math.min(max, [0, 1, 255, 256, max, r(max + 1), r(max + 1)][r(7)]);
  return Array.from({ length: n }, () => ({
    vni: pick(0xffffff), srcAddr: pick(0xffffffff), dstAddr: pick(0xffffffff), protocol: pick(255),
    srcPort: pick(0xffff), dstPort: pick(0xffff), nodeIp: pick(0xffffffff),
  }));
}

describe('byte-level tc_session_table writer agrees with encodeUpdate + protobufjs', async () => {
  const helper = new P4InfoHelper(await loadP4InfoFile());
  const layout = sessionWriteLayout(helper);

  function viaProtobufjs(type: 'INSERT' | 'MODIFY' | 'DELETE', sessions: SessionNumbers[], idleNs?: number): string {
    const updates = sessions.map((x) => encodeUpdate(helper, type, sessionToEntry({
      vni: x.vni, srcIp: u32ToIpv4(x.srcAddr), dstIp: u32ToIpv4(x.dstAddr), protocol: x.protocol, srcPort: x.srcPort, dstPort: x.dstPort,
      backendIp: u32ToIpv4(x.nodeIp),
    }, type === 'DELETE' || idleNs === undefined ? undefined : BigInt(idleNs))));
    return Buffer.from(W.encode(W.fromObject({ updates })).finish()).toString('hex');
  }

  for (const [name, type, code] of [['INSERT', 'INSERT', UPDATE_INSERT], ['MODIFY', 'MODIFY', UPDATE_MODIFY], ['DELETE', 'DELETE', UPDATE_DELETE]] as const) {
    it(`${name}: the same bytes for random sessions, with and without an idle timeout`, () => {
      const writer = new SessionUpdateWriter(layout, 16); // tiny start: the buffer must grow correctly
      for (const idle of [undefined, 0, 10_000_000_000, 600_000_000_000]) {
        const sessions = randomSessions(idle ?? 3, 200);
        for (const x of sessions) writer.add(code, x, idle);
        expect(writer.count).toBe(200);
        const bytes = writer.finish();
        expect(Buffer.from(bytes).toString('hex')).toBe(viaProtobufjs(type, sessions, idle));
        expect(writer.count).toBe(0);
      }
    });
  }

  it('makes a WriteRequest the switch-side decoder reads back (device and election id prepended as the client does)', () => {
    const writer = new SessionUpdateWriter(layout);
    const sessions = randomSessions(9, 50);
    for (const x of sessions) writer.add(UPDATE_INSERT, x, 10_000_000_000);
    const header = W.encode(W.fromObject({ deviceId: '1', electionId: { high: '0', low: '10' } })).finish();
    const request = Buffer.concat([header, writer.finish()]);
    const decoded = decodeWriteRequestFast(request)!;
    expect(decoded.deviceId).toBe(1);
    expect(decoded.electionId).toEqual({ high: 0, low: 10 });
    expect(decoded.updates).toHaveLength(50);
    expect(decoded.updates[7].entity?.tableEntry.idleTimeoutNs).toBe(10_000_000_000);
    expect(decoded.updates[7].entity?.tableEntry.tableId).toBe(layout.tableId);
  });

  it('rejects an idle timeout that is not a non-negative safe integer, leaving earlier updates intact', () => {
    const writer = new SessionUpdateWriter(layout);
    const [a] = randomSessions(1, 1);
    writer.add(UPDATE_INSERT, a, 1);
    expect(() => writer.add(UPDATE_INSERT, a, -1)).toThrow(/idle_timeout_ns/);
    expect(Buffer.from(writer.finish()).toString('hex')).toBe(viaProtobufjs('INSERT', [a], 1));
  });
});

import { describe, expect, it } from 'vitest';
import { loadP4InfoFile } from '../../../switch-agent/p4info/load-p4info';
import { encodeSessionReadResponses } from '../../../switch-agent/p4runtime/fast-read-encode';
import type { Decoded } from '../../../switch-agent/p4runtime/grpc-service';
import { resolveProgramIds } from '../../../switch-agent/p4runtime/program-ids';
import { readEntity } from '../../../switch-agent/p4runtime/table-reads';
import { p4Type } from '../../../switch-agent/proto/p4runtime-schema';
import { insertSession } from '../../../switch-agent/software-switch/session-table';
import { createSwitchState } from '../../../switch-agent/software-switch/switch-state';

describe('fast tc_session_table ReadResponse encoding', () => {
  it('writes exactly the bytes protobufjs writes for the same entries, with and without idle time', async () => {
    const ids = resolveProgramIds(await loadP4InfoFile());
    if (!ids.ok) throw new Error(ids.reason);
    const state = createSwitchState({ tc_session_table: 300 });
    let s = 3;
    const r = (m: number): number => ((s = (Math.imul(s, 1103515245) + 12345) >>> 0) % m);
    for (let i = 0; i < 300; i++) {
      insertSession(state.sessions, {
        vni: r(1 << 24), srcAddr: r(2 ** 32), dstAddr: i % 5 === 0 ? 0 : r(2 ** 32), protocol: r(256), srcPort: r(65536), dstPort: r(2) ? 9080 : 0,
        nodeIp: r(2 ** 32), idleTimeoutNs: r(3) === 0 ? 0 : 1e6 * (1 + r(100000)), lastHitMs: r(5000),
      });
    }
    const R = p4Type('p4.v1.ReadResponse');
    for (const withIdle of [false, true]) {
      const request = { tableEntry: { tableId: ids.ids.tcSessionTable.id, ...(withIdle ? { timeSinceLastHit: {} } : {}) } } as unknown as Decoded;
      const entities = readEntity(state, ids.ids, request, 6000);
      if (!Array.isArray(entities)) throw new Error(entities.message);
      const reference: string[] = [];
      for (let i = 0; i < entities.length; i += 128) reference.push(Buffer.from(R.encode(R.fromObject({ entities: entities.slice(i, i + 128) })).finish()).toString('hex'));
      const fast = encodeSessionReadResponses(state.sessions, ids.ids, withIdle, 6000, 128).map((b) => Buffer.from(b).toString('hex'));
      expect(fast).toEqual(reference);
    }
  });
});

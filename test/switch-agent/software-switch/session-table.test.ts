import { describe, expect, it } from 'vitest';
import {
  collectIdleSessions,
  createSessionTable,
  deleteSession,
  findSessionByKey,
  insertSession,
  listSessions,
  modifySession,
  type SessionEntry,
} from '../../../switch-agent/software-switch/session-table';

function entry(i: number, extra: Partial<SessionEntry> = {}): SessionEntry {
  return {
    vni: 100 + (i % 7),
    srcAddr: (0x0a010000 + i) >>> 0,
    dstAddr: 0x0a600014,
    protocol: i % 2 ? 6 : 17,
    srcPort: 1024 + (i % 50000),
    dstPort: 9080,
    nodeIp: (0xc0a80000 + i) >>> 0,
    idleTimeoutNs: 0,
    lastHitMs: 0,
    ...extra,
  };
}

describe('tc_session_table (typed-array hash table)', () => {
  it('enforces its capacity and reports duplicates and missing keys as values', () => {
    const t = createSessionTable(2);
    expect(insertSession(t, entry(1))).toBe('ok');
    expect(insertSession(t, entry(1))).toBe('exists');
    expect(insertSession(t, entry(2))).toBe('ok');
    expect(insertSession(t, entry(3))).toBe('full');
    expect(modifySession(t, entry(3))).toBe('not-found');
    expect(deleteSession(t, entry(3))).toBe('not-found');
    expect(deleteSession(t, entry(1))).toBe('ok');
    expect(insertSession(t, entry(3))).toBe('ok');
    expect(t.size).toBe(2);
  });

  it('agrees with a Map model over many random inserts and deletes (backward-shift deletion)', () => {
    const t = createSessionTable(5000);
    const model = new Map<number, SessionEntry>();
    let seed = 99;
    const rand = (n: number): number => ((seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0) % n);
    for (let step = 0; step < 40000; step++) {
      const i = rand(8000);
      if (rand(3) === 0) {
        expect(deleteSession(t, entry(i))).toBe(model.delete(i) ? 'ok' : 'not-found');
      } else {
        const expected = model.has(i) ? 'exists' : model.size >= 5000 ? 'full' : 'ok';
        expect(insertSession(t, entry(i))).toBe(expected);
        if (expected === 'ok') model.set(i, entry(i));
      }
    }
    expect(t.size).toBe(model.size);
    for (let i = 0; i < 8000; i++) expect(findSessionByKey(t, entry(i)) >= 0).toBe(model.has(i));
    expect(listSessions(t).map((e) => e.nodeIp).sort()).toEqual([...model.values()].map((e) => e.nodeIp).sort());
  });

  it('idle aging takes time as an argument: reported once past the timeout, re-armed by a hit', () => {
    const t = createSessionTable(10);
    insertSession(t, entry(1, { idleTimeoutNs: 1e9, lastHitMs: 0 }));
    insertSession(t, entry(2)); // no timeout: never reported
    expect(collectIdleSessions(t, 999)).toEqual([]);
    expect(collectIdleSessions(t, 1000).map((e) => e.srcAddr)).toEqual([entry(1).srcAddr]);
    expect(collectIdleSessions(t, 5000)).toEqual([]);
    const slot = findSessionByKey(t, entry(1));
    t.lastHitMs[slot] = 5000; // what the pipeline does on a hit
    t.notified[slot] = 0;
    expect(collectIdleSessions(t, 5500)).toEqual([]);
    expect(collectIdleSessions(t, 6000)).toHaveLength(1);
    expect(t.size).toBe(2); // notification does not delete (NOTIFY_CONTROL)
  });

  it('aging skips its walk until an entry can be due, and an insert or MODIFY with a shorter timeout moves that earlier', () => {
    const t = createSessionTable(10);
    insertSession(t, entry(1, { idleTimeoutNs: 60e9, lastHitMs: 0 }));
    expect(collectIdleSessions(t, 30_000)).toEqual([]);
    // A later insert that is due sooner than the first one.
    insertSession(t, entry(2, { idleTimeoutNs: 1e9, lastHitMs: 30_000 }));
    expect(collectIdleSessions(t, 31_000).map((e) => e.srcAddr)).toEqual([entry(2).srcAddr]);
    // MODIFY shortens entry 1's timeout: due at once (its last hit was at 0).
    modifySession(t, entry(1, { idleTimeoutNs: 2e9 }));
    expect(collectIdleSessions(t, 31_001).map((e) => e.srcAddr)).toEqual([entry(1).srcAddr]);
    expect(collectIdleSessions(t, 90_000)).toEqual([]);
  });
});

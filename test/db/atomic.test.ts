import { eq, sql } from 'drizzle-orm';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { leafSpineFabric } from '../../src/core/fabric/generators/leaf-spine-fabric';
import { testbedFabric } from '../../src/core/fabric/generators/testbed-fabric';
import { atomic, chunkRows, MAX_BOUND_PARAMETERS } from '../../src/db/database';
import { packFabricChunks, unpackFabricChunks } from '../../src/db/fabric-chunks';
import {
  FabricConflictError,
  fabricWriteStatements,
  getFabricSummary,
  loadFabric,
  loadFabricSection,
  loadFabricWithSummary,
  newGeneration,
  saveFabric,
} from '../../src/db/fabric-store';
import { openSqliteDatabase, type SqliteHandle } from '../../src/db/open-sqlite';
import { apiTokens } from '../../src/db/schema/auth';
import { DEFAULT_MIGRATIONS_DIR } from '../../src/server/start';

const rb = (n: number) => crypto.getRandomValues(new Uint8Array(n));
const opts = () => ({ now: 1_700_000_000_000, generation: newGeneration(rb) });

let dir: string;
let handle: SqliteHandle;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'piggycar-atomic-'));
  handle = openSqliteDatabase(join(dir, 'db.sqlite'), DEFAULT_MIGRATIONS_DIR);
});
afterAll(() => {
  handle.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('atomic() on better-sqlite3', () => {
  it('runs all statements, or none when one fails', async () => {
    const { db } = handle;
    const row = (id: string) => ({ id, name: id, role: 'ci' as const, tokenHash: `h-${id}`, createdAt: 1 });
    await atomic(db, [db.insert(apiTokens).values(row('t1')), db.insert(apiTokens).values(row('t2'))]);
    expect((await db.select().from(apiTokens)).map((r) => r.id).sort()).toEqual(['t1', 't2']);
    await expect(
      atomic(db, [
        db.delete(apiTokens).where(eq(apiTokens.id, 't1')),
        db.insert(apiTokens).values(row('t3')),
        db.insert(apiTokens).values({ ...row('t4'), tokenHash: 'h-t2' }), // unique violation
      ]),
    ).rejects.toThrow(/UNIQUE/);
    expect((await db.select().from(apiTokens)).map((r) => r.id).sort()).toEqual(['t1', 't2']);
    await db.delete(apiTokens);
  });

  it('chunkRows keeps every statement within 100 bound parameters', () => {
    const rows = Array.from({ length: 1000 }, (_, i) => i);
    const parts = chunkRows(rows, 7);
    expect(parts.flat()).toEqual(rows);
    for (const p of parts) expect(p.length * 7).toBeLessThanOrEqual(MAX_BOUND_PARAMETERS);
  });
});

describe('fabric store', () => {
  it('packs into ≤ 1 MB chunks of one section each and unpacks to the same document', () => {
    const doc = leafSpineFabric({ spines: 4, leaves: 128, serversPerLeaf: 64, podsPerServer: 1 });
    const chunks = packFabricChunks(doc, 200_000);
    expect(chunks.length).toBeGreaterThan(5);
    for (const c of chunks) expect(new TextEncoder().encode(c.body).length).toBeLessThanOrEqual(200_000);
    expect(chunks.map((c) => c.seq)).toEqual(chunks.map((_, i) => i));
    const back = unpackFabricChunks(chunks);
    expect(back).toEqual({ switches: doc.switches, links: doc.links, servers: doc.servers, pods: doc.pods });
  });

  it('saves, loads, replaces, and every chunk insert binds ≤ 100 parameters', async () => {
    const { db } = handle;
    const doc = testbedFabric({ podsPerServer: 2 });
    for (const s of fabricWriteStatements(db, doc, opts())) {
      expect((s as unknown as { toSQL(): { params: unknown[] } }).toSQL().params.length).toBeLessThanOrEqual(MAX_BOUND_PARAMETERS);
    }
    await saveFabric(db, doc, opts());
    expect(await loadFabric(db, 'testbed')).toEqual(doc);
    const section = await loadFabricSection(db, 'testbed', 'pods');
    expect(section?.items).toEqual(doc.pods);
    const changed = { ...doc, pods: [] };
    await saveFabric(db, changed, opts());
    expect(await loadFabric(db, 'testbed')).toEqual(changed);
    expect((await getFabricSummary(db, 'testbed'))?.version).toBe(2);
    const chunkRows = (await db.all(sql`select generation from fabric_chunks where fabric = 'testbed'`)) as { generation: string }[];
    expect(new Set(chunkRows.map((r) => r.generation)).size).toBe(1);
    expect(await loadFabric(db, 'missing')).toBeUndefined();
  });

  it('a write conditional on a stale generation fails and changes nothing', async () => {
    const { db } = handle;
    const loaded = await loadFabricWithSummary(db, 'testbed');
    if (loaded === undefined) throw new Error('testbed missing');
    await saveFabric(db, { ...loaded.doc, settings: { strict: true } }, { ...opts(), expectedGeneration: loaded.summary.generation });
    const now = await loadFabricWithSummary(db, 'testbed');
    await expect(
      saveFabric(db, { ...loaded.doc, pods: [] }, { ...opts(), expectedGeneration: loaded.summary.generation }),
    ).rejects.toBeInstanceOf(FabricConflictError);
    expect(await loadFabricWithSummary(db, 'testbed')).toEqual(now);
    await expect(saveFabric(db, loaded.doc, { ...opts(), expectedGeneration: null })).rejects.toBeInstanceOf(FabricConflictError);
    await saveFabric(db, { ...loaded.doc, name: 'fresh' }, { ...opts(), expectedGeneration: null });
    expect((await getFabricSummary(db, 'fresh'))?.version).toBe(1);
    const guards = (await db.all(sql`select count(*) as n from write_guards`)) as { n: number }[];
    expect(guards[0].n).toBe(0);
  });

  it('a large fabric is staged in batches; a failed flip leaves the live fabric and no staged rows', async () => {
    const { db } = handle;
    const big = leafSpineFabric({ name: 'large', spines: 4, leaves: 128, serversPerLeaf: 64, podsPerServer: 2 });
    await saveFabric(db, big, opts());
    expect(await loadFabric(db, 'large')).toEqual(big);
    const live = await getFabricSummary(db, 'large');
    const staged = opts();
    await expect(saveFabric(db, { ...big, pods: [] }, { ...staged, expectedGeneration: 'stale' })).rejects.toBeInstanceOf(FabricConflictError);
    const leftovers = (await db.all(sql`select count(*) as n from fabric_chunks where generation = ${staged.generation}`)) as { n: number }[];
    expect(leftovers[0].n).toBe(0);
    expect(await getFabricSummary(db, 'large')).toEqual(live);
    expect((await loadFabricSection(db, 'large', 'pods'))?.items).toEqual(big.pods);
  });
});

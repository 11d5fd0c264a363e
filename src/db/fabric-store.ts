import { and, asc, eq, gte, lt } from 'drizzle-orm';
import type { FabricDocument } from '../core/fabric/types';
import type { AppDatabase } from './database';
import { FabricChunkUnpacker, type FabricSection } from './fabric-chunks';
import { getFabricSummary, type FabricSummary } from './fabric-summary';
import { fabricChunks } from './schema/fabric';

// The store's whole surface from one module (reads here; header rows and writes beside it).
export * from './fabric-summary';
export * from './fabric-store-write';

/** Chunk rows fetched per query when reading a fabric (~1 MB each). */
const CHUNKS_PER_QUERY = 8;

/**
 * Reads the chunk rows of one generation in pages, calling `onChunk` for each in order. Returns
 * false when the chunk set is not complete (a concurrent write replaced it mid-read).
 *
 * @example
 * const complete = await readFabricChunks(db, summary, (c) => parts.push(c.body));
 */
export async function readFabricChunks(
  db: AppDatabase,
  summary: Pick<FabricSummary, 'name' | 'generation' | 'chunkCount'>,
  onChunk: (chunk: { seq: number; section: string; count: number; body: string }) => void | Promise<void>,
): Promise<boolean> {
  for (let from = 0; from < summary.chunkCount; from += CHUNKS_PER_QUERY) {
    const rows = await readFabricChunkPage(db, summary, from);
    if (rows === undefined) return false;
    for (const row of rows) await onChunk(row);
  }
  return true;
}

/**
 * One page (up to 8 chunks from `from`) of a fabric's current chunk set, or undefined when the
 * set is incomplete because a concurrent write replaced it.
 *
 * @example
 * const rows = await readFabricChunkPage(db, summary, 0);
 */
export async function readFabricChunkPage(
  db: AppDatabase,
  summary: Pick<FabricSummary, 'name' | 'generation' | 'chunkCount'>,
  from: number,
): Promise<{ seq: number; section: string; count: number; body: string }[] | undefined> {
  const rows = await db
    .select({ seq: fabricChunks.seq, section: fabricChunks.section, count: fabricChunks.count, body: fabricChunks.body })
    .from(fabricChunks)
    .where(
      and(
        eq(fabricChunks.fabric, summary.name),
        eq(fabricChunks.generation, summary.generation),
        gte(fabricChunks.seq, from),
        lt(fabricChunks.seq, from + CHUNKS_PER_QUERY),
      ),
    )
    .orderBy(asc(fabricChunks.seq));
  const expected = Math.min(CHUNKS_PER_QUERY, summary.chunkCount - from);
  return rows.length === expected ? rows : undefined;
}

/**
 * Loads a whole fabric document, or undefined when there is none. Retries when a concurrent
 * write replaced the chunks while they were being read.
 *
 * @example
 * const doc = await loadFabric(db, 'testbed');
 */
export async function loadFabric(db: AppDatabase, name: string): Promise<FabricDocument | undefined> {
  const loaded = await loadFabricWithSummary(db, name);
  return loaded?.doc;
}

/**
 * Like `loadFabric`, plus the header row (version, generation) the document was read at: pass
 * `summary.generation` as `expectedGeneration` to write back only if nobody else did meanwhile.
 *
 * @example
 * const { doc, summary } = (await loadFabricWithSummary(db, 'testbed'))!;
 */
export async function loadFabricWithSummary(
  db: AppDatabase,
  name: string,
): Promise<{ doc: FabricDocument; summary: FabricSummary } | undefined> {
  for (let attempt = 0; attempt < 5; attempt++) {
    const summary = await getFabricSummary(db, name);
    if (summary === undefined) return undefined;
    const unpacker = new FabricChunkUnpacker();
    const complete = await readFabricChunks(db, summary, function unpack(chunk) {
      unpacker.add(chunk);
    });
    if (!complete) continue;
    const doc: FabricDocument = {
      name: summary.name,
      ...(summary.settings !== undefined ? { settings: summary.settings } : {}),
      ...unpacker.result(),
    };
    return { doc, summary };
  }
  throw new Error(`fabric ${name} kept changing while being read`);
}

/** Entity counts of a summary, by section. */
function sectionCount(summary: FabricSummary, section: FabricSection): number {
  switch (section) {
    case 'switches':
      return summary.switchCount;
    case 'servers':
      return summary.serverCount;
    case 'links':
      return summary.linkCount;
    case 'pods':
      return summary.podCount;
  }
}

/**
 * Loads one entity array of a fabric (reading only that section's chunks), or undefined when the
 * fabric does not exist. Cheaper than `loadFabric` for listing servers of a large fabric.
 *
 * @example
 * const { items } = (await loadFabricSection(db, 'testbed', 'switches'))!;
 */
export async function loadFabricSection<S extends FabricSection>(
  db: AppDatabase,
  name: string,
  section: S,
): Promise<{ summary: FabricSummary; items: FabricDocument[S] } | undefined> {
  for (let attempt = 0; attempt < 5; attempt++) {
    const summary = await getFabricSummary(db, name);
    if (summary === undefined) return undefined;
    const unpacker = new FabricChunkUnpacker();
    let from = 0;
    for (;;) {
      const rows = await db
        .select({ seq: fabricChunks.seq, section: fabricChunks.section, body: fabricChunks.body })
        .from(fabricChunks)
        .where(
          and(
            eq(fabricChunks.fabric, name),
            eq(fabricChunks.generation, summary.generation),
            eq(fabricChunks.section, section),
            gte(fabricChunks.seq, from),
          ),
        )
        .orderBy(asc(fabricChunks.seq))
        .limit(CHUNKS_PER_QUERY);
      for (const row of rows) unpacker.add(row);
      if (rows.length < CHUNKS_PER_QUERY) break;
      from = rows[rows.length - 1].seq + 1;
    }
    const items = unpacker.result()[section] as FabricDocument[S];
    if (items.length !== sectionCount(summary, section)) continue; // rewritten mid-read
    return { summary, items };
  }
  throw new Error(`fabric ${name} kept changing while being read`);
}

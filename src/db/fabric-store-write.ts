import { and, eq, ne, sql } from 'drizzle-orm';
import type { FabricDocument } from '../core/fabric/types';
import { atomic, type AppDatabase, type AtomicStatement } from './database';
import { iterateFabricChunks, packFabricChunks, type FabricChunk } from './fabric-chunks';
import { getFabricSummary } from './fabric-summary';
import { fabricChunks, fabrics, writeGuards } from './schema/fabric';

/** A write's precondition: the fabric's current generation, or `null` for "must not exist yet". */
export type ExpectedGeneration = string | null;

/** Options of a fabric write. */
export interface FabricWriteOptions {
  /** ms since epoch for created_at / updated_at. */
  now: number;
  /** Generation of the new chunk set (random; `newGeneration`). */
  generation: string;
  /** When set, the write fails with `FabricConflictError` unless the stored generation still matches. */
  expectedGeneration?: ExpectedGeneration;
}

/** Thrown by `saveFabric` (and `atomic` over `fabricWriteStatements`) when a precondition failed. */
export class FabricConflictError extends Error {
  constructor(readonly fabric: string) {
    super(`fabric ${fabric} was changed concurrently`);
    this.name = 'FabricConflictError';
  }
}

/**
 * A fresh random generation id for a fabric write.
 *
 * @example
 * const generation = newGeneration(deps.randomBytes);
 */
export function newGeneration(randomBytes: (n: number) => Uint8Array): string {
  let out = '';
  for (const b of randomBytes(12)) out += b.toString(16).padStart(2, '0');
  return out;
}

/**
 * The statements that replace fabric `doc.name` with `doc` (new chunk set inserted, the previous
 * one deleted, header row upserted with version + 1), for one `atomic()` together with other
 * areas' statements. Each chunk insert binds 6 parameters, the body (≤ ~1 MB) being one of them.
 * For very large fabrics prefer `saveFabric`, which stages the chunks in batches.
 *
 * @example
 * await atomic(db, [...fabricWriteStatements(db, doc, { now, generation: newGeneration(rb) }), ...mine]);
 */
export function fabricWriteStatements(
  db: AppDatabase,
  doc: FabricDocument,
  options: FabricWriteOptions = { now: Date.now(), generation: newGeneration(defaultRandomBytes) },
): AtomicStatement[] {
  const chunks = packFabricChunks(doc);
  return [
    ...guardStatements(db, doc.name, options).begin,
    ...chunks.map((chunk) => chunkInsert(db, doc.name, options.generation, chunk)),
    ...flipStatements(db, doc, chunks.length, options),
    ...guardStatements(db, doc.name, options).end,
  ];
}

function chunkInsert(db: AppDatabase, fabric: string, generation: string, chunk: FabricChunk): AtomicStatement {
  return db.insert(fabricChunks).values({ fabric, generation, ...chunk });
}

/** The optimistic-concurrency guard around a write (empty without `expectedGeneration`). */
function guardStatements(
  db: AppDatabase,
  fabric: string,
  options: FabricWriteOptions,
): { begin: AtomicStatement[]; end: AtomicStatement[] } {
  if (options.expectedGeneration === undefined) return { begin: [], end: [] };
  const guardId = `fabric:${fabric}:${options.generation}`;
  const precondition =
    options.expectedGeneration === null
      ? sql`(select count(*) = 0 from ${fabrics} where ${fabrics.name} = ${fabric})`
      : sql`(select count(*) from ${fabrics} where ${fabrics.name} = ${fabric} and ${fabrics.generation} = ${options.expectedGeneration})`;
  return {
    begin: [db.insert(writeGuards).values({ id: guardId, ok: precondition })],
    end: [db.delete(writeGuards).where(eq(writeGuards.id, guardId))],
  };
}

/** Makes `options.generation` the live chunk set: drop every other set, upsert the header (version + 1). */
function flipStatements(db: AppDatabase, doc: FabricDocument, chunkCount: number, options: FabricWriteOptions): AtomicStatement[] {
  const { now, generation } = options;
  const header = {
    generation,
    settings: doc.settings === undefined ? null : JSON.stringify(doc.settings),
    switchCount: doc.switches.length,
    linkCount: doc.links.length,
    serverCount: doc.servers.length,
    podCount: doc.pods.length,
    chunkCount,
    updatedAt: now,
  };
  return [
    db.delete(fabricChunks).where(and(eq(fabricChunks.fabric, doc.name), ne(fabricChunks.generation, generation))),
    db
      .insert(fabrics)
      .values({ name: doc.name, version: 1, createdAt: now, ...header })
      .onConflictDoUpdate({ target: fabrics.name, set: { version: sql`${fabrics.version} + 1`, ...header } }),
  ];
}

/** Chunks written per statement batch while staging a large fabric (~8 MB of text). */
const STAGE_BATCH = 8;

/**
 * The statements that delete a fabric (header and chunks), for one `atomic()`.
 *
 * @example
 * await atomic(db, fabricDeleteStatements(db, 'dc2'));
 */
export function fabricDeleteStatements(db: AppDatabase, name: string): AtomicStatement[] {
  return [db.delete(fabricChunks).where(eq(fabricChunks.fabric, name)), db.delete(fabrics).where(eq(fabrics.name, name))];
}

/**
 * Replaces (or creates) a fabric atomically. With `expectedGeneration`, throws
 * `FabricConflictError` when the stored fabric is no longer at that generation.
 *
 * @example
 * await saveFabric(db, testbedFabric());
 */
export async function saveFabric(db: AppDatabase, doc: FabricDocument, options?: FabricWriteOptions): Promise<void> {
  const opts = options ?? { now: Date.now(), generation: newGeneration(defaultRandomBytes) };
  try {
    if (doc.switches.length + doc.servers.length + doc.links.length + doc.pods.length < 20_000) {
      await atomic(db, fabricWriteStatements(db, doc, opts));
    } else {
      await saveLargeFabric(db, doc, opts);
    }
  } catch (err) {
    if (isGuardFailure(err)) throw new FabricConflictError(doc.name);
    throw err;
  }
}

/**
 * A large fabric is staged: its chunks are written under the new generation in batches (invisible
 * to readers, who follow `fabrics.generation`), then one atomic batch checks the guard, flips the
 * header to the new generation and drops the old chunks. Memory holds one batch of packed text,
 * not the whole document's; a failure before the flip leaves the live fabric untouched and the
 * staged rows are removed.
 */
async function saveLargeFabric(db: AppDatabase, doc: FabricDocument, options: FabricWriteOptions): Promise<void> {
  let count = 0;
  try {
    let batch: AtomicStatement[] = [];
    for (const chunk of iterateFabricChunks(doc)) {
      batch.push(chunkInsert(db, doc.name, options.generation, chunk));
      count++;
      if (batch.length >= STAGE_BATCH) {
        await atomic(db, batch);
        batch = [];
      }
    }
    const guard = guardStatements(db, doc.name, options);
    await atomic(db, [...guard.begin, ...batch, ...flipStatements(db, doc, count, options), ...guard.end]);
  } catch (err) {
    await db
      .delete(fabricChunks)
      .where(and(eq(fabricChunks.fabric, doc.name), eq(fabricChunks.generation, options.generation)))
      .catch(() => undefined);
    throw err;
  }
}

/**
 * Deletes a fabric; returns whether it existed.
 *
 * @example
 * if (!(await deleteFabric(db, 'dc2'))) return problem(c, 404, ...);
 */
export async function deleteFabric(db: AppDatabase, name: string): Promise<boolean> {
  const existing = await getFabricSummary(db, name);
  if (existing === undefined) return false;
  await atomic(db, fabricDeleteStatements(db, name));
  return true;
}

/**
 * Whether an error from `atomic()` is a failed `write_guards` precondition (a concurrent write).
 *
 * @example
 * catch (err) { if (isGuardFailure(err)) return problem(c, 409, ...); }
 */
export function isGuardFailure(err: unknown): boolean {
  for (let e: unknown = err, depth = 0; e instanceof Error && depth < 5; e = e.cause, depth++) {
    if (/CHECK constraint failed/i.test(e.message) && /write_guards|ok = 1|"ok" = 1/i.test(e.message)) return true;
  }
  return false;
}

function defaultRandomBytes(n: number): Uint8Array {
  return crypto.getRandomValues(new Uint8Array(n));
}

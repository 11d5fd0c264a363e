import { buildFabricGraph } from '../core/fabric/graph';
import { compileDesiredState, type CompiledDesiredState } from '../core/desired-state';
import type { AppDatabase } from '../db/database';
import { desiredStateInputsKey, loadDesiredStateInput } from '../db/desired-state-store';
import { onDesiredStateChange } from '../db/migration-store-events';

/** A fabric's compiled desired state and the inputs fingerprint it was compiled from. */
export interface CachedDesiredState {
  key: string;
  compiled: CompiledDesiredState;
}

interface FabricEntry {
  key: string;
  /** When the fingerprint was last confirmed current (deps.now ms). */
  checkedAt: number;
  compiled: Promise<CachedDesiredState | undefined>;
}

/** How fresh a cached answer must be. */
export interface Freshness {
  now: number;
  /** Reuse the fingerprint confirmed at most this long ago without re-reading it (0 = always re-read). */
  maxAgeMs: number;
}

/** One cache per database handle, so apps over different databases (tests, shells) never share entries. */
const caches = new WeakMap<object, Map<string, FabricEntry>>();

/**
 * The compiled desired state of a fabric, compiled once per inputs fingerprint (fabric version + current
 * plan) and shared by every agent's request: a poll costs two small queries and a map lookup; only the first
 * request after a change loads the fabric, rules and plan and compiles (concurrent requests share that work).
 * With `freshness.maxAgeMs`, a fingerprint confirmed that recently is trusted without a query (a 304 may then
 * lag a change by that long; full GETs and long-poll wake-ups always re-read). Undefined when the fabric does not exist.
 *
 * @example
 * const current = await currentDesiredState(deps.db, 'testbed', { now: deps.now(), maxAgeMs: 100 });
 * current?.compiled.forSwitch('core1')?.hash;
 */
export async function currentDesiredState(
  db: AppDatabase, fabric: string, freshness: Freshness = { now: 0, maxAgeMs: 0 },
): Promise<CachedDesiredState | undefined> {
  let perDb = caches.get(db);
  if (!perDb) {
    caches.set(db, (perDb = new Map()));
    const entries = perDb;
    // A change signalled in this process makes the next poll re-read the fingerprint even within maxAgeMs.
    onDesiredStateChange(db, function stale(fabric) {
      const entry = entries.get(fabric);
      if (entry) entry.checkedAt = Number.NEGATIVE_INFINITY;
    });
  }
  const recent = perDb.get(fabric);
  // Thousands of agents polling one fabric share one fingerprint read per maxAgeMs.
  if (recent && freshness.maxAgeMs > 0 && freshness.now - recent.checkedAt <= freshness.maxAgeMs) return recent.compiled;
  const key = await desiredStateInputsKey(db, fabric);
  if (key === undefined) {
    perDb.delete(fabric);
    return undefined;
  }
  const cached = perDb.get(fabric);
  if (cached && cached.key === key) {
    cached.checkedAt = freshness.now;
    return cached.compiled;
  }
  const entry: FabricEntry = { key, checkedAt: freshness.now, compiled: compileFresh(db, fabric, key) };
  perDb.set(fabric, entry);
  entry.compiled.catch(function forget() {
    if (perDb!.get(fabric) === entry) perDb!.delete(fabric);
  });
  return entry.compiled;
}

async function compileFresh(db: AppDatabase, fabric: string, key: string): Promise<CachedDesiredState | undefined> {
  const input = await loadDesiredStateInput(db, fabric);
  if (!input) return undefined;
  return { key, compiled: compileDesiredState(buildFabricGraph(input.fabric), input) };
}

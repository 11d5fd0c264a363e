import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { FabricDocument } from '../core/fabric/types';
import { validateFabric } from '../core/fabric/validate';
import {
  FabricConflictError,
  getFabricSummary,
  loadFabricWithSummary,
  newGeneration,
  saveFabric,
  type FabricSummary,
} from '../db/fabric-store';
import type { AppDeps } from './app-deps';
import type { InvalidParam } from './problem';

/** A failure a fabric route answers with problem+json. */
export interface FabricProblem {
  status: ContentfulStatusCode;
  title: string;
  detail?: string;
  invalidParams?: InvalidParam[];
}

/** What a mutation callback returns: the new document, or a problem (nothing is written). */
export type MutationStep = { ok: true; doc: FabricDocument; created?: boolean } | { ok: false; problem: FabricProblem };

/** Outcome of `mutateFabric` / `replaceFabric`. */
export type WriteOutcome =
  | { ok: true; summary: FabricSummary; created: boolean }
  | { ok: false; problem: FabricProblem };

/** Optimistic-concurrency retries of a read-modify-write before giving up with 409. */
const MUTATION_ATTEMPTS = 4;

/**
 * The ETag of a stored fabric: its generation (changes on every write).
 *
 * @example
 * c.header('etag', fabricEtag(summary));
 */
export function fabricEtag(summary: Pick<FabricSummary, 'generation'>): string {
  return `"${summary.generation}"`;
}

/**
 * The generation an `If-Match` header asks for: undefined when absent, '*' for any.
 *
 * @example
 * ifMatchGeneration(c); // 'a1b2...' | '*' | undefined
 */
export function ifMatchGeneration(c: Context): string | undefined {
  const header = c.req.header('if-match');
  if (header === undefined) return undefined;
  const value = header.trim();
  if (value === '*') return '*';
  return value.replace(/^W\//, '').replace(/^"(.*)"$/, '$1');
}

/**
 * Runs `validateFabric` and turns its violations into a 422 problem.
 *
 * @example
 * const p = fabricViolations(doc); if (p) return p;
 */
export function fabricViolations(doc: FabricDocument): FabricProblem | undefined {
  const result = validateFabric(doc);
  if (result.ok) return undefined;
  return {
    status: 422,
    title: 'Invalid fabric',
    detail: `the fabric ${doc.name} would violate ${result.errors.length} rule(s); nothing was written`,
    invalidParams: result.errors.map(function toParam(e) {
      return { name: e.path === '' ? 'fabric' : e.path, reason: e.reason };
    }),
  };
}

function preconditionFailed(fabric: string): FabricProblem {
  return {
    status: 412,
    title: 'Precondition failed',
    detail: `fabric ${fabric} does not match If-Match (it was changed); re-read it and retry`,
  };
}

/**
 * Replaces (or creates) a whole fabric: validate, then one atomic write. `ifMatch` (a generation,
 * or '*' = must exist) makes the write conditional → 412 when it no longer holds.
 *
 * @example
 * const outcome = await replaceFabric(deps, doc, ifMatchGeneration(c));
 */
export async function replaceFabric(deps: AppDeps, doc: FabricDocument, ifMatch?: string): Promise<WriteOutcome> {
  const invalid = fabricViolations(doc);
  if (invalid !== undefined) return { ok: false, problem: invalid };
  const before = await loadSummaryOnly(deps, doc.name);
  if (ifMatch !== undefined && (before === undefined || (ifMatch !== '*' && ifMatch !== before.generation))) {
    return { ok: false, problem: preconditionFailed(doc.name) };
  }
  const generation = newGeneration(deps.randomBytes);
  try {
    await saveFabric(deps.db, doc, {
      now: deps.now(),
      generation,
      expectedGeneration: ifMatch === undefined ? undefined : (before?.generation ?? null),
    });
  } catch (err) {
    if (err instanceof FabricConflictError) return { ok: false, problem: preconditionFailed(doc.name) };
    throw err;
  }
  const summary = await loadSummaryOnly(deps, doc.name);
  if (summary === undefined) throw new Error(`fabric ${doc.name} vanished right after it was written`);
  return { ok: true, summary, created: before === undefined };
}

async function loadSummaryOnly(deps: AppDeps, name: string): Promise<FabricSummary | undefined> {
  return getFabricSummary(deps.db, name);
}

/**
 * Read-modify-write of one fabric: load, `mutate` (pure; may refuse with a problem), validate the
 * whole result, write it atomically only if nobody wrote in between (else retry; with `ifMatch`,
 * 412 instead). Unknown fabric → 404.
 *
 * @example
 * await mutateFabric(deps, 'testbed', (doc) => ({ ok: true, doc: { ...doc, switches: [...doc.switches, sw] } }));
 */
export async function mutateFabric(
  deps: AppDeps,
  name: string,
  mutate: (doc: FabricDocument) => MutationStep,
  ifMatch?: string,
): Promise<WriteOutcome & { created?: boolean }> {
  for (let attempt = 0; attempt < MUTATION_ATTEMPTS; attempt++) {
    const loaded = await loadFabricWithSummary(deps.db, name);
    if (loaded === undefined) {
      return { ok: false, problem: { status: 404, title: 'Fabric not found', detail: `no fabric named ${name}` } };
    }
    if (ifMatch !== undefined && ifMatch !== '*' && ifMatch !== loaded.summary.generation) {
      return { ok: false, problem: preconditionFailed(name) };
    }
    const step = mutate(loaded.doc);
    if (!step.ok) return step;
    const invalid = fabricViolations(step.doc);
    if (invalid !== undefined) return { ok: false, problem: invalid };
    try {
      await saveFabric(deps.db, step.doc, {
        now: deps.now(),
        generation: newGeneration(deps.randomBytes),
        expectedGeneration: loaded.summary.generation,
      });
    } catch (err) {
      if (!(err instanceof FabricConflictError)) throw err;
      if (ifMatch !== undefined) return { ok: false, problem: preconditionFailed(name) };
      continue;
    }
    const summary = await loadSummaryOnly(deps, name);
    if (summary === undefined) throw new Error(`fabric ${name} vanished right after it was written`);
    return { ok: true, summary, created: step.created ?? false };
  }
  return {
    ok: false,
    problem: { status: 409, title: 'Conflict', detail: `fabric ${name} kept changing concurrently; retry` },
  };
}

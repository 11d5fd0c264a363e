import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { applyIstioChange, type IstioChange, type IstioChangeOutcome } from '../core/istio/apply-istio-change';
import { atomic } from '../db/database';
import { fabricWriteStatements, isGuardFailure, loadFabricWithSummary, newGeneration } from '../db/fabric-store';
import { istioWriteStatements, loadIstioState } from '../db/istio-store';
import { requestPlan } from '../jobs/plan/request-plan';
import type { ObjectIssue } from '../core/istio/translate-istio';
import type { AppDeps } from './app-deps';
import type { InvalidParam } from './problem';

/** Why a change was refused (becomes problem+json, or an AdmissionReview denial). */
export interface IstioProblem {
  status: ContentfulStatusCode;
  title: string;
  detail: string;
  invalidParams: InvalidParam[];
}

/** An accepted change (written unless dry-run or nothing changed). */
export interface IstioAccepted {
  outcome: IstioChangeOutcome;
  /** Warnings about the objects of this change (and rules the change withdrew). */
  warnings: ObjectIssue[];
  written: boolean;
  planId?: string;
}

/** Options of {@link runIstioChange}. */
export interface RunIstioChangeOptions {
  dryRun: boolean;
  /** Why a plan is requested (`istio-apply`, `admission`, ...). */
  reason: string;
  /** Names the field of an issue in problem details (`documents[2].spec.http[0]…`). */
  nameIssue: (issue: ObjectIssue) => string;
  /** Extra warnings from parsing/validation, reported with the outcome (and checked in strict mode). */
  validationWarnings?: ObjectIssue[];
}

/**
 * Applies one change to a fabric's Istio configuration: loads the fabric and the stored objects,
 * computes the outcome in the core, refuses unenforced features in strict mode, and (unless
 * dry-run or unchanged) writes objects, rules, VNI state and moved pods in ONE atomic batch
 * guarded against concurrent writes, then requests one (debounced) plan.
 *
 * @example
 * const r = await runIstioChange(deps, 'testbed', { mode: 'apply', objects }, { dryRun: false, reason: 'istio-apply', nameIssue });
 */
export async function runIstioChange(
  deps: AppDeps,
  fabricName: string,
  change: IstioChange,
  options: RunIstioChangeOptions,
): Promise<{ ok: true; value: IstioAccepted } | { ok: false; problem: IstioProblem }> {
  const loaded = await loadFabricWithSummary(deps.db, fabricName);
  if (!loaded) {
    return { ok: false, problem: { status: 404, title: 'Fabric not found', detail: `no fabric named ${fabricName}`, invalidParams: [] } };
  }
  const state = await loadIstioState(deps.db, fabricName);
  const now = deps.now();
  const r = applyIstioChange({ fabric: loaded.doc, stored: state.objects, change, vniState: state.vniState, now, randomBytes: deps.randomBytes });
  if (!r.ok) {
    const notFound = change.mode === 'delete' && r.errors.length === 1 && r.errors[0].message.endsWith('not found');
    return {
      ok: false,
      problem: {
        status: notFound ? 404 : 400,
        title: notFound ? 'Object not found' : 'Invalid Istio configuration',
        detail: r.errors.map((e) => `${e.object ? `${e.object}: ` : ''}${e.path ? `${e.path}: ` : ''}${e.message}`).join('; '),
        invalidParams: r.errors.map((e) => ({ name: options.nameIssue(e), reason: e.message })),
      },
    };
  }
  const touched = new Set(r.value.results.map((x) => x.key));
  const warnings = [
    ...(options.validationWarnings ?? []),
    ...r.value.warnings.filter((w) => touched.has(w.object) || w.message.includes('its rules are withdrawn')),
  ];
  if (loaded.doc.settings?.strict === true) {
    const unenforced = warnings.filter((w) => w.unenforced);
    if (unenforced.length > 0) {
      return {
        ok: false,
        problem: {
          status: 422,
          title: 'Feature not enforced (strict fabric)',
          detail: `fabric ${fabricName} is strict: ${unenforced.map((w) => `${w.object}: ${w.path}: ${w.message}`).join('; ')}`,
          invalidParams: unenforced.map((w) => ({ name: options.nameIssue(w), reason: w.message })),
        },
      };
    }
  }
  if (options.dryRun || !r.value.changed) return { ok: true, value: { outcome: r.value, warnings, written: false } };
  const statements = istioWriteStatements(deps.db, fabricName, r.value, state.version, now, `istio:${fabricName}:${newGeneration(deps.randomBytes)}`);
  if (r.value.pods) {
    statements.push(...fabricWriteStatements(deps.db, { ...loaded.doc, pods: r.value.pods }, {
      now, generation: newGeneration(deps.randomBytes), expectedGeneration: loaded.summary.generation,
    }));
  }
  try {
    await atomic(deps.db, statements);
  } catch (err) {
    if (isGuardFailure(err)) {
      return { ok: false, problem: { status: 409, title: 'Conflict', detail: `the Istio configuration or the pods of fabric ${fabricName} changed concurrently; retry`, invalidParams: [] } };
    }
    throw err;
  }
  // The change is committed: a failing plan request must not turn it into an error response.
  try {
    const { planId } = await requestPlan(deps, fabricName, options.reason);
    return { ok: true, value: { outcome: r.value, warnings, written: true, planId } };
  } catch (err) {
    const planError = `the change is stored but requesting a plan failed: ${(err as Error).message}`;
    return { ok: true, value: { outcome: r.value, warnings: [...warnings, { object: '', path: '', message: planError }], written: true } };
  }
}

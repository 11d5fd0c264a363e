import type { FabricDocument, FabricPod } from '../fabric/types';
import type { Rule } from '../rules/types';
import { assignVnis } from '../vni/allocate-vni';
import { DEFAULT_VNI_OPTIONS, type RandomBytes, type VniOptions, type VniState } from '../vni/vni-types';
import { objectKey, type DeploymentObject, type IstioObject } from './istio-types';
import { placeDeploymentPods } from './place-deployments';
import { stableJson } from './stable-json';
import { translateIstio, type ObjectIssue } from './translate-istio';

/** An object as stored, with the time it was first created (Istio merges DestinationRules in that order). */
export interface StoredIstioObject {
  object: IstioObject;
  createdAt: number;
}

/** One request's change to a fabric's Istio configuration. */
export type IstioChange =
  /** kubectl apply: create or update each object by kind/namespace/name. */
  | { mode: 'apply'; objects: IstioObject[] }
  /** PUT: the complete set; stored objects absent from it are deleted. */
  | { mode: 'replace'; objects: IstioObject[] }
  /** Delete one object by `Kind/namespace/name`. */
  | { mode: 'delete'; key: string };

/** What happened to one object (kubectl's words). */
export interface ObjectOutcome {
  key: string;
  action: 'created' | 'configured' | 'unchanged' | 'deleted';
}

/** Everything the shell must write for an accepted change. */
export interface IstioChangeOutcome {
  objects: StoredIstioObject[];
  results: ObjectOutcome[];
  /** The fabric's new pod list when Deployment pods changed; undefined when they did not. */
  pods?: FabricPod[];
  /** The complete rule set, with VNIs, ordered by priority. */
  rules: Rule[];
  vniState: VniState;
  /** VNIs released by this change (rules that disappeared). */
  releasedVnis: number[];
  warnings: ObjectIssue[];
  /** False when nothing at all changed (every object unchanged): no write, no plan. */
  changed: boolean;
}

/** Inputs of {@link applyIstioChange}: the stored state, the change, the clock and the random source. */
export interface ApplyIstioInput {
  fabric: FabricDocument;
  stored: StoredIstioObject[];
  change: IstioChange;
  vniState: VniState;
  now: number;
  randomBytes: RandomBytes;
  vniOptions?: VniOptions;
}

/**
 * Computes the result of applying a change to a fabric's Istio configuration, without I/O:
 * the new object set, pods placed for Deployments, the complete translated rule set with
 * stable VNIs (an unchanged rule id keeps its VNI), and kubectl-style per-object outcomes.
 *
 * Errors reject the whole change when they concern an object the change touches (an unknown
 * host, a missing subset, ...). A VirtualService the change does not touch but can no longer be
 * translated (e.g. its DestinationRule was deleted) loses its rules, with a warning, as Istio
 * would send that traffic nowhere.
 *
 * @example
 * const r = applyIstioChange({ fabric, stored: [], change: { mode: 'apply', objects }, vniState: { inUse: new Map(), released: [] },
 *   now: Date.now(), randomBytes });
 * // r.ok && r.value.results → [{ key: 'VirtualService/default/reviews', action: 'created' }]
 */
export function applyIstioChange(input: ApplyIstioInput): { ok: true; value: IstioChangeOutcome } | { ok: false; errors: ObjectIssue[] } {
  const { change } = input;
  const byKey = new Map(input.stored.map((s) => [objectKey(s.object), s]));
  const results: ObjectOutcome[] = [];
  const touched = new Set<string>();
  if (change.mode === 'delete') {
    if (!byKey.has(change.key)) {
      return { ok: false, errors: [{ object: change.key, path: '', message: `${change.key} not found` }] };
    }
    byKey.delete(change.key);
    results.push({ key: change.key, action: 'deleted' });
  } else {
    const incoming = new Set(change.objects.map(objectKey));
    if (change.mode === 'replace') {
      for (const key of [...byKey.keys()]) {
        if (!incoming.has(key)) {
          byKey.delete(key);
          results.push({ key, action: 'deleted' });
        }
      }
    }
    for (const object of change.objects) {
      const key = objectKey(object);
      touched.add(key);
      const prev = byKey.get(key);
      if (!prev) {
        byKey.set(key, { object, createdAt: input.now });
        results.push({ key, action: 'created' });
      } else if (stableJson(prev.object.raw) === stableJson(object.raw) && prev.object.apiVersion === object.apiVersion) {
        results.push({ key, action: 'unchanged' });
      } else {
        byKey.set(key, { object, createdAt: prev.createdAt });
        results.push({ key, action: 'configured' });
      }
    }
  }
  const objects = [...byKey.values()].sort(function byCreation(a, b) {
    if (a.createdAt !== b.createdAt) return a.createdAt - b.createdAt;
    const ka = objectKey(a.object);
    const kb = objectKey(b.object);
    return ka < kb ? -1 : ka > kb ? 1 : 0;
  });
  const changed = results.some((r) => r.action !== 'unchanged');

  const deployments = objects.map((s) => s.object).filter((o): o is DeploymentObject => o.kind === 'Deployment');
  const placed = placeDeploymentPods(input.fabric, deployments);
  if (!placed.ok) return { ok: false, errors: placed.errors.map((e) => ({ object: 'Deployment', ...e })) };
  const podsChanged = stableJson(placed.value) !== stableJson(input.fabric.pods);
  const fabric = podsChanged ? { ...input.fabric, pods: placed.value } : input.fabric;

  const t = translateIstio(fabric, objects.map((s) => s.object));
  const ownErrors = t.errors.filter((e) => touched.has(e.object));
  if (ownErrors.length > 0) return { ok: false, errors: ownErrors };
  const broken = new Set(t.errors.map((e) => e.object));
  const warnings = [...t.warnings.filter((w) => !broken.has(w.object))];
  for (const key of broken) {
    const first = t.errors.find((e) => e.object === key)!;
    warnings.push({ object: key, path: first.path, message: `no longer translates (${first.message}); its rules are withdrawn` });
  }
  const rules = t.rules.filter((r) => !broken.has(`VirtualService/${r.source.namespace}/${r.source.name}`));
  rules.forEach((r, i) => { r.priority = i; });

  const vnis = assignVnis(rules.map((r) => r.id), input.vniState, input.now, input.randomBytes, input.vniOptions ?? DEFAULT_VNI_OPTIONS);
  if (!vnis.ok) return { ok: false, errors: [{ object: '', path: '', message: vnis.reason }] };
  for (const r of rules) r.vni = vnis.vnis.get(r.id)!;
  return {
    ok: true,
    value: {
      objects,
      results,
      pods: podsChanged ? placed.value : undefined,
      rules,
      vniState: vnis.state,
      releasedVnis: vnis.released,
      warnings,
      changed,
    },
  };
}

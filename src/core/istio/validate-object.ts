import { readPiggyCarAnnotations } from './annotations';
import { FieldReader, isPlainObject } from './field-reader';
import type { IstioIssue, IstioResult } from './istio-issue';
import type { IstioKind, IstioObject, ObjectMeta, ValidatedObject } from './istio-types';
import { isValidLabelName, isValidObjectName } from './names';
import { validateDestinationRuleSpec } from './validate-destination-rule';
import { validateVirtualServiceSpec } from './validate-virtual-service';
import { validateDeploymentSpec, validateServiceSpec } from './validate-workloads';

/** networking.istio.io versions that share the VirtualService / DestinationRule schema. */
export const ISTIO_NETWORKING_VERSIONS = ['networking.istio.io/v1', 'networking.istio.io/v1beta1', 'networking.istio.io/v1alpha3'];

const SUPPORTED: Record<string, readonly string[]> = {
  VirtualService: ISTIO_NETWORKING_VERSIONS,
  DestinationRule: ISTIO_NETWORKING_VERSIONS,
  Service: ['v1'],
  ServiceAccount: ['v1'],
  Deployment: ['apps/v1'],
};

/** Options for {@link validateObject}. */
export interface ValidateOptions {
  /** Namespace for objects without metadata.namespace (kubectl's default: 'default'). */
  defaultNamespace: string;
}

/**
 * Validates one decoded document: a VirtualService or DestinationRule (networking.istio.io
 * v1/v1beta1/v1alpha3), a core/v1 Service or ServiceAccount, an apps/v1 Deployment, or a
 * `kind: List` of those (flattened). Issue paths are relative to the document (`items[2].spec…`
 * inside a List).
 *
 * @example
 * const r = validateObject({ apiVersion: 'networking.istio.io/v1', kind: 'VirtualService',
 *   metadata: { name: 'reviews' }, spec: { hosts: ['reviews'], http: [{ route: [{ destination: { host: 'reviews' } }] }] } },
 *   { defaultNamespace: 'default' });
 * // r.ok === true; r.value[0].object.metadata.namespace === 'default'
 */
export function validateObject(doc: unknown, options: ValidateOptions): IstioResult<ValidatedObject[]> {
  if (isPlainObject(doc) && doc.kind === 'List') return validateList(doc, options);
  const one = validateSingle(doc, options);
  if (!one.ok) return one;
  return { ok: true, value: [one.value] };
}

function validateList(doc: Record<string, unknown>, options: ValidateOptions): IstioResult<ValidatedObject[]> {
  if (doc.apiVersion !== 'v1') {
    return { ok: false, errors: [{ path: 'apiVersion', message: `kind List requires apiVersion v1, got ${JSON.stringify(doc.apiVersion)}` }] };
  }
  if (!Array.isArray(doc.items)) return { ok: false, errors: [{ path: 'items', message: 'must be a list' }] };
  const errors: IstioIssue[] = [];
  const value: ValidatedObject[] = [];
  doc.items.forEach(function item(it, i) {
    if (isPlainObject(it) && it.kind === 'List') {
      errors.push({ path: `items[${i}].kind`, message: 'a List may not contain a List' });
      return;
    }
    const r = validateSingle(it, options);
    const prefix = (p: IstioIssue): IstioIssue => ({ path: p.path ? `items[${i}].${p.path}` : `items[${i}]`, message: p.message });
    if (!r.ok) errors.push(...r.errors.map(prefix));
    else value.push({ object: r.value.object, warnings: r.value.warnings.map(prefix) });
  });
  return errors.length > 0 ? { ok: false, errors } : { ok: true, value };
}

function validateSingle(doc: unknown, options: ValidateOptions): IstioResult<ValidatedObject> {
  if (!isPlainObject(doc)) return { ok: false, errors: [{ path: '', message: 'document must be an object' }] };
  const r = new FieldReader();
  const apiVersion = r.string(doc, 'apiVersion', 'apiVersion');
  const kind = r.string(doc, 'kind', 'kind');
  if (!apiVersion) r.error('apiVersion', 'apiVersion is required');
  if (!kind) r.error('kind', 'kind is required');
  if (!apiVersion || !kind) return { ok: false, errors: r.errors };
  const versions = SUPPORTED[kind];
  if (!versions) {
    return {
      ok: false,
      errors: [{ path: 'kind', message: `unknown kind ${kind} (supported: VirtualService, DestinationRule, Service, Deployment, ServiceAccount, List)` }],
    };
  }
  if (!versions.includes(apiVersion)) {
    return { ok: false, errors: [{ path: 'apiVersion', message: `unknown apiVersion ${apiVersion} for kind ${kind} (supported: ${versions.join(', ')})` }] };
  }
  if (kind === 'VirtualService' || kind === 'DestinationRule') {
    r.unknownFields(doc, ['apiVersion', 'kind', 'metadata', 'spec', 'status'], '');
  }
  const metadata = validateMetadata(r, doc.metadata, options);
  const specRaw = doc.spec;
  if (kind !== 'ServiceAccount' && !isPlainObject(specRaw)) {
    r.error('spec', specRaw === undefined ? 'spec is required' : 'must be an object');
    return { ok: false, errors: r.errors };
  }
  const spec = (specRaw ?? {}) as Record<string, unknown>;
  const object = buildObject(r, kind as IstioKind, apiVersion, metadata, spec, doc);
  if (r.errors.length > 0) return { ok: false, errors: r.errors };
  return { ok: true, value: { object, warnings: r.warnings } };
}

function buildObject(
  r: FieldReader,
  kind: IstioKind,
  apiVersion: string,
  metadata: ObjectMeta,
  spec: Record<string, unknown>,
  raw: Record<string, unknown>,
): IstioObject {
  switch (kind) {
    case 'VirtualService':
      readPiggyCarAnnotations(r, metadata.annotations);
      return { apiVersion, kind, metadata, spec: validateVirtualServiceSpec(r, spec), raw };
    case 'DestinationRule':
      return { apiVersion, kind, metadata, spec: validateDestinationRuleSpec(r, spec), raw };
    case 'Service':
      return { apiVersion, kind, metadata, spec: validateServiceSpec(r, spec), raw };
    case 'Deployment':
      return { apiVersion, kind, metadata, spec: validateDeploymentSpec(r, spec), raw };
    case 'ServiceAccount':
      r.warn('', 'ServiceAccount accepted and ignored (PiggyCar does not use service accounts)');
      return { apiVersion, kind, metadata, spec: {}, raw };
  }
}

function validateMetadata(r: FieldReader, value: unknown, options: ValidateOptions): ObjectMeta {
  const meta: ObjectMeta = { name: '', namespace: options.defaultNamespace, labels: {}, annotations: {} };
  if (!isPlainObject(value)) {
    r.error('metadata', value === undefined ? 'metadata is required' : 'must be an object');
    return meta;
  }
  const name = r.string(value, 'name', 'metadata.name');
  if (!name) {
    if (value.generateName !== undefined) r.error('metadata.generateName', 'generateName is not supported; set metadata.name');
    else r.error('metadata.name', 'name is required');
  } else if (!isValidObjectName(name)) {
    r.error('metadata.name', `"${name}" is not a valid name (lower-case DNS-1123 subdomain)`);
  } else {
    meta.name = name;
  }
  const ns = r.string(value, 'namespace', 'metadata.namespace');
  if (ns !== undefined && ns !== '') {
    if (!isValidLabelName(ns)) r.error('metadata.namespace', `"${ns}" is not a valid namespace`);
    else meta.namespace = ns;
  }
  meta.labels = r.stringMap(value, 'labels', 'metadata.labels') ?? {};
  meta.annotations = r.stringMap(value, 'annotations', 'metadata.annotations') ?? {};
  return meta;
}

import { parseDocuments, type ParseDocumentsError } from '../yaml/parse-documents';
import type { IstioIssue } from './istio-issue';
import { objectKey, type ValidatedObject } from './istio-types';
import { validateObject } from './validate-object';

/** Size limit of one Istio apply request body (kubectl's own limit for one object is 1.5 MiB; a set is larger). */
export const MAX_ISTIO_REQUEST_BYTES = 4 * 1024 * 1024;
/** Alias budget: Istio configuration has no business with large alias graphs. */
export const MAX_ISTIO_ALIAS_COUNT = 100;

/** An issue located in a request: the document (0-based) and, inside it, the field path. */
export interface DocumentIssue extends IstioIssue {
  document: number;
  /** `Kind/namespace/name` when known. */
  object?: string;
}

/** A validated object with the document it came from. */
export interface RequestObject extends ValidatedObject {
  document: number;
}

/** The outcome of parsing and validating a whole request (all-or-nothing). */
export type ParseIstioResult =
  | { ok: true; objects: RequestObject[]; warnings: DocumentIssue[] }
  | { ok: false; parseError?: ParseDocumentsError; errors: DocumentIssue[] };

/**
 * Parses a request body (YAML, one or many documents, or JSON; single objects or `kind: List`),
 * validates every object, and refuses duplicates (same kind/namespace/name twice in one request).
 * Any error anywhere rejects the whole request.
 *
 * @example
 * const r = parseIstioDocuments(fs.readFileSync('virtual-service-reviews-80-20.yaml', 'utf8'), { defaultNamespace: 'default' });
 * // r.ok && r.objects[0].object.kind === 'VirtualService'
 */
export function parseIstioDocuments(
  text: string,
  options: { defaultNamespace: string; maxBytes?: number },
): ParseIstioResult {
  const parsed = parseDocuments(text, { maxBytes: options.maxBytes ?? MAX_ISTIO_REQUEST_BYTES, maxAliasCount: MAX_ISTIO_ALIAS_COUNT });
  if (!parsed.ok) {
    const e = parsed.error;
    const where = e.line !== undefined ? ` (line ${e.line}, column ${e.column})` : '';
    return { ok: false, parseError: e, errors: [{ document: e.document ?? 0, path: '', message: `${e.reason}${where}` }] };
  }
  return validateDocuments(parsed.documents, options.defaultNamespace);
}

/**
 * Validates already-decoded documents (an AdmissionReview's object, a JSON body) the same way.
 *
 * @example
 * validateDocuments([{ apiVersion: 'v1', kind: 'List', items: [] }], 'default'); // { ok: true, objects: [], warnings: [] }
 */
export function validateDocuments(documents: unknown[], defaultNamespace: string): ParseIstioResult {
  const errors: DocumentIssue[] = [];
  const warnings: DocumentIssue[] = [];
  const objects: RequestObject[] = [];
  const seen = new Map<string, number>();
  documents.forEach(function one(doc, document) {
    const r = validateObject(doc, { defaultNamespace });
    if (!r.ok) {
      errors.push(...r.errors.map((e) => ({ document, object: describe(doc), ...e })));
      return;
    }
    for (const v of r.value) {
      const key = objectKey(v.object);
      const first = seen.get(key);
      if (first !== undefined) {
        errors.push({ document, object: key, path: 'metadata.name', message: `duplicate ${key} in one request (first in document ${first})` });
        continue;
      }
      seen.set(key, document);
      objects.push({ ...v, document });
      warnings.push(...v.warnings.map((w) => ({ document, object: key, ...w })));
    }
  });
  return errors.length > 0 ? { ok: false, errors } : { ok: true, objects, warnings };
}

/** A best-effort `Kind/namespace/name` for an invalid document's issues. */
function describe(doc: unknown): string | undefined {
  if (typeof doc !== 'object' || doc === null) return undefined;
  const d = doc as { kind?: unknown; metadata?: { name?: unknown; namespace?: unknown } };
  if (typeof d.kind !== 'string' || typeof d.metadata?.name !== 'string') return undefined;
  return `${d.kind}/${typeof d.metadata.namespace === 'string' ? d.metadata.namespace : '-'}/${d.metadata.name}`;
}

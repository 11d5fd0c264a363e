import type { FieldReader } from './field-reader';

/** x_r annotation: expected concurrent sessions of each rule of the VirtualService. */
export const EXPECTED_SESSIONS_ANNOTATION = 'piggycar.io/expected-sessions';
/** y_r annotation: expected traffic in Gbps. */
export const EXPECTED_GBPS_ANNOTATION = 'piggycar.io/expected-gbps';
/** Q(r) fallback: comma-separated service names (short or FQDN) whose pods request the rules. */
export const REQUESTERS_ANNOTATION = 'piggycar.io/requesters';

/** What PiggyCar reads from a VirtualService's annotations. */
export interface PiggyCarAnnotations {
  expectedSessions?: number;
  expectedGbps?: number;
  requesters?: string[];
}

/**
 * Reads and checks the `piggycar.io/*` annotations; bad values are errors naming the annotation.
 *
 * @example
 * readPiggyCarAnnotations(new FieldReader(), { 'piggycar.io/expected-sessions': '5000', 'piggycar.io/requesters': 'productpage' });
 * // → { expectedSessions: 5000, requesters: ['productpage'] }
 */
export function readPiggyCarAnnotations(r: FieldReader, annotations: Record<string, string>): PiggyCarAnnotations {
  const out: PiggyCarAnnotations = {};
  const sessions = annotations[EXPECTED_SESSIONS_ANNOTATION];
  if (sessions !== undefined) {
    const n = Number(sessions.trim());
    if (!/^\d+$/.test(sessions.trim()) || !Number.isSafeInteger(n) || n < 1) {
      r.error(`metadata.annotations[${EXPECTED_SESSIONS_ANNOTATION}]`, `"${sessions}" must be a positive integer`);
    } else {
      out.expectedSessions = n;
    }
  }
  const gbps = annotations[EXPECTED_GBPS_ANNOTATION];
  if (gbps !== undefined) {
    const n = Number(gbps.trim());
    if (gbps.trim() === '' || !Number.isFinite(n) || n <= 0) {
      r.error(`metadata.annotations[${EXPECTED_GBPS_ANNOTATION}]`, `"${gbps}" must be a positive number`);
    } else {
      out.expectedGbps = n;
    }
  }
  const req = annotations[REQUESTERS_ANNOTATION];
  if (req !== undefined) {
    const names = req.split(',').map((s) => s.trim()).filter((s) => s !== '');
    if (names.length === 0) {
      r.error(`metadata.annotations[${REQUESTERS_ANNOTATION}]`, 'must list at least one service');
    } else {
      out.requesters = names;
    }
  }
  return out;
}

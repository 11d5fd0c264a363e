import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Harness } from '../helpers/harness';
import { fabricAuthScenarios } from './fabric-suite-auth';
import { fabricDocumentScenarios } from './fabric-suite-documents';
import { fabricEntityScenarios } from './fabric-suite-entities';
import { fabricQueueScenarios } from './fabric-suite-queue';

/** A scenario group: gets the running harness lazily (it is made in beforeAll). */
export type Scenarios = (h: () => Harness) => void;

/**
 * The fabric API suite, written once and run on both shells (test/api/fabric.test.ts on Node,
 * test/api/fabric.workers.test.ts on workerd): every route's success, each validation failure,
 * 401/403, 404/405/413, atomicity, and the job queue's consume/retry/dead-letter semantics.
 *
 * @example
 * fabricApiSuite('node', makeNodeHarness);
 */
export function fabricApiSuite(label: string, make: () => Promise<Harness>): void {
  describe(`fabric API (${label})`, () => {
    let harness: Harness | undefined;
    const h = (): Harness => {
      if (harness === undefined) throw new Error('harness not started');
      return harness;
    };
    beforeAll(async () => {
      harness = await make();
    });
    afterAll(async () => {
      await harness?.close();
    });

    it('starts', () => {
      expect(h().adminToken).toMatch(/^pc_/);
    });
    fabricAuthScenarios(h);
    fabricDocumentScenarios(h);
    fabricEntityScenarios(h);
    fabricQueueScenarios(h);
  });
}

/**
 * Reads a problem+json response, checking the RFC 9457 members are there.
 *
 * @example
 * const p = await expectProblem(res, 404);
 */
export async function expectProblem(
  res: Response,
  status: number,
): Promise<{ type: string; title: string; status: number; detail?: string; invalidParams?: { name: string; reason: string }[] }> {
  const text = await res.text();
  expect(res.status, text).toBe(status);
  expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  const body = JSON.parse(text);
  expect(body.status).toBe(status);
  expect(typeof body.type).toBe('string');
  expect(typeof body.title).toBe('string');
  return body;
}

/**
 * The names of a problem's invalid params.
 *
 * @example
 * expect(paramNames(p)).toContain('switches[0].vtepIp');
 */
export function paramNames(p: { invalidParams?: { name: string }[] }): string[] {
  return (p.invalidParams ?? []).map((x) => x.name);
}

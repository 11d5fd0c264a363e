import type { Rule } from '../../../src/core/rules/types';

/** The agent token the stub control plane accepts in the agent process tests. */
export const TOKEN = 'pc_test_agent_token';
/** The VNI of the fixture rule. */
export const VNI = 0x5a3c1e;

/**
 * bookinfo's reviews 80/20 on the testbed, owned by core1 in the agent process tests: requester on server1,
 * backends v1 on server3 (80) and v2 on server4 (20).
 *
 * @example
 * const input = { fabric, rules: [reviewsRule], owners: new Map([[reviewsRule.id, 'core1']]), planVersion: 1 };
 */
export const reviewsRule: Rule = {
  id: 'default/reviews/http/0', fabric: 'testbed', kind: 'http', priority: 0, vni: VNI,
  source: { kind: 'VirtualService', namespace: 'default', name: 'reviews', routeIndex: 0 },
  hosts: ['reviews.default.svc.cluster.local'], match: [],
  requesters: [{ pod: 'productpage-v1-0', ip: '100.64.0.1', server: 'server1' }],
  backends: [
    { pod: 'reviews-v1-0', ip: '100.64.0.3', server: 'server3', nodeVtepIp: '10.1.0.3', weight: 80 },
    { pod: 'reviews-v2-0', ip: '100.64.0.4', server: 'server4', nodeVtepIp: '10.1.0.4', weight: 20 },
  ],
  lbPolicy: { kind: 'RANDOM' }, expectedSessions: 100, expectedGbps: 0.1, proxyActions: {}, warnings: [],
};

/** [from, to) as an array. */
export function range(from: number, to: number): number[] {
  return Array.from({ length: to - from }, (_, i) => from + i);
}

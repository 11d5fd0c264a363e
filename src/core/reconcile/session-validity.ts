import type { SwitchDesiredState } from '../desired-state/types';
import type { SessionEntry } from './types';

/**
 * A predicate telling whether a pinned session may stay on this switch under a desired state: its VNI is
 * still owned here (a full rule exists for it) and its backend node is still one of the rule's backends.
 * Per-connection consistency: a valid session is never rewritten, only invalid ones are removed.
 *
 * @example
 * const valid = sessionValidity(desired);
 * valid({ vni: 7, srcIp, dstIp, protocol: 6, srcPort, dstPort, backendIp: '10.0.1.3' }); // true | false
 */
export function sessionValidity(desired: Pick<SwitchDesiredState, 'fullRuleTable'>): (session: SessionEntry) => boolean {
  const backendsByVni = new Map<number, Set<string>>();
  for (const rule of desired.fullRuleTable) {
    backendsByVni.set(rule.vni, new Set(rule.backends.map(function nodeIp(b) { return b.nodeVtepIp; })));
  }
  return function isValid(session) {
    return backendsByVni.get(session.vni)?.has(session.backendIp) ?? false;
  };
}

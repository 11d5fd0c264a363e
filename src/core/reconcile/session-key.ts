import type { SessionFlow } from './types';

/**
 * A string key identifying a session flow (for maps of pinned and in-flight sessions).
 *
 * @example
 * sessionKey({ vni: 7, srcIp: '10.1.0.2', dstIp: '10.1.0.9', protocol: 6, srcPort: 40000, dstPort: 9080 });
 * // '7|10.1.0.2|10.1.0.9|6|40000|9080'
 */
export function sessionKey(flow: SessionFlow): string {
  return `${flow.vni}|${flow.srcIp}|${flow.dstIp}|${flow.protocol}|${flow.srcPort}|${flow.dstPort}`;
}

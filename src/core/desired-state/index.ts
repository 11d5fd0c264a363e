/**
 * Desired-state compiler: plan → per-switch tables (routes, functionOffloadTable, fullRuleTable, session budget)
 * and per-server service mappings, with a content hash for the ETag.
 *
 * @example
 * import { compileDesiredState } from '../core/desired-state';
 * const { state, hash } = compileDesiredState(graph, input).forSwitch('core1')!;
 */
export * from './types';
export { compileDesiredState, fullRuleEntryOf, portsOf, routesOf, type CompiledDesiredState } from './compile';
export { compileServiceMappings } from './service-mapping';
export { canonicalJson, contentHash, hashString } from './content-hash';
export { ipv4ToNumber, numberToIpv4, macForIpv4 } from './ipv4';
export { firstHops } from './next-hops';
export type { TelemetryReport, TelemetryRuleSample, TelemetryLinkSample } from './telemetry-types';

import type { FabricServer } from '../fabric/types';
import type { DestinationRuleObject } from './istio-types';
import type { ServiceRegistry } from './service-registry';

/** Fabric defaults for x_r and y_r (FabricSettings documents them). */
export const DEFAULT_EXPECTED_SESSIONS = 1000;
export const DEFAULT_EXPECTED_GBPS = 0.1;

/**
 * Everything the per-VirtualService translation reads besides the VirtualService itself.
 *
 * @example
 * const ctx: TranslateContext = { fabric: 'testbed', registry, destinationRules: drs, servers,
 *   defaultExpectedSessions: 1000, defaultExpectedGbps: 0.1 };
 */
export interface TranslateContext {
  fabric: string;
  registry: ServiceRegistry;
  /** In creation order (Istio merges in that order). */
  destinationRules: DestinationRuleObject[];
  /** Server name → server (for each backend's node VTEP IP). */
  servers: Map<string, FabricServer>;
  defaultExpectedSessions: number;
  defaultExpectedGbps: number;
}

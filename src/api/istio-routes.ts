import type { OpenAPIHono } from '@hono/zod-openapi';
import { registerAdmissionRoutes } from './admission';
import type { AppEnv } from './app-env';
import { registerIstioRoutes } from './istio';
import { registerRulesRoutes } from './rules';
import { registerServiceMappingRoutes } from './service-mapping';

/**
 * Registers the Istio area's routes: apply/replace/delete/list Istio objects, the admission
 * webhook, the rules, and the per-server service-mapping tables.
 *
 * @example
 * registerIstioAreaRoutes(app);
 */
export function registerIstioAreaRoutes(app: OpenAPIHono<AppEnv>): void {
  registerIstioRoutes(app);
  registerAdmissionRoutes(app);
  registerRulesRoutes(app);
  registerServiceMappingRoutes(app);
}

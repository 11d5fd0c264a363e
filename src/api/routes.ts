import type { OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from './app-env';
import { registerMigrationRoutes } from './migrations';
import { registerAgentRoutes } from './agents';
import { registerFabricRoutes } from './fabrics';
import { registerHealthRoutes } from './health';
import { registerIstioAreaRoutes } from './istio-routes';
import { registerTelemetryRoutes } from './telemetry';
import { registerTokenRoutes } from './tokens';
import { registerPlanRoutes } from './plans';

/**
 * Registers every resource's routes on the app: each area adds one `registerXRoutes(app)` line.
 *
 * @example
 * registerRoutes(app);
 */
export function registerRoutes(app: OpenAPIHono<AppEnv>): void {
  registerHealthRoutes(app);
  registerTokenRoutes(app);
  registerFabricRoutes(app);
  registerIstioAreaRoutes(app);
  registerAgentRoutes(app);
  registerTelemetryRoutes(app);
  registerMigrationRoutes(app);
  registerPlanRoutes(app);
}

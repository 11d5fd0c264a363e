import type { OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from './app-env';
import { registerFabricChangesRoute } from './fabric-changes-route';
import { registerFabricDocumentRoutes } from './fabric-document-routes';
import { registerFabricEntityRoutes } from './fabric-entity-routes';
import { registerFabricGenerateRoute } from './fabric-generate-route';
import { registerFabricPathRoute } from './fabric-paths-route';

/**
 * `/v1/fabrics/...`: whole documents, entity CRUD, generators and paths.
 *
 * @example
 * registerFabricRoutes(app);
 */
export function registerFabricRoutes(app: OpenAPIHono<AppEnv>): void {
  registerFabricDocumentRoutes(app);
  registerFabricChangesRoute(app);
  registerFabricGenerateRoute(app);
  registerFabricPathRoute(app);
  registerFabricEntityRoutes(app);
}

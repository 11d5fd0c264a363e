import type { AppDeps } from './app-deps';
import type { Principal } from './principal';

/**
 * The Hono environment of the app: `c.get('deps')` everywhere, `c.get('principal')` after `requireRole`.
 *
 * @example
 * app.openapi(route, (c) => { const { db } = c.get('deps'); ... });
 */
export interface AppEnv {
  Variables: {
    deps: AppDeps;
    principal: Principal;
  };
}

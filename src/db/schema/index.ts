/**
 * The whole drizzle schema (sqlite-core): every area adds one `export * from './<area>'` line.
 *
 * @example
 * import * as schema from './schema';
 */
export * from './fabric';
export * from './auth';
export * from './queue';
export * from './telemetry';
export * from './plans';
export * from './istio';
export * from './migrations';

import type { Hono } from 'hono';

interface CompiledRoute {
  method: string;
  pattern: RegExp;
}

function compile(path: string): RegExp {
  const source = path
    .split('/')
    .map(function segment(part) {
      if (part === '*') return '.*';
      if (part.startsWith(':')) return '[^/]+';
      return part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    })
    .join('/');
  return new RegExp(`^${source}/?$`);
}

/**
 * The methods registered for `path` (other than middleware-only `ALL` entries), so a 404 can be
 * turned into 405 with an `Allow` header when the path exists under another method.
 *
 * @example
 * allowedMethods(app, '/v1/fabrics'); // ['GET']
 */
export function allowedMethods(app: Hono<never> | { routes: ReadonlyArray<{ method: string; path: string }> }, path: string): string[] {
  const compiled: CompiledRoute[] = [];
  for (const r of app.routes) {
    if (r.method === 'ALL' || r.path === '/*' || r.path === '*') continue;
    compiled.push({ method: r.method, pattern: compile(r.path) });
  }
  const methods = new Set<string>();
  for (const r of compiled) if (r.pattern.test(path)) methods.add(r.method);
  return [...methods].sort();
}

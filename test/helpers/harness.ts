import type { AppDeps } from '../../src/api/app-deps';

/**
 * One running app under test, on either shell: the shared API suites take a Harness so the very
 * same scenarios run on Node (better-sqlite3 file, `makeNodeHarness` in ./harness-node) and on
 * workerd (D1 + Queues, `makeWorkersHarness` in ./harness-workers).
 *
 * @example
 * export function fabricSuite(make: () => Promise<Harness>) { ... }
 */
export interface Harness {
  /** Sends a request to the app (no network). */
  fetch(request: Request): Promise<Response>;
  /** A token that passes every role check (the bootstrap admin token). */
  adminToken: string;
  /** Delivers every queued job now (ignoring delays) through the shell's real consumer, until the queue is empty. */
  drainQueue(): Promise<void>;
  /** Jobs waiting in the queue (sent, not yet acked or dead-lettered). */
  pendingJobs(): Promise<number>;
  /** The app's dependencies (database, queue, clock), for setup and assertions. */
  deps: AppDeps;
  /** Which shell this is, for the rare assertion that differs. */
  shell: 'node' | 'workers';
  close(): Promise<void>;
}

/** Options of `call`. */
export interface CallOptions {
  /** Bearer token; `null` sends none. Default: the admin token. */
  token?: string | null;
  /** JSON body (sets content-type). */
  json?: unknown;
  /** Raw body with its content type. */
  body?: string;
  contentType?: string;
  headers?: Record<string, string>;
}

/**
 * Calls the app: `call(h, 'GET', '/v1/fabrics')`, with the admin token unless `token` says otherwise.
 *
 * @example
 * const res = await call(h, 'PUT', '/v1/fabrics/dc1', { json: doc });
 */
export function call(h: Harness, method: string, path: string, options: CallOptions = {}): Promise<Response> {
  const headers = new Headers(options.headers);
  const token = options.token === undefined ? h.adminToken : options.token;
  if (token !== null) headers.set('authorization', `Bearer ${token}`);
  let body: string | undefined;
  if (options.json !== undefined) {
    body = JSON.stringify(options.json);
    headers.set('content-type', 'application/json');
  } else if (options.body !== undefined) {
    body = options.body;
    headers.set('content-type', options.contentType ?? 'text/plain');
  }
  return h.fetch(new Request(`http://piggycar.test${path}`, { method, headers, body }));
}

/**
 * Creates a token of a role through the API and returns its secret.
 *
 * @example
 * const viewer = await createToken(h, 'viewer');
 */
export async function createToken(
  h: Harness,
  role: 'admin' | 'ci' | 'viewer' | 'agent',
  binding?: { fabric: string; switch: string },
): Promise<string> {
  const res = await call(h, 'POST', '/v1/tokens', { json: { name: `${role}-token`, role, ...binding } });
  if (res.status !== 201) throw new Error(`creating a ${role} token failed: ${res.status} ${await res.text()}`);
  return ((await res.json()) as { token: string }).token;
}

/** A test admin token made from random bytes. */
export function randomAdminToken(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(24));
  return `pc_test_${[...bytes].map((b) => b.toString(16).padStart(2, '0')).join('')}`;
}

/** Cryptographic random bytes for AppDeps. */
export function randomBytes(n: number): Uint8Array {
  return crypto.getRandomValues(new Uint8Array(n));
}

import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { REPO_ROOT } from './loopback-fabric';
import type { ManagedProcess, ProcessGroup } from './process-group';

/** A control plane (the Node shell, `tsx src/server.ts`) running as a child process. */
export interface ControlPlaneProcess {
  process: ManagedProcess;
  url: string;
  adminToken: string;
}

/**
 * Starts the Node shell as a child process on its own SQLite file, with a fresh bootstrap admin token, and
 * waits until it listens.
 *
 * @example
 * const cp = await startControlPlane(group, { dbFile: 'data/demo/piggycar.db', port: 8787 });
 */
export async function startControlPlane(
  group: ProcessGroup, o: { dbFile: string; port: number; adminToken?: string },
): Promise<ControlPlaneProcess> {
  const adminToken = o.adminToken ?? `pc_demo_${randomBytes(24).toString('hex')}`;
  // PIGGYCAR_CP_NODE_ARGS: extra node flags for the control plane (e.g. --cpu-prof when profiling a benchmark).
  const nodeArgs = process.env.PIGGYCAR_CP_NODE_ARGS?.split(' ').filter(Boolean) ?? [];
  const proc = group.spawn('control-plane', process.execPath, [...nodeArgs, '--import', 'tsx', path.join(REPO_ROOT, 'src/server.ts')], {
    PORT: String(o.port),
    PIGGYCAR_DB: o.dbFile,
    PIGGYCAR_ADMIN_TOKEN: adminToken,
  });
  const line = await proc.waitForLine((l) => /listening on http:\/\/\S+:\d+/.test(l), 60_000);
  const port = /listening on http:\/\/\S+?:(\d+)/.exec(line)![1];
  return { process: proc, url: `http://127.0.0.1:${port}`, adminToken };
}

/**
 * A small authenticated JSON client for the control plane's API (the demo and the tests drive it over HTTP).
 *
 * @example
 * const api = apiClient(cp.url, cp.adminToken); const res = await api('GET', '/v1/fabrics/testbed');
 */
export function apiClient(baseUrl: string, token: string) {
  return async function api(method: string, route: string, body?: { json?: unknown; yaml?: string }): Promise<{ status: number; json: unknown; text: string }> {
    const headers: Record<string, string> = { authorization: `Bearer ${token}` };
    let payload: string | undefined;
    if (body?.json !== undefined) {
      headers['content-type'] = 'application/json';
      payload = JSON.stringify(body.json);
    } else if (body?.yaml !== undefined) {
      headers['content-type'] = 'application/yaml';
      payload = body.yaml;
    }
    const res = await fetch(`${baseUrl}${route}`, { method, headers, body: payload });
    const text = await res.text();
    let json: unknown;
    try {
      json = text ? JSON.parse(text) : undefined;
    } catch {
      json = undefined;
    }
    return { status: res.status, json, text };
  };
}

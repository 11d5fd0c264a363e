import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const dir = mkdtempSync(join(tmpdir(), 'piggycar-proc-'));
const children: ChildProcess[] = [];

afterAll(async () => {
  for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
  rmSync(dir, { recursive: true, force: true });
});

/**
 * Starts `src/server.ts` as a real process and waits until it says where it listens.
 * `node --import tsx` rather than the tsx CLI: the CLI relays SIGTERM to its child through an IPC
 * handshake with a 30 ms window and exits 143 when a loaded machine misses it.
 */
async function startProcess(env: Record<string, string>): Promise<{ child: ChildProcess; url: string; output: () => string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/server.ts'], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let output = '';
  child.stdout?.on('data', (d) => (output += String(d)));
  child.stderr?.on('data', (d) => (output += String(d)));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${output}`)), 90_000);
    child.stdout?.on('data', () => {
      const m = /listening on (http:\/\/\S+)/.exec(output);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    });
    child.once('exit', (code) => reject(new Error(`server exited with ${code}:\n${output}`)));
  });
  return { child, url, output: () => output };
}

async function stop(child: ChildProcess): Promise<number | null> {
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  child.kill('SIGTERM');
  return exited;
}

describe('the Node shell as a real process (tsx src/server.ts)', () => {
  const db = join(dir, 'piggycar.db');

  it('first start: migrations, a printed admin token, the testbed fabric; /healthz and /v1/fabrics/testbed answer', async () => {
    const { child, url, output } = await startProcess({ PORT: '0', PIGGYCAR_DB: db, PIGGYCAR_ADMIN_TOKEN: '' });
    const token = /\b(pc_[A-Za-z0-9_-]{43})\b/.exec(output())?.[1];
    expect(token, output()).toBeDefined();
    const health = await fetch(`${url}/healthz`);
    expect(health.status).toBe(200);
    const fabric = await fetch(`${url}/v1/fabrics/testbed`, { headers: { authorization: `Bearer ${token}` } });
    expect(fabric.status).toBe(200);
    const doc = (await fabric.json()) as { switches: unknown[]; servers: unknown[] };
    expect(doc.switches).toHaveLength(4);
    expect(doc.servers).toHaveLength(5);
    expect(await stop(child)).toBe(0);
  });

  it('second start on the same file: no new token, nothing reloaded; PIGGYCAR_ADMIN_TOKEN is honoured', async () => {
    const admin = 'pc_process_test_admin_token_0123456789abcdef';
    const { child, url, output } = await startProcess({ PORT: '0', PIGGYCAR_DB: db, PIGGYCAR_ADMIN_TOKEN: admin });
    expect(output()).not.toMatch(/created the admin token/);
    expect(output()).not.toMatch(/loaded the testbed/);
    const list = await fetch(`${url}/v1/fabrics`, { headers: { authorization: `Bearer ${admin}` } });
    expect(list.status).toBe(200);
    expect(((await list.json()) as { fabrics: { name: string }[] }).fabrics.map((f) => f.name)).toEqual(['testbed']);
    expect(await stop(child)).toBe(0);
  });
});

import { serve } from '@hono/node-server';
import { randomBytes as nodeRandomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { createApp } from '../api/app';
import type { AppDeps } from '../api/app-deps';
import { hashToken, newToken, toHex } from '../api/token-hash';
import { testbedFabric } from '../core/fabric/generators/testbed-fabric';
import { newGeneration, saveFabric } from '../db/fabric-store';
import { openSqliteDatabase, type SqliteHandle } from '../db/open-sqlite';
import { insertToken, listTokens } from '../db/token-store';
import { consumeJobs } from '../jobs/consume';
import type { JobDeps } from '../jobs/job';
import { enqueueCronJobs } from '../jobs/queue-cron';
import { SqliteJobQueue } from '../jobs/queue-sqlite';

/** The migrations folder of this checkout (the same one wrangler applies). */
export const DEFAULT_MIGRATIONS_DIR = fileURLToPath(new URL('../../migrations', import.meta.url));

/** How to run the Node shell; `src/server.ts` fills it from the environment. */
export interface ServerOptions {
  /** SQLite file; created with its folder when missing. */
  dbFile: string;
  /** TCP port; 0 picks a free one. Default 8787. */
  port?: number;
  /** Default 0.0.0.0. */
  hostname?: string;
  migrationsDir?: string;
  /** Bootstrap admin token (PIGGYCAR_ADMIN_TOKEN). Without it, the first start creates one and logs it once. */
  adminToken?: string;
  /** Load the paper's testbed fabric when the database is new. Default true. */
  loadTestbed?: boolean;
  /** How often due queue messages are delivered, ms. Default 250. */
  queuePollMs?: number;
  /** Period of the cron work (wrangler.toml's cron: every 5 minutes), ms. Default 300,000. */
  cronIntervalMs?: number;
  log?: (line: string) => void;
}

/** A running Node shell. */
export interface RunningServer {
  url: string;
  port: number;
  deps: AppDeps;
  queue: SqliteJobQueue;
  sqlite: SqliteHandle;
  /** The admin token created at this (first) start, if one was. */
  generatedAdminToken?: string;
  /** Delivers every queued message now, ignoring delays (tests). */
  drainQueue(): Promise<number>;
  close(): Promise<void>;
}

function randomBytes(n: number): Uint8Array {
  return new Uint8Array(nodeRandomBytes(n));
}

async function ensureAdminToken(
  handle: SqliteHandle,
  options: ServerOptions,
  log: (line: string) => void,
): Promise<{ hash?: string; generated?: string }> {
  if (options.adminToken !== undefined && options.adminToken !== '') return { hash: await hashToken(options.adminToken) };
  const existing = await listTokens(handle.db);
  if (existing.some((t) => t.role === 'admin')) return {};
  const token = newToken(randomBytes);
  await insertToken(
    handle.db,
    { id: `tok_${toHex(randomBytes(8))}`, name: 'bootstrap-admin', role: 'admin', fabric: null, switchName: null, createdAt: Date.now() },
    await hashToken(token),
  );
  log(`piggycar: created the admin token (shown only this once; only its hash is stored):\n  ${token}`);
  return { generated: token };
}

/**
 * Starts the Node shell: opens the SQLite file and applies migrations, ensures an admin token,
 * loads the testbed fabric into a new database, serves the app, and runs the durable queue
 * and the cron timer in-process.
 *
 * @example
 * const server = await startServer({ dbFile: './data/piggycar.db', port: 8787 });
 * await fetch(`${server.url}/healthz`);
 * await server.close();
 */
export async function startServer(options: ServerOptions): Promise<RunningServer> {
  const log = options.log ?? ((line: string) => console.log(line));
  const handle = openSqliteDatabase(options.dbFile, options.migrationsDir ?? DEFAULT_MIGRATIONS_DIR);
  const fresh = handle.applied.length > 0 && handle.applied[0].startsWith('0000_');
  const queue = new SqliteJobQueue(handle.db, { now: Date.now, randomBytes });
  const admin = await ensureAdminToken(handle, options, log);
  const deps: AppDeps = { db: handle.db, queue, now: Date.now, randomBytes, bootstrapAdminTokenHash: admin.hash };
  const jobDeps: JobDeps = { db: handle.db, queue, now: Date.now, randomBytes };

  if (fresh && options.loadTestbed !== false) {
    await saveFabric(handle.db, testbedFabric(), { now: Date.now(), generation: newGeneration(randomBytes) });
    log('piggycar: new database; loaded the testbed fabric (GET /v1/fabrics/testbed)');
  }

  const consume = (messages: Parameters<typeof consumeJobs>[0]) => consumeJobs(messages, jobDeps);
  let delivering = false;
  let dueAgain = false;
  function deliver(): void {
    if (delivering) {
      dueAgain = true;
      return;
    }
    delivering = true;
    dueAgain = false;
    void (async function deliverAll() {
      try {
        while ((await queue.deliverDue(consume)) > 0 || dueAgain) {
          // keep delivering while messages are due (or were sent meanwhile)
          dueAgain = false;
        }
      } catch (err) {
        console.error('piggycar: queue delivery failed', err);
      } finally {
        delivering = false;
      }
    })();
  }
  const queueTimer = setInterval(deliver, options.queuePollMs ?? 250);
  // A message due at once (e.g. a migration's wake-up) is delivered now, not at the next poll.
  const offDue = queue.onDue(() => setImmediate(deliver));
  const cronTimer = setInterval(function cron() {
    enqueueCronJobs(jobDeps).catch((err) => console.error('piggycar: cron failed', err));
  }, options.cronIntervalMs ?? 300_000);
  queueTimer.unref();
  cronTimer.unref();

  const app = createApp(deps);
  const hostname = options.hostname ?? '0.0.0.0';
  const { server, port } = await new Promise<{ server: ReturnType<typeof serve>; port: number }>(function listen(resolve, reject) {
    const s = serve({ fetch: app.fetch, port: options.port ?? 8787, hostname }, function listening(info: AddressInfo) {
      resolve({ server: s, port: info.port });
    });
    s.once('error', reject);
  });
  const shownHost = hostname === '0.0.0.0' ? 'localhost' : hostname;
  const url = `http://${shownHost}:${port}`;
  log(`piggycar: control plane listening on ${url} (database ${options.dbFile})`);

  return {
    url,
    port,
    deps,
    queue,
    sqlite: handle,
    generatedAdminToken: admin.generated,
    drainQueue: () => queue.drain(consume),
    close: async function close() {
      clearInterval(queueTimer);
      offDue();
      clearInterval(cronTimer);
      await new Promise<void>((resolve) => server.close(() => resolve()));
      handle.close();
    },
  };
}

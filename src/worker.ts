/**
 * The Cloudflare Workers shell: `fetch` serves the app, `queue` runs the job consumer (and files
 * dead letters), `scheduled` runs the cron work. Bindings (wrangler.toml): D1 `DB`, queue producer
 * `JOBS` (+ `JOBS_DLQ`), secret `PIGGYCAR_ADMIN_TOKEN`. Only this file touches `env`.
 */
import type { D1Database, ExportedHandler, MessageBatch, Queue, Response as CfResponse } from '@cloudflare/workers-types';
import type { OpenAPIHono } from '@hono/zod-openapi';
import { drizzle } from 'drizzle-orm/d1';
import { createApp } from './api/app';
import type { AppDeps } from './api/app-deps';
import type { AppEnv } from './api/app-env';
import { hashToken } from './api/token-hash';
import type { AppDatabase } from './db/database';
import * as schema from './db/schema';
import { deadLetterJobs } from './db/schema/queue';
import { consumeJobs, type DeliveredMessage } from './jobs/consume';
import type { Job, JobDeps } from './jobs/job';
import type { JobQueue } from './jobs/queue';
import { enqueueCronJobs } from './jobs/queue-cron';

/** The Worker's bindings. */
export interface Env {
  DB: D1Database;
  JOBS: Queue<Job>;
  /** Producer for the dead-letter queue (replays and tests). */
  JOBS_DLQ?: Queue<unknown>;
  /** Secret (`wrangler secret put PIGGYCAR_ADMIN_TOKEN`; `.dev.vars` under wrangler dev). */
  PIGGYCAR_ADMIN_TOKEN?: string;
}

/** Name suffix of the dead-letter queue (wrangler.toml: piggycar-jobs-dlq). */
const DLQ_SUFFIX = '-dlq';

interface Shell {
  app: OpenAPIHono<AppEnv>;
  jobDeps: JobDeps;
}

const shells = new WeakMap<Env, Promise<Shell>>();

function randomBytes(n: number): Uint8Array {
  return crypto.getRandomValues(new Uint8Array(n));
}

function queueFor(env: Env): JobQueue {
  return {
    async send(job, options) {
      await env.JOBS.send(job, options?.delaySeconds !== undefined ? { delaySeconds: options.delaySeconds } : undefined);
    },
  };
}

async function buildShell(env: Env): Promise<Shell> {
  const db = drizzle(env.DB, { schema }) as unknown as AppDatabase;
  const queue = queueFor(env);
  const token = env.PIGGYCAR_ADMIN_TOKEN;
  const deps: AppDeps = {
    db,
    queue,
    now: Date.now,
    randomBytes,
    bootstrapAdminTokenHash: token !== undefined && token !== '' ? await hashToken(token) : undefined,
  };
  return { app: createApp(deps), jobDeps: { db, queue, now: Date.now, randomBytes } };
}

/**
 * The app and job dependencies for an `env`, built once per isolate.
 *
 * @example
 * const { app } = await shellFor(env);
 */
export function shellFor(env: Env): Promise<Shell> {
  let shell = shells.get(env);
  if (shell === undefined) {
    shell = buildShell(env);
    shells.set(env, shell);
  }
  return shell;
}

async function fileDeadLetters(batch: MessageBatch<unknown>, jobDeps: JobDeps): Promise<void> {
  for (const message of batch.messages) {
    await jobDeps.db
      .insert(deadLetterJobs)
      .values({
        id: message.id,
        body: JSON.stringify(message.body),
        attempts: message.attempts,
        error: null,
        failedAt: jobDeps.now(),
      })
      .onConflictDoNothing();
    message.ack();
  }
}

export default {
  async fetch(request, env, ctx) {
    const { app } = await shellFor(env);
    // Hono takes the standard Request; workers-types' Request/Response are the same objects at run time.
    return (await app.fetch(request as unknown as Request, env, ctx)) as unknown as CfResponse;
  },

  async queue(batch, env) {
    const { jobDeps } = await shellFor(env);
    if (batch.queue.endsWith(DLQ_SUFFIX)) {
      await fileDeadLetters(batch as MessageBatch<unknown>, jobDeps);
      return;
    }
    await consumeJobs(batch.messages as readonly DeliveredMessage[], jobDeps);
  },

  async scheduled(_controller, env, ctx) {
    const { jobDeps } = await shellFor(env);
    ctx.waitUntil(enqueueCronJobs(jobDeps));
  },
} satisfies ExportedHandler<Env, Job>;

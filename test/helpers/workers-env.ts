import type { D1Migration } from 'cloudflare:test';
import type { D1Database, Queue } from '@cloudflare/workers-types';

/** The bindings the workers test pool provides (wrangler.toml's, plus the migrations list). */
export interface WorkersTestEnv {
  DB: D1Database;
  JOBS: Queue<unknown>;
  JOBS_DLQ: Queue<unknown>;
  TEST_MIGRATIONS: D1Migration[];
  PIGGYCAR_ADMIN_TOKEN?: string;
}

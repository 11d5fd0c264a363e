import { applyD1Migrations, env } from 'cloudflare:test';
import type { WorkersTestEnv } from './workers-env';

// Runs in workerd before every workers test file: the same migrations/ folder wrangler applies.
const testEnv = env as unknown as WorkersTestEnv;
await applyD1Migrations(testEnv.DB, testEnv.TEST_MIGRATIONS);

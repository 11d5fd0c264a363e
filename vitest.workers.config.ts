import { defineWorkersConfig, readD1Migrations } from '@cloudflare/vitest-pool-workers/config';
import { fileURLToPath } from 'node:url';

/**
 * Workers-side suites (`*.workers.test.ts`) in real workerd via @cloudflare/vitest-pool-workers:
 * D1, Queues and the cron trigger from wrangler.toml, migrations/ applied in the setup file.
 */
export default defineWorkersConfig(async () => {
  const migrations = await readD1Migrations(fileURLToPath(new URL('./migrations', import.meta.url)));
  return {
    test: {
      include: ['test/**/*.workers.test.ts'],
      setupFiles: ['./test/helpers/workers-setup.ts'],
      testTimeout: 60_000,
      hookTimeout: 60_000,
      poolOptions: {
        workers: {
          main: './src/worker.ts',
          singleWorker: true,
          // Queue consumers and shared state across tests of a file: per-test storage isolation off.
          isolatedStorage: false,
          wrangler: { configPath: './wrangler.toml' },
          miniflare: {
            bindings: { TEST_MIGRATIONS: migrations, PIGGYCAR_ADMIN_TOKEN: 'pc_workers_test_admin_token' },
          },
        },
      },
    },
  };
});

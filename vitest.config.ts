import { defineConfig } from 'vitest/config';

/** Node-side suites: pure core, both database drivers on Node, processes, gRPC, UDP. */
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    exclude: ['test/**/*.workers.test.ts', 'node_modules/**'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
  },
});

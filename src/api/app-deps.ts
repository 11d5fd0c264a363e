import type { AppDatabase } from '../db/database';
import type { JobQueue } from '../jobs/queue';

/**
 * Everything the app needs from its runtime, passed in by a shell (src/worker.ts, src/server.ts)
 * or a test harness. Nothing below the shells reads process.env or Worker globals.
 *
 * @example
 * const app = createApp({ db, queue, now: Date.now, randomBytes: (n) => crypto.getRandomValues(new Uint8Array(n)) });
 */
export interface AppDeps {
  db: AppDatabase;
  queue: JobQueue;
  /** ms since epoch. */
  now: () => number;
  /** Cryptographic random bytes. */
  randomBytes: (n: number) => Uint8Array;
  /** SHA-256 (lowercase hex) of the bootstrap admin token, if any (`hashToken`). */
  bootstrapAdminTokenHash?: string;
}

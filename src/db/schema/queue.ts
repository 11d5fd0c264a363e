import { index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';

/**
 * The Node shell's durable in-process queue: one row per message not yet acknowledged.
 * (On Workers, Cloudflare Queues holds these; the table stays empty.)
 *
 * @example
 * await db.select().from(queueMessages).where(lte(queueMessages.availableAt, now));
 */
export const queueMessages = sqliteTable(
  'queue_messages',
  {
    id: text('id').primaryKey(),
    /** JSON of the Job. */
    body: text('body').notNull(),
    /** Deliveries so far. */
    attempts: integer('attempts').notNull(),
    /** Not delivered before this time (ms since epoch): delaySeconds and retry backoff. */
    availableAt: integer('available_at').notNull(),
    createdAt: integer('created_at').notNull(),
  },
  (t) => [index('queue_messages_available').on(t.availableAt)],
);

/**
 * Jobs that failed every retry, on both shells (the Worker consumes its dead-letter queue into
 * this table too), kept for inspection.
 *
 * @example
 * await db.select().from(deadLetterJobs);
 */
export const deadLetterJobs = sqliteTable('dead_letter_jobs', {
  id: text('id').primaryKey(),
  body: text('body').notNull(),
  attempts: integer('attempts').notNull(),
  /** The last error message, when known. */
  error: text('error'),
  failedAt: integer('failed_at').notNull(),
});

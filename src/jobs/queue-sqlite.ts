import { asc, eq, lte } from 'drizzle-orm';
import { atomic, type AppDatabase } from '../db/database';
import { deadLetterJobs, queueMessages } from '../db/schema/queue';
import { MAX_RETRIES, type DeliveredMessage } from './consume';
import type { Job } from './job';
import type { JobQueue } from './queue';

/** Messages handed to the consumer at once (Cloudflare's default max_batch_size is 10). */
const BATCH_SIZE = 10;

/** What the Node queue needs besides the database. */
export interface SqliteQueueOptions {
  now: () => number;
  randomBytes: (n: number) => Uint8Array;
  maxRetries?: number;
}

type Outcome = { kind: 'ack' } | { kind: 'retry'; delaySeconds: number };

/**
 * The Node shell's queue with Cloudflare Queues' semantics, kept in SQLite so nothing is lost
 * on restart: `send` honours `delaySeconds`; a delivery that is neither acked nor retried is
 * retried; after `maxRetries` retries a message moves to `dead_letter_jobs`.
 *
 * @example
 * const queue = new SqliteJobQueue(db, { now: Date.now, randomBytes });
 * await queue.send({ type: 'rotate', fabric: 'testbed', at: Date.now() });
 * await queue.deliverDue((messages) => consumeJobs(messages, deps));
 */
export class SqliteJobQueue implements JobQueue {
  private readonly maxRetries: number;

  constructor(
    private readonly db: AppDatabase,
    private readonly options: SqliteQueueOptions,
  ) {
    this.maxRetries = options.maxRetries ?? MAX_RETRIES;
  }

  private readonly dueListeners = new Set<() => void>();

  async send(job: Job, options?: { delaySeconds?: number }): Promise<void> {
    const now = this.options.now();
    const delayMs = Math.max(0, options?.delaySeconds ?? 0) * 1000;
    await this.db.insert(queueMessages).values({
      id: newMessageId(this.options.randomBytes),
      body: JSON.stringify(job),
      attempts: 0,
      availableAt: now + delayMs,
      createdAt: now,
    });
    if (delayMs === 0) for (const listener of [...this.dueListeners]) listener();
  }

  /**
   * Calls `listener` after every send of a message that is due at once, so the shell can deliver it now instead
   * of at its next poll (a migration's wake-up must not wait a poll interval). Returns the unsubscribe function.
   *
   * @example
   * queue.onDue(() => deliverSoon());
   */
  onDue(listener: () => void): () => void {
    this.dueListeners.add(listener);
    return () => this.dueListeners.delete(listener);
  }

  /**
   * Delivers the messages that are due (or all, with `ignoreDelays`) in batches to `consume`,
   * then records each outcome. Returns how many messages were delivered.
   *
   * @example
   * const n = await queue.deliverDue(consume);
   */
  async deliverDue(
    consume: (messages: DeliveredMessage[]) => Promise<void>,
    options: { ignoreDelays?: boolean } = {},
  ): Promise<number> {
    const now = this.options.now();
    const rows = await this.db
      .select()
      .from(queueMessages)
      .where(options.ignoreDelays ? undefined : lte(queueMessages.availableAt, now))
      .orderBy(asc(queueMessages.availableAt), asc(queueMessages.createdAt))
      .limit(BATCH_SIZE);
    if (rows.length === 0) return 0;
    const outcomes = new Map<string, Outcome>();
    const errors = new Map<string, string>();
    const messages: DeliveredMessage[] = rows.map(function toMessage(row) {
      return {
        id: row.id,
        body: safeParse(row.body),
        attempts: row.attempts + 1,
        ack() {
          outcomes.set(row.id, { kind: 'ack' });
        },
        retry(retryOptions?: { delaySeconds?: number }) {
          outcomes.set(row.id, { kind: 'retry', delaySeconds: retryOptions?.delaySeconds ?? 0 });
        },
        noteError(reason: string) {
          errors.set(row.id, reason);
        },
      };
    });
    try {
      await consume(messages);
    } catch (err) {
      // Like Cloudflare: a consumer that throws retries every message it did not settle.
      for (const row of rows) if (!errors.has(row.id)) errors.set(row.id, err instanceof Error ? err.message : String(err));
    }
    for (const row of rows) {
      const outcome = outcomes.get(row.id) ?? { kind: 'retry', delaySeconds: 0 };
      await this.settle(row, outcome, errors.get(row.id));
    }
    return rows.length;
  }

  /**
   * Delivers until the queue is empty, ignoring delays and backoff (tests, shutdown). Stops after
   * `maxRounds` batches so a consumer that keeps enqueueing cannot spin forever.
   *
   * @example
   * await queue.drain(consume);
   */
  async drain(consume: (messages: DeliveredMessage[]) => Promise<void>, maxRounds = 1000): Promise<number> {
    let total = 0;
    for (let round = 0; round < maxRounds; round++) {
      const n = await this.deliverDue(consume, { ignoreDelays: true });
      if (n === 0) break;
      total += n;
    }
    return total;
  }

  /** Messages waiting (due or delayed). */
  async size(): Promise<number> {
    const rows = await this.db.select({ id: queueMessages.id }).from(queueMessages);
    return rows.length;
  }

  private async settle(row: typeof queueMessages.$inferSelect, outcome: Outcome, error: string | undefined): Promise<void> {
    const attempts = row.attempts + 1;
    if (outcome.kind === 'ack') {
      await this.db.delete(queueMessages).where(eq(queueMessages.id, row.id));
      return;
    }
    if (attempts > this.maxRetries) {
      await atomic(this.db, [
        this.db
          .insert(deadLetterJobs)
          .values({ id: row.id, body: row.body, attempts, error: error ?? null, failedAt: this.options.now() }),
        this.db.delete(queueMessages).where(eq(queueMessages.id, row.id)),
      ]);
      return;
    }
    await this.db
      .update(queueMessages)
      .set({ attempts, availableAt: this.options.now() + outcome.delaySeconds * 1000 })
      .where(eq(queueMessages.id, row.id));
  }
}

function safeParse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

function newMessageId(randomBytes: (n: number) => Uint8Array): string {
  let out = 'msg_';
  for (const b of randomBytes(10)) out += b.toString(16).padStart(2, '0');
  return out;
}

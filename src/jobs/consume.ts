import { parseJob, type Job, type JobDeps, type JobHandler } from './job';
import { jobHandlers } from './handlers';

/**
 * Deliveries after the first before a message goes to the dead-letter queue. wrangler.toml's
 * `max_retries` must say the same (a test checks it).
 */
export const MAX_RETRIES = 5;

/**
 * A delivered message, as Cloudflare Queues hands it to a consumer (the Node queue builds the same).
 * `attempts` starts at 1.
 */
export interface DeliveredMessage {
  readonly id: string;
  readonly body: unknown;
  readonly attempts: number;
  ack(): void;
  retry(options?: { delaySeconds?: number }): void;
  /** Optional: remembers why the last delivery failed (the Node queue keeps it in the dead-letter row). */
  noteError?(reason: string): void;
}

/**
 * Exponential backoff for a failed delivery: 5 s, 10 s, 20 s, ... capped at 5 minutes.
 *
 * @example
 * retryDelaySeconds(1); // 5
 */
export function retryDelaySeconds(attempts: number): number {
  return Math.min(300, 5 * 2 ** Math.max(0, attempts - 1));
}

/** Registry lookup with the job's own type (the registry is keyed by job type). */
function handlerFor(
  handlers: typeof jobHandlers,
  job: Job,
): JobHandler<Job> | undefined {
  return handlers[job.type] as JobHandler<Job> | undefined;
}

/**
 * The one consumer both shells run: for each message, parse it as a Job, run its handler, then
 * ack (success, or no handler registered) or retry with backoff (handler threw, or the body is not
 * a Job). The queue dead-letters a message after `MAX_RETRIES` retries.
 *
 * @example
 * await consumeJobs(batch.messages, deps); // in the Worker's queue() handler
 */
export async function consumeJobs(
  messages: readonly DeliveredMessage[],
  deps: JobDeps,
  handlers: typeof jobHandlers = jobHandlers,
): Promise<void> {
  for (const message of messages) {
    const job = parseJob(message.body);
    if (typeof job === 'string') {
      console.error(`queue: message ${message.id} is not a job (${job}); retrying, then dead-letter`);
      message.noteError?.(job);
      message.retry({ delaySeconds: retryDelaySeconds(message.attempts) });
      continue;
    }
    const handler = handlerFor(handlers, job);
    if (handler === undefined) {
      console.warn(`queue: no handler for job type ${job.type}; acknowledged`);
      message.ack();
      continue;
    }
    try {
      await handler(job, deps);
      message.ack();
    } catch (err) {
      console.error(`queue: job ${job.type} (${message.id}, attempt ${message.attempts}) failed:`, err);
      message.noteError?.(err instanceof Error ? err.message : String(err));
      message.retry({ delaySeconds: retryDelaySeconds(message.attempts) });
    }
  }
}
